from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from genk_village import privacy
from genk_village.admin_base import CityScopedAdmin, CityScopedInline, service_action
from genk_village.audit import audit

from . import services
from .models import (
    Child,
    ConsentRecord,
    DeprivationCheck,
    Family,
    Goal,
    Guardian,
    KindEnGezinAssessment,
    Offer,
)


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
    model = ConsentRecord
    extra = 0
    fields = ["purpose", "given_on", "withdrawn_on", "recorded_by"]
    readonly_fields = ["recorded_by"]


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
    model = Goal
    extra = 0
    fields = ["domain", "description", "next_step", "status", "reached_on"]


class OfferInline(CityScopedInline, admin.TabularInline):
    model = Offer
    extra = 0
    fields = ["title", "exchange_mode", "status"]


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

    def clean(self):
        """Household languages are special-category data: refuse them without a consent to match on them."""
        cleaned = super().clean()
        if cleaned.get("household_languages") and not self._has_language_consent():
            self.add_error(
                "household_languages",
                _(
                    "Record the family's consent to use its languages for "
                    "matching (a consent record with that purpose) first."
                ),
            )
        return cleaned

    def _has_language_consent(self) -> bool:
        if self.instance.pk and ConsentRecord.Purpose.LANGUAGE in services.active_consents(self.instance):
            return True
        # A consent added in the same submission, on the consent records inline.
        total = int(self.data.get("consents-TOTAL_FORMS", 0) or 0)
        return any(
            self.data.get(f"consents-{i}-purpose") == ConsentRecord.Purpose.LANGUAGE
            and self.data.get(f"consents-{i}-given_on")
            and not self.data.get(f"consents-{i}-DELETE")
            for i in range(total)
        )


