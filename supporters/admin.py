from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from genk_village.admin_base import CityScopedAdmin, CityScopedInline, ReadOnlyAdmin, service_action
from genk_village.admin_site import place

from . import services
from .models import AwardedBadge, Badge, GroupMembership, Notification, Supporter


class MembershipInline(CityScopedInline, admin.TabularInline):
    model = GroupMembership
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member"]


class AwardedBadgeInline(CityScopedInline, admin.TabularInline):
    model = AwardedBadge
    extra = 0
    fields = ["badge", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Supporter)
class SupporterAdmin(CityScopedAdmin):
    list_display = ["display_name", "kind", "user", "has_car", "approved_at", "created_at"]
    list_select_related = ["user"]
    list_filter = ["kind", "has_car", "approved_at", "districts", "languages"]
    search_fields = ["display_name", "user__email"]
    autocomplete_fields = ["user", "districts", "languages"]
    readonly_fields = ["approved_at"]
    inlines = [MembershipInline, AwardedBadgeInline]
    actions = ["approve", "export_csv", "export_xlsx"]
    export_fields = (
        "display_name",
        "kind",
        "user",
        "categories",
        "has_car",
        "approved_at",
        "created_at",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("city")
        return fields

    approve = service_action(
        _("Approve the selected supporters"),
        ngettext_lazy("%(count)d supporter approved.", "%(count)d supporters approved.", "count"),
        services.supporter_approve,
        "supporter",
    )


@admin.register(Badge)
class BadgeAdmin(CityScopedAdmin):
    """Badges are shared by every city; coordinators manage their wording."""

    list_display = ["name", "code", "description"]
    search_fields = ["name", "code"]
    actions = []

    def get_queryset(self, request):
        return Badge.objects.all()


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    actions = []
    city_path = "user__city"
    list_display = ["created_at", "user", "kind", "title", "emailed_at", "read_at"]
    list_select_related = ["user"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "key", "user__email"]


place("community", Supporter, Badge, Notification)
