"""The records of a family file, each with its own list: children, guardians, checks, consents, goals."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from genk_village.admin_base import (
    CityScopedAdmin,
    CityScopedInline,
    ServiceRefusalsAsFormErrors,
    service_action,
)

from .. import services
from ..models import (
    Child,
    ConsentRecord,
    DeprivationCheck,
    Goal,
    Guardian,
    KindEnGezinAssessment,
)
from .helpers import goal_save, missing_items, save_new_rows


class DeprivationCheckInline(CityScopedInline, admin.StackedInline):
    """New checks are recorded here (deprivation_check_record); a recorded check is read-only."""

    model = DeprivationCheck
    extra = 0
    can_delete = False
    readonly_fields = ["missing_count", "recorded_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Child)
class ChildAdmin(ServiceRefusalsAsFormErrors, CityScopedAdmin):
    city_path = "family__city"
    audited = True
    list_display = ["first_name", "family", "birth_date", "school"]
    list_select_related = ["family"]
    search_fields = ["first_name", "family__reference", "family__family_name"]
    autocomplete_fields = ["family"]
    inlines = [DeprivationCheckInline]

    def get_queryset(self, request):
        # Each child is named with its family's reference (the autocomplete's rows among them).
        return super().get_queryset(request).select_related("family")

    def audit_target(self, obj):
        return obj.family if isinstance(obj, Child | DeprivationCheck) else obj

    def save_formset(self, request, form, formset, change):
        if formset.model is DeprivationCheck:
            save_new_rows(
                formset,
                lambda data: services.deprivation_check_record(
                    child=formset.instance,
                    checked_on=data["checked_on"],
                    missing=missing_items(data),
                    actor=request.user,
                ),
            )
            return
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
class DeprivationCheckAdmin(ServiceRefusalsAsFormErrors, CityScopedAdmin):
    """A check is recorded by deprivation_check_record (no dates in the future) and then read-only."""

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

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        check = services.deprivation_check_record(
            child=form.cleaned_data["child"],
            checked_on=form.cleaned_data["checked_on"],
            missing=missing_items(form.cleaned_data),
            actor=request.user,
        )
        obj.pk = check.pk
        obj.refresh_from_db()

    @admin.display(description=_("family"), ordering="child__family__reference")
    def family_reference(self, check: DeprivationCheck) -> str:
        return check.child.family.reference

    @admin.display(description=_("deprived"), boolean=True)
    def deprived(self, check: DeprivationCheck) -> bool:
        return check.is_deprived


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ServiceRefusalsAsFormErrors, CityScopedAdmin):
    """A consent is recorded by consent_record and then read-only; it is withdrawn with the action,
    through consent_withdraw, which also removes what was kept on its ground (household languages)."""

    city_path = "family__city"
    audited = True
    list_display = ["family", "purpose", "given_on", "withdrawn_on", "recorded_by"]
    list_select_related = ["family", "recorded_by"]
    list_filter = ["purpose", "withdrawn_on"]
    search_fields = ["family__reference"]
    autocomplete_fields = ["family"]
    fields = ["family", "purpose", "given_on", "withdrawn_on", "recorded_by"]
    readonly_fields = ["withdrawn_on", "recorded_by"]
    actions = ["withdraw", "export_csv", "export_xlsx"]

    def audit_target(self, obj):
        return obj.family

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        consent = services.consent_record(
            family=form.cleaned_data["family"],
            purpose=form.cleaned_data["purpose"],
            given_on=form.cleaned_data["given_on"],
            actor=request.user,
        )
        obj.pk = consent.pk
        obj.refresh_from_db()

    withdraw = service_action(
        _("Withdraw consent"),
        ngettext_lazy("%(count)d consent withdrawn.", "%(count)d consents withdrawn.", "count"),
        services.consent_withdraw,
        "consent",
    )


@admin.register(Goal)
class GoalAdmin(ServiceRefusalsAsFormErrors, CityScopedAdmin):
    """A goal's status and next step are saved through goal_update, which sets the day it was reached."""

    city_path = "family__city"
    readonly_fields = ["reached_on"]
    list_display = ["description", "family", "domain", "status", "next_step"]
    list_select_related = ["family"]
    list_filter = ["domain", "status"]
    search_fields = ["description", "family__reference"]
    autocomplete_fields = ["family"]

    def save_model(self, request, obj, form, change):
        goal_save(obj, request.user)


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
