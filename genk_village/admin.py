from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import privacy
from .admin_base import CityScopedAdmin, ReadOnlyAdmin, privacy_actions
from .admin_site import is_coordinator, place
from .models import AuditEntry, City, District, Language, Region, Role, User
from .permissions import STAFF_ROLES, holds_staff_role


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Tenancy and reference data: only technical administrators (superusers) change it."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser or is_coordinator(request.user)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Region)
class RegionAdmin(SuperuserOnlyAdmin):
    """Which cities' figures are seen together; who sees them is set on the person (their region)."""

    search_fields = ["name"]

    def get_list_display(self, request):
        # a coordinator sees their own city's region by name: its other cities are not theirs to see
        return ["name", "city_list"] if request.user.is_superuser else ["name"]

    @admin.display(description=_("cities"))
    def city_list(self, region: Region) -> str:
        return ", ".join(city.name for city in region.cities.all())

    def get_queryset(self, request):
        regions = super().get_queryset(request)
        if request.user.is_superuser:
            return regions.prefetch_related("cities")
        return regions.visible_to(request.user)


@admin.register(City)
class CityAdmin(SuperuserOnlyAdmin):
    """Superusers keep the cities; a coordinator sets their own city's switches, nothing else."""

    list_display = ["name", "slug", "region", "supporters_need_approval"]
    list_select_related = ["region"]
    search_fields = ["name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(pk=request.user.city_id)

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser or is_coordinator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser or is_coordinator(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["name", "slug", "region"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name"]} if request.user.is_superuser else {}


@admin.register(Language)
class LanguageAdmin(SuperuserOnlyAdmin):
    """Every language picker finds one by its own, Dutch or English name ("Türkçe", "Turks", "Turkish")."""

    list_display = ["name", "name_nl", "name_en", "code"]
    search_fields = ["name", "name_nl", "name_en", "code"]


@admin.register(District)
class DistrictAdmin(CityScopedAdmin):
    list_display = ["name", "city"]
    list_select_related = ["city"]
    search_fields = ["name"]
    actions = []


class CoordinatorUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class CoordinatorUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(CityScopedAdmin, DjangoUserAdmin):
    """People and their roles; a coordinator manages the accounts of their own city."""

    form = CoordinatorUserChangeForm
    add_form = CoordinatorUserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "city",
        "role_list",
        "is_active",
        "last_login",
    ]
    list_select_related = ["city"]
    list_filter = [
        "is_coordinator",
        "is_coach",
        "is_supporter",
        "is_steering",
        "is_referrer",
        "is_captain",
        "is_active",
        "city",
    ]
    search_fields = ["email", "first_name", "last_name", "organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "organisation", "language", "city"]}),
        (
            _("Roles"),
            {
                "fields": [
                    "is_coordinator",
                    "is_coach",
                    "is_supporter",
                    "is_steering",
                    "is_referrer",
                    "is_captain",
                    "region",
                ]
            },
        ),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "organisation", "city"]}),
        (
            _("Roles"),
            {
                "fields": [
                    "is_coordinator",
                    "is_coach",
                    "is_supporter",
                    "is_steering",
                    "is_referrer",
                    "is_captain",
                ]
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []
    actions = ["export_file", "erase"]

    export_file, erase = privacy_actions(
        export_label=_("Export everything held about this person (ZIP)"),
        collect=privacy.person_file,
        name_of=lambda u: f"person-{u.pk}",
        erase=lambda u, actor: privacy.user_anonymise(user=u, actor=actor),
        success=ngettext_lazy("%(count)d account anonymised.", "%(count)d accounts anonymised.", "count"),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "city", "region", *(f"is_{role}" for role in STAFF_ROLES)]
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        """Coordinators manage coaches, supporters and referrers; staff accounts are the superusers'."""
        if obj is not None and holds_staff_role(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and holds_staff_role(obj) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("roles"))
    def role_list(self, user: User) -> str:
        return ", ".join(str(Role(role).label) for role in user.roles)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail: read-only, newest first, filterable by action and by record."""

    list_display = ["created_at", "actor", "action", "record", "field_list"]
    list_select_related = ["actor", "target_type"]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["actor__email", "action", "=target_id"]
    date_hierarchy = "created_at"
    actions = []

    def get_queryset(self, request):
        return AuditEntry.objects.visible_to(request.user).select_related("actor", "target_type")

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # The "audit trail" link on a family file filters on one record.
        return lookup in {"target_id", "target_type__model"} or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("record"))
    def record(self, entry: AuditEntry) -> str:
        model = entry.target_type.model_class()
        label = f"{entry.target_type.name} #{entry.target_id}"
        if model is None or not admin.site.is_registered(model):
            return label
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[entry.target_id]
        )
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("fields"))
    def field_list(self, entry: AuditEntry) -> str:
        return ", ".join(entry.fields)


admin.site.unregister(EmailAddress)
# Roles are flags on the user and permissions live in code; Django groups are not used.
admin.site.unregister(Group)
# API tokens and authenticator secrets belong to their owners; nobody browses them.
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class CityEmailAddressAdmin(CityScopedAdmin, EmailAddressAdmin):
    """allauth's e-mail addresses, for coordinators of the person's city (e.g. to mark one verified)."""

    city_path = "user__city"
    list_select_related = ["user"]
    actions = ["make_verified"]


place("accounts", User, EmailAddress, City, District, Language)
place("monitoring", AuditEntry)
