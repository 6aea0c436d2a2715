"""The family file: one page with its children, guardians, consents, assessments, goals and offers."""

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from genk_village import casefile, privacy
from genk_village.admin_base import (
    CityScopedAdmin,
    CityScopedInline,
    ServiceRefusalsAsFormErrors,
    privacy_actions,
    service_action,
)

from .. import services
from ..models import (
    Child,
    ConsentRecord,
    DeprivationCheck,
    Family,
    Goal,
    Guardian,
    KindEnGezinAssessment,
    Offer,
)
from . import views
from .helpers import goal_save, save_new_rows


class ChildInline(CityScopedInline, admin.TabularInline):
    model = Child
    extra = 0
    show_change_link = True
    fields = ["first_name", "birth_date", "school"]


class GuardianInline(CityScopedInline, admin.TabularInline):
    model = Guardian
    extra = 0
    fields = ["first_name", "last_name", "relation", "phone", "email"]


class ConsentInline(CityScopedInline, admin.TabularInline):
    """New consents are added here (consent_record); a recorded one is read-only and is withdrawn with
    the consent records' action, which also removes what was kept on its ground."""

    model = ConsentRecord
    extra = 0
    can_delete = False
    fields = ["purpose", "given_on", "withdrawn_on", "recorded_by"]
    readonly_fields = ["withdrawn_on", "recorded_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class KindEnGezinInline(CityScopedInline, admin.TabularInline):
    model = KindEnGezinAssessment
    extra = 0
    fields = [
        "assessed_on",
        "low_income",
        "low_education",
        "weak_labour",
        "delayed_development",
        "poor_housing",
        "poor_health",
        "criteria_met",
    ]
    readonly_fields = ["criteria_met"]


class GoalInline(CityScopedInline, admin.TabularInline):
    """A goal's status is saved through goal_update, which sets the day it was reached."""

    model = Goal
    extra = 0
    fields = ["domain", "description", "next_step", "status", "reached_on"]
    readonly_fields = ["reached_on"]


class OfferInline(CityScopedInline, admin.TabularInline):
    """The status moves only through the offers' actions: marking one given awards its points."""

    model = Offer
    extra = 0
    fields = ["title", "exchange_mode", "status"]
    readonly_fields = ["status"]


class FamilyForm(forms.ModelForm):
    class Meta:
        model = Family
        fields = [
            "family_name",
            "address",
            "district",
            "city",
            "referral_source",
            "referred_by",
            "referral_note",
            "household_languages",
            "plan_summary",
        ]
        # The city's two dozen languages as boxes: seen at a glance, and no select2 list for axe to fault.
        widgets = {"household_languages": forms.CheckboxSelectMultiple}


@admin.register(Family)
class FamilyAdmin(ServiceRefusalsAsFormErrors, CityScopedAdmin):
    """A family's whole file on one page; status changes only through the actions, which check the rules.
    A new family is registered (family_register), its household languages set (family_set_languages)
    and its new consents recorded (consent_record) by their services."""

    form = FamilyForm
    audited = True
    list_display = [
        "reference",
        "family_name",
        "district",
        "status",
        "referral_source",
        "children_count",
        "created_at",
    ]
    list_select_related = ["district"]
    list_filter = ["status", "referral_source", "district"]
    search_fields = ["reference", "family_name", "children__first_name", "guardians__last_name"]
    autocomplete_fields = ["referred_by"]
    readonly_fields = [
        "reference",
        "status",
        "referrer_label",  # the referrer's own note to recognise the family, theirs to correct
        "intake_on",
        "closed_on",
        "anonymised_at",
        "deprivation_summary",
        "audit_trail",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "family_name", "address", "district", "city"]}),
        (_("Referral"), {"fields": ["referral_source", "referred_by", "referrer_label", "referral_note"]}),
        (
            _("Intake"),
            {"fields": ["intake_on", "household_languages", "deprivation_summary", "plan_summary"]},
        ),
        (_("File"), {"fields": ["closed_on", "anonymised_at", "audit_trail"]}),
    ]
    inlines = [
        ChildInline,
        GuardianInline,
        ConsentInline,
        KindEnGezinInline,
        GoalInline,
        OfferInline,
    ]
    actions = [
        "start_intake",
        "start_matching",
        "close_file",
        "export_csv",
        "export_xlsx",
        "export_file",
        "erase",
    ]
    export_fields = (
        "reference",
        "family_name",
        "address",
        "district",
        "status",
        "referral_source",
        "intake_on",
        "closed_on",
        "created_at",
    )

    def get_urls(self):
        def page(view, suffix):
            wrapped = self.admin_site.admin_view(lambda request, object_id: view(self, request, object_id))
            return path(f"<path:object_id>/{suffix}/", wrapped, name=f"families_family_{suffix}")

        return [
            page(views.intake_view, "intake"),
            page(views.step_view, "step"),
            page(views.close_view, "close"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The file's page is the case file: its state, the next steps and the timeline above the form."""
        family = self.get_object(request, object_id)
        if family is not None:
            extra_context = {
                **(extra_context or {}),
                "next_steps": [
                    {
                        "step": step,
                        "label": step.title(family),
                        "choices": step.choices(family) if step.choices else None,
                        "url": step.url(family) if step.url else None,
                    }
                    for step in casefile.steps_for(family)
                ],
                "timeline": casefile.timeline_for(family),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        # A subquery per listed family, not a join with GROUP BY: the list then reads its page along the
        # reference's index and counts the families alone (10,000 families: 77 ms of SQL -> a few ms).
        children = Child.objects.filter(family=OuterRef("pk")).order_by().values("family")
        total = Subquery(children.annotate(n=Count("pk")).values("n")[:1])
        return super().get_queryset(request).annotate(children_total=Coalesce(total, 0))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("city")
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        family = services.family_register(
            city=data.get("city") or request.user.city,
            district=data["district"],
            family_name=data["family_name"],
            address=data["address"],
            referral_source=data["referral_source"],
            referral_note=data["referral_note"],
            referred_by=data["referred_by"],
            plan_summary=data["plan_summary"],
            actor=request.user,
        )
        # The inlines hang on this very instance: it becomes the registered family.
        obj.pk = family.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """The inlines first, so that a language consent added in the same submission counts; then the
        household languages through family_set_languages, which refuses them without that consent."""
        languages = form.cleaned_data.pop("household_languages", None)  # not saved by save_m2m
        super().save_related(request, form, formsets, change)
        if languages is not None and "household_languages" in form.changed_data:
            services.family_set_languages(family=form.instance, languages=languages, actor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is ConsentRecord:
            save_new_rows(
                formset,
                lambda data: services.consent_record(
                    family=formset.instance,
                    purpose=data["purpose"],
                    given_on=data["given_on"],
                    actor=request.user,
                ),
            )
            return
        if formset.model is Goal:
            for goal in formset.save(commit=False):
                goal_save(goal, request.user)
            for goal in formset.deleted_objects:
                goal.delete()
            self.audit_formset(request, form, formset)
            return
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("children"), ordering="children_total")
    def children_count(self, family: Family) -> int:
        return family.children_total

    @admin.display(description=_("deprivation checks"))
    def deprivation_summary(self, family: Family) -> str:
        checks = DeprivationCheck.objects.filter(child__family=family).select_related("child")
        if not checks:
            return _("none yet")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} – {} {}</li>",
                (
                    (
                        check.child,
                        check.checked_on,
                        check.missing_count,
                        _("items missing (deprived)") if check.is_deprived else _("items missing"),
                    )
                    for check in checks
                ),
            ),
        )

    @admin.display(description=_("audit trail"))
    def audit_trail(self, family: Family) -> str:
        if not family.pk:
            return "-"
        url = (
            reverse("admin:genk_village_auditentry_changelist")
            + "?"
            + urlencode({"target_type__model": "family", "target_id": family.pk})
        )
        return format_html('<a href="{}">{}</a>', url, _("Who read and changed this file"))

    start_intake = service_action(
        _("Start the intake"),
        ngettext_lazy(
            "Intake started for %(count)d family.", "Intake started for %(count)d families.", "count"
        ),
        services.family_start_intake,
        "family",
    )

    start_matching = service_action(
        _("Intake complete: start matching"),
        ngettext_lazy(
            "%(count)d family is ready for matching.", "%(count)d families are ready for matching.", "count"
        ),
        services.family_start_matching,
        "family",
    )

    export_file, erase = privacy_actions(
        export_label=_("Export everything held about this family (ZIP)"),
        collect=privacy.family_file,
        name_of=lambda f: f"family-{f.reference}",
        erase=lambda f, actor: privacy.family_anonymise(family=f, actor=actor),
        success=ngettext_lazy(
            "%(count)d family file anonymised.", "%(count)d family files anonymised.", "count"
        ),
    )

    close_file = service_action(
        _("Close the file"),
        ngettext_lazy("%(count)d file closed.", "%(count)d files closed.", "count"),
        services.family_close,
        "family",
    )