@admin.register(Family)
class FamilyAdmin(CityScopedAdmin):
    """A family's whole file on one page; status changes only through the actions, which check the rules."""

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
    autocomplete_fields = ["household_languages", "referred_by"]
    readonly_fields = [
        "reference",
        "status",
        "intake_on",
        "closed_on",
        "anonymised_at",
        "deprivation_summary",
        "audit_trail",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "family_name", "address", "district", "city"]}),
        (_("Referral"), {"fields": ["referral_source", "referred_by", "referral_note"]}),
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(children_total=Count("children", distinct=True))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("city")
        return fields

    def save_model(self, request, obj, form, change):
        if not obj.reference:
            obj.city_id = obj.city_id or request.user.city_id
            obj.reference = services.new_reference(obj.city)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """A consent added on the family's page says who recorded it, as on the consent records' page."""
        if formset.model is ConsentRecord:
            for consent in formset.save(commit=False):
                consent.recorded_by = consent.recorded_by or request.user
        super().save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a family file is a read of personal data: it goes into the audit trail."""
        family = self.get_object(request, object_id)
        if family is not None and request.method == "GET":
            audit(actor=request.user, action="families.family.viewed", target=family)
        return super().change_view(request, object_id, form_url, extra_context)

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
        _("Intake started for %(count)d families."),
        services.family_start_intake,
        "family",
    )

    start_matching = service_action(
        _("Intake complete: start matching"),
        _("%(count)d families are ready for matching."),
        services.family_start_matching,
        "family",
    )

    @admin.action(description=_("Export everything held about this family (ZIP)"))
    def export_file(self, request, queryset):
        return self.subject_access_response(
            request, queryset, privacy.family_file, lambda f: f"family-{f.reference}"
        )

    @admin.action(description=_("Erase personal data (anonymise)"))
    def erase(self, request, queryset):
        return self.confirm_then(
            request,
            queryset,
            "erase",
            lambda f: privacy.family_anonymise(family=f, actor=request.user),
            _("%(count)d family files anonymised."),
        )

    close_file = service_action(
        _("Close the file"), _("%(count)d files closed."), services.family_close, "family"
    )


class DeprivationCheckInline(CityScopedInline, admin.StackedInline):
    model = DeprivationCheck
    extra = 0
    readonly_fields = ["missing_count", "recorded_by"]


@admin.register(Child)
class ChildAdmin(CityScopedAdmin):
    city_path = "family__city"
    audited = True
    list_display = ["first_name", "family", "birth_date", "school"]
    list_select_related = ["family"]
    search_fields = ["first_name", "family__reference", "family__family_name"]
    autocomplete_fields = ["family"]
    inlines = [DeprivationCheckInline]

    def audit_target(self, obj):
        return obj.family if isinstance(obj, Child | DeprivationCheck) else obj

    def save_formset(self, request, form, formset, change):
        for check in formset.save(commit=False):
            check.recorded_by = check.recorded_by or request.user
        super().save_formset(request, form, formset, change)


@admin.register(Guardian)
class GuardianAdmin(CityScopedAdmin):
    city_path = "family__city"
    audited = True
    list_display = ["__str__", "family", "relation", "phone"]
    list_select_related = ["family"]
    search_fields = ["first_name", "last_name", "family__reference", "phone"]
    autocomplete_fields = ["family"]

    def audit_target(self, obj):
        return obj.family


@admin.register(DeprivationCheck)
class DeprivationCheckAdmin(CityScopedAdmin):
    city_path = "child__family__city"
    audited = True
    list_display = ["child", "family_reference", "checked_on", "missing_count", "deprived"]
    list_select_related = ["child__family"]
    list_filter = ["checked_on"]
    search_fields = ["child__first_name", "child__family__reference"]
    autocomplete_fields = ["child"]
    readonly_fields = ["missing_count", "recorded_by"]
    date_hierarchy = "checked_on"

    def audit_target(self, obj):
        return obj.child.family

    def save_model(self, request, obj, form, change):
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("family"), ordering="child__family__reference")
    def family_reference(self, check: DeprivationCheck) -> str:
        return check.child.family.reference

    @admin.display(description=_("deprived"), boolean=True)
    def deprived(self, check: DeprivationCheck) -> bool:
        return check.is_deprived


@admin.register(ConsentRecord)
class ConsentRecordAdmin(CityScopedAdmin):
    city_path = "family__city"
    audited = True
    list_display = ["family", "purpose", "given_on", "withdrawn_on", "recorded_by"]
    list_select_related = ["family", "recorded_by"]
    list_filter = ["purpose", "withdrawn_on"]
    search_fields = ["family__reference"]
    autocomplete_fields = ["family"]
    readonly_fields = ["recorded_by"]

    def audit_target(self, obj):
        return obj.family

    def save_model(self, request, obj, form, change):
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(Goal)
class GoalAdmin(CityScopedAdmin):
    city_path = "family__city"
    list_display = ["description", "family", "domain", "status", "next_step"]
    list_select_related = ["family"]
    list_filter = ["domain", "status"]
    search_fields = ["description", "family__reference"]
    autocomplete_fields = ["family"]


@admin.register(Offer)
class OfferAdmin(CityScopedAdmin):
    city_path = "family__city"
    list_display = ["title", "family", "exchange_mode", "status", "created_at"]
    list_select_related = ["family"]
    list_filter = ["exchange_mode", "status"]
    search_fields = ["title", "family__reference"]
    autocomplete_fields = ["family"]


@admin.register(KindEnGezinAssessment)
class KindEnGezinAssessmentAdmin(CityScopedAdmin):
    city_path = "family__city"
    audited = True
    list_display = ["family", "assessed_on", "criteria_met", "in_deprivation"]
    list_select_related = ["family"]
    search_fields = ["family__reference"]
    autocomplete_fields = ["family"]

    def audit_target(self, obj):
        return obj.family

    @admin.display(description=_("in deprivation"), boolean=True)
    def in_deprivation(self, assessment: KindEnGezinAssessment) -> bool:
        return assessment.in_deprivation
