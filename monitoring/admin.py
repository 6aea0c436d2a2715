from django.contrib import admin

from genk_village.admin_base import CityScopedAdmin

from .models import IndicatorSnapshot


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(CityScopedAdmin):
    """Snapshots are written by the nightly job; coordinators read and export them."""

    list_display = ["day", "code", "district", "value", "numerator", "denominator"]
    list_select_related = ["district"]
    list_filter = ["code", "district", "day"]
    date_hierarchy = "day"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
