from django.contrib import admin

from genk_village.admin_base import ReadOnlyAdmin
from genk_village.admin_site import place

from .models import IndicatorSnapshot


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyAdmin):
    """Snapshots are written by the nightly job; coordinators read and export them."""

    list_display = ["day", "code", "district", "value", "numerator", "denominator"]
    list_select_related = ["district"]
    list_filter = ["code", "district", "day"]
    date_hierarchy = "day"


place("monitoring", IndicatorSnapshot)
