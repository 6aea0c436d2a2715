"""The coaches' back office: coaches, training, matches and their contacts, questions to the think tank;
the matching desk is in `desk`."""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from genk_village.admin_base import (
    CityScopedAdmin,
    CityScopedInline,
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceRefusalsAsFormErrors,
    service_action,
)
from genk_village.admin_site import place

from .. import services
from ..models import (
    COORDINATOR_KINDS,
    Attendance,
    Coach,
    ContactLog,
    HealthCheckIn,
    Match,
    SupportRequest,
    TrainingSession,
)
from ..photos import photo_reencode
from ..proposals import family_language
from ..support import SCALE, STATEMENTS

SCREENING_STEPS = ("interview_on", "criminal_record_extract_on", "references_checked")


def attendance_rows_save(formset, *, coach, actor) -> None:
    """Every new or changed attendance row through attendance_record; a recorded row keeps its session.
    The admin's change message and audit read the formset's object lists, set here."""
    new, changed = [], []
    for form in formset.forms:
        if not form.has_changed():
            continue
        data = form.cleaned_data
        stored = form.instance if form.instance.pk else None
        if stored is not None and data["session"].pk != stored.session_id:
            raise services.CoachError(
                _("A recorded attendance keeps its session; add a row for another session.")
            )
        attendance = services.attendance_record(
            session=data["session"], coach=coach, attended=data["attended"], actor=actor
        )
        if stored is None:
            new.append(attendance)
        else:
            changed.append((attendance, form.changed_data))
    formset.new_objects, formset.changed_objects, formset.deleted_objects = new, changed, []


class AttendanceInline(CityScopedInline, admin.TabularInline):
    """Saved through attendance_record (see CoachAdmin.save_formset); attendance is not deleted here."""

    model = Attendance
    extra = 0
    can_delete = False
    autocomplete_fields = ["session"]
    fields = ["session", "attended"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CoachForm(forms.ModelForm):
    """The coach's profile; an uploaded photo is re-encoded without metadata under a random name."""

    class Meta:
        model = Coach
        fields = ["photo"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):  # unchanged (the stored file) or cleared (False)
            return photo
        try:
            return photo_reencode(photo)
        except services.CoachError as error:
            raise forms.ValidationError(str(error)) from None


class MatchInline(CityScopedInline, admin.TabularInline):
    model = Match
    fk_name = "coach"
    extra = 0
    fields = ["family", "status", "started_on", "planned_end_on", "ended_on", "closure_reason"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Coach)
class CoachAdmin(ServiceRefusalsAsFormErrors, CityScopedAdmin):
    """A coach's profile, screening and training on one page. Screening steps are saved through
    coach_record_screening, attendance through attendance_record; the decisions are the actions."""

    form = CoachForm
    audited = True
    list_display = [
        "display_name",
        "user",
        "screening_status",
        "criminal_record_extract_on",
        "capacity",
        "active_matches",
        "partner_organisation",
    ]
    list_select_related = ["user"]
    list_filter = [
        "screening_status",
        "available_weekdays",
        "available_evenings",
        "available_weekends",
        "languages",
        "districts",
    ]
    search_fields = ["display_name", "user__email", "partner_organisation", "interests"]
    autocomplete_fields = ["user", "languages", "districts"]
    readonly_fields = ["screening_status", "screened_on", "active_matches"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "user",
                    "city",
                    "display_name",
                    "phone",
                    "photo",
                    "introduction",
                    "introduction_en",
                    "introduction_fr",
                    "introduction_tr",
                    "introduction_ar",
                    "motivation",
                    "interests",
                    "partner_organisation",
                ]
            },
        ),
        (
            _("Matching"),
            {
                "fields": [
                    "languages",
                    "home_district",
                    "districts",
                    "available_weekdays",
                    "available_evenings",
                    "available_weekends",
                    "capacity",
                    "active_matches",
                ]
            },
        ),
        (
            _("Screening"),
            {
                "fields": [
                    "screening_status",
                    "interview_on",
                    "criminal_record_extract_on",
                    "references_checked",
                    "screened_on",
                ]
            },
        ),
    ]
    inlines = [AttendanceInline, MatchInline]
    actions = ["approve_screening", "reject_screening", "export_csv", "export_xlsx"]
    export_fields = (
        "display_name",
        "user",
        "screening_status",
        "interview_on",
        "criminal_record_extract_on",
        "references_checked",
        "capacity",
        "active_matches",
        "partner_organisation",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("city")
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not obj.city_id:
            obj.city_id = request.user.city_id
        steps = {name: getattr(obj, name) for name in SCREENING_STEPS if name in form.changed_data}
        for name in steps:  # the profile is saved as it was screened; the steps go through the service
            setattr(obj, name, form.initial.get(name, form.fields[name].initial))
        super().save_model(request, obj, form, change)
        if steps:
            if any(value is None for value in steps.values()):
                raise services.CoachError(_("A recorded screening date cannot be removed."))
            services.coach_record_screening(coach=obj, actor=request.user, **steps)
        if not obj.user.is_coach:
            obj.user.is_coach = True
            obj.user.save(update_fields=["is_coach"])

    def save_formset(self, request, form, formset, change):
        if formset.model is Attendance:
            attendance_rows_save(formset, coach=form.instance, actor=request.user)
            self.audit_formset(request, form, formset)
            return
        super().save_formset(request, form, formset, change)

    approve_screening = service_action(
        _("Screening passed: approve"),
        ngettext_lazy("%(count)d coach approved.", "%(count)d coaches approved.", "count"),
        services.coach_approve_screening,
        "coach",
    )

    reject_screening = service_action(
        _("Screening not passed: reject"),
        ngettext_lazy("%(count)d coach rejected.", "%(count)d coaches rejected.", "count"),
        services.coach_reject_screening,
        "coach",
    )


@admin.register(TrainingSession)
class TrainingSessionAdmin(CityScopedAdmin):
    list_display = ["title", "kind", "starts_at", "location", "required"]
    list_filter = ["kind", "required"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"


@admin.register(Attendance)
class AttendanceAdmin(ServiceRefusalsAsFormErrors, CityScopedAdmin):
    """Attendance is recorded through attendance_record (same city, one row per coach and session)."""

    city_path = "coach__city"
    list_display = ["coach", "session", "attended"]
    list_select_related = ["coach", "session"]
    list_filter = ["attended", "session__kind"]
    search_fields = ["coach__display_name", "session__title"]
    autocomplete_fields = ["coach", "session"]

    def get_readonly_fields(self, request, obj=None):
        return ["coach", "session"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        attendance = services.attendance_record(
            session=obj.session, coach=obj.coach, attended=obj.attended, actor=request.user
        )
        obj.pk = attendance.pk
        obj.refresh_from_db()


class SupportFilter(admin.SimpleListFilter):
    """The work list's support lines: matches behind their contact rhythm, or whose health check-in is
    missing or whose score dropped (computed as the work list computes them)."""

    title = _("support")
    parameter_name = "support"

    def lookups(self, request, model_admin):
        return [
            ("behind", _("last contact moment missed")),
            ("health_missing", _("health check-in missing")),
            ("health_dropped", _("health score dropped")),
        ]

    def queryset(self, request, queryset):
        from ..worklist import matches_needing_support

        if self.value() not in {"behind", "health_missing", "health_dropped"}:
            return queryset
        found = matches_needing_support(queryset, timezone.localdate())[self.value()]
        return queryset.filter(pk__in=[pk for pk, _since in found])


class HealthCheckInInline(ReadOnlyInline, admin.TabularInline):
    """The match's health scores over time; recorded through health_check_in_record (the action)."""

    model = HealthCheckIn
    fields = ["answered_on", "respondent", "score", "language", "recorded_by"]
    readonly_fields = fields


class ContactLogInline(ReadOnlyInline, admin.TabularInline):
    """Read-only: contacts are logged by the match's coach through contact_log_record."""

    model = ContactLog
    fields = ["happened_on", "kind", "duration_minutes", "author"]
    readonly_fields = fields


class ProposalForm(forms.ModelForm):
    """Propose a coach to a family: the same rules as the service, shown as form errors."""

    class Meta:
        model = Match
        fields = ["family", "coach", "rank"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("family") and cleaned.get("coach"):
            try:
                services.match_validate_proposal(family=cleaned["family"], coach=cleaned["coach"])
            except services.CoachError as error:
                raise forms.ValidationError(str(error)) from None
        return cleaned


class MatchChangeForm(forms.ModelForm):
    class Meta:
        model = Match
        fields = ["rank"]


@admin.register(Match)
class MatchAdmin(CityScopedAdmin):
    """Matches follow their life through the actions: choice, start, decline and closure."""

    city_path = "family__city"
    list_display = [
        "family",
        "coach",
        "status",
        "rank",
        "started_on",
        "planned_end_on",
        "last_contact",
    ]
    list_select_related = ["family", "coach"]
    list_filter = ["status", "closure_kind", "closure_reason", SupportFilter]
    search_fields = ["family__reference", "coach__display_name"]
    autocomplete_fields = ["family", "coach"]
    readonly_fields = [
        "status",
        "chosen_by",
        "chosen_at",
        "coach_notified_at",
        "started_on",
        "planned_end_on",
        "ended_on",
        "closure_kind",
        "closure_conversation_on",
        "goodbye_on",
        "rematch_wanted",
        "rematch_proposed_at",
    ]
    inlines = [HealthCheckInInline, ContactLogInline]
    actions = [
        "record_choice",
        "undo_choice",
        "activate",
        "decline",
        "check_in",
        "family_health_check_in",
        "close",
        "goodbye",
        "export_csv",
        "export_xlsx",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_contact_on=Max("contacts__happened_on"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = MatchChangeForm if obj else ProposalForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["family", "coach", "rank"]
        return [
            "family",
            "coach",
            "status",
            "rank",
            "chosen_by",
            "chosen_at",
            "coach_notified_at",
            "started_on",
            "planned_end_on",
            "ended_on",
            "closure_kind",
            "closure_reason",
            "closure_conversation_on",
            "exit_note",
            "goodbye_on",
            "rematch_wanted",
            "rematch_proposed_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.readonly_fields, "family", "coach", "closure_reason", "exit_note"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        proposal = services.match_propose(
            family=obj.family, coach=obj.coach, rank=obj.rank, actor=request.user
        )
        obj.pk = proposal.pk

    @admin.display(description=_("last contact"), ordering="last_contact_on")
    def last_contact(self, match: Match):
        return match.last_contact_on

    record_choice = service_action(
        _("Record the family's choice"),
        ngettext_lazy("%(count)d choice recorded.", "%(count)d choices recorded.", "count"),
        services.match_record_choice,
        "match",
    )

    # A coordinator undoes a choice at any time before the coach answers; the family only within its window.
    undo_choice = service_action(
        _("Undo the family's choice (the shortlist is open again)"),
        ngettext_lazy("%(count)d choice undone.", "%(count)d choices undone.", "count"),
        functools.partial(services.match_choice_undo, window=None),
        "match",
    )

    activate = service_action(
        _("The coach accepts: start the match"),
        ngettext_lazy("%(count)d match started.", "%(count)d matches started.", "count"),
        services.match_activate,
        "match",
    )

    decline = service_action(
        _("The coach declines"),
        ngettext_lazy("%(count)d match declined.", "%(count)d matches declined.", "count"),
        services.match_decline,
        "match",
    )

    def _form_page(self, request, queryset, form, *, title: str, action: str, intro: str, **extra):
        """The intermediate page of an action that asks for more than a click (closure, check-ins)."""
        return TemplateResponse(
            request,
            "admin/coaches/match_action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "intro": intro,
                "action": action,
                "form": form,
                "matches": queryset.select_related("family", "coach"),
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                **extra,
            },
        )

    def _asked_action(self, request, queryset, form_class, service, done, **page):
        """An action that asks for more than a click: its form on an intermediate page, then `service` per
        match with the form's fields as its arguments."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._form_page(request, queryset, form, **page)
        self.apply_service(
            request, queryset, lambda m: service(match=m, actor=request.user, **form.cleaned_data), done
        )
        return None

    @admin.action(description=_("Close the match (planned or not, conversation, goodbye, new shortlist)"))
    def close(self, request, queryset):
        """An intermediate page asks how and why the match ends, then match_close runs per match."""
        return self._asked_action(
            request,
            queryset,
            MatchCloseForm,
            services.match_close,
            ngettext_lazy("%(count)d match closed.", "%(count)d matches closed.", "count"),
            title=_("Close matches"),
            action="close",
            submit=_("Close these matches"),
            intro=_(
                "These matches will be closed; each family returns to matching and each coach gets a place "
                "back. Record the closure conversation and the goodbye with the family; a family that wants "
                "a new coach gets a new shortlist once the pause after a closure is over."
            ),
        )

    @admin.action(description=_("Record the goodbye with the family"))
    def goodbye(self, request, queryset):
        return self._asked_action(
            request,
            queryset,
            GoodbyeForm,
            services.match_goodbye_record,
            ngettext_lazy("%(count)d goodbye recorded.", "%(count)d goodbyes recorded.", "count"),
            title=_("Record the goodbye"),
            action="goodbye",
            intro="",
        )

    @admin.action(description=_("Record a coordinator's check-in"))
    def check_in(self, request, queryset):
        return self._asked_action(
            request,
            queryset,
            CoordinatorCheckInForm,
            services.contact_log_record_check_in,
            ngettext_lazy("%(count)d check-in recorded.", "%(count)d check-ins recorded.", "count"),
            title=_("Record a coordinator's check-in"),
            action="check_in",
            intro="",
        )

    @admin.action(description=_("Record the family's health check-in"))
    def family_health_check_in(self, request, queryset):
        """One match at a time: the statements are shown in the family's language, to read them out."""
        if queryset.count() != 1:
            self.message_user(request, _("Choose one match for the family's check-in."), messages.WARNING)
            return None
        match = queryset.select_related("family").get()
        language = family_language(match.family)
        with translation.override(language):
            form = FamilyHealthForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self.apply_service(
                request,
                queryset,
                lambda m: services.health_check_in_record(
                    match=m,
                    actor=request.user,
                    respondent=HealthCheckIn.Respondent.FAMILY,
                    answers=form.answers(),
                    language=language,
                    answered_on=form.cleaned_data["answered_on"],
                ),
                ngettext_lazy("%(count)d check-in recorded.", "%(count)d check-ins recorded.", "count"),
            )
            return None
        return self._form_page(
            request,
            queryset,
            form,
            title=_("Record the family's health check-in"),
            action="family_health_check_in",
            intro=_("Read the statements to the family in their language and note each answer."),
            form_language=language,
        )


@admin.register(ContactLog)
class ContactLogAdmin(ReadOnlyAdmin):
    """Contacts are logged by their coach (contact_log_record); coordinators read and export them here,
    and every read is audited under the family."""

    city_path = "match__family__city"
    audited = True
    list_display = ["happened_on", "kind", "match", "duration_minutes", "author"]
    list_select_related = ["match__family", "match__coach", "author"]
    list_filter = ["kind", "happened_on"]
    search_fields = ["match__family__reference", "match__coach__display_name"]
    autocomplete_fields = ["match"]
    date_hierarchy = "happened_on"

    def audit_target(self, obj):
        return obj.match.family


@admin.register(SupportRequest)
class SupportRequestAdmin(CityScopedAdmin):
    """Questions to the think tank; a coordinator or expert writes the answer here."""

    city_path = "coach__city"
    list_display = ["question_start", "coach", "status", "created_at", "answered_at"]
    list_select_related = ["coach"]
    list_filter = ["status"]
    search_fields = ["question", "coach__display_name"]
    autocomplete_fields = ["coach"]
    readonly_fields = ["status", "answered_by", "answered_at"]

    @admin.display(description=_("question"))
    def question_start(self, request_: SupportRequest) -> str:
        return str(request_)

    def save_model(self, request, obj, form, change):
        answer = obj.answer
        if change and "answer" in form.changed_data and answer.strip():
            obj.answer = form.initial.get("answer", "")
            super().save_model(request, obj, form, change)
            services.support_request_answer(support_request=obj, answer=answer, actor=request.user)
            return
        super().save_model(request, obj, form, change)


class MatchCloseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Planned or not"),
        choices=Match.ClosureKind.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Left empty: planned for a planned end, unplanned for any other reason."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=Match.ClosureReason.choices)
    conversation_on = forms.DateField(
        label=_("Closure conversation on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    exit_note = forms.CharField(
        label=_("What was said in the closure conversation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    goodbye_on = forms.DateField(
        label=_("Goodbye with the family on"),
        help_text=_("Leave empty when the goodbye is still to come; record it later with its own action."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rematch = forms.BooleanField(
        label=_("The family wants a new coach: offer a new shortlist"), required=False
    )


class GoodbyeForm(forms.Form):
    goodbye_on = forms.DateField(
        label=_("Goodbye with the family on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class CoordinatorCheckInForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Check-in with"),
        choices=[(kind.value, kind.label) for kind in COORDINATOR_KINDS],
        widget=forms.RadioSelect,
    )
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class FamilyHealthForm(forms.Form):
    """The five statements, built with the family's language active so that the labels read in it."""

    answered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, statement in STATEMENTS:
            self.fields[key] = forms.TypedChoiceField(
                label=str(statement),
                choices=[(value, str(label)) for value, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[key] for key, _statement in STATEMENTS]


# The matching desk lives in its own module; importing it registers it.
from . import desk  # noqa: E402

place("matching", Coach, TrainingSession, Attendance, Match, ContactLog, SupportRequest, desk.WaitingFamily)
