from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from genk_village.admin_base import CityScopedAdmin
from genk_village.admin_site import place

from .models import WEEKDAYS, Activity, Catalogue, Participation
from .tasks import refresh_activity_catalogues


class ActivityForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Activity
        fields = [
            "city", "name", "name_fr", "name_en", "name_tr", "name_ar", "kind", "organiser", "place",
            "postal_code", "district", "min_age", "max_age", "weekdays", "time", "season", "price",
            "price_note", "uitpas_reduced_rate", "url", "active",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["weekdays"] = list(self.instance.weekdays or "")

    def clean_weekdays(self) -> str:
        return "".join(sorted(self.cleaned_data["weekdays"]))


@admin.register(Activity)
class ActivityAdmin(CityScopedAdmin):
    """The city's offer: local partners are entered here; what the UiTdatabank brings is refreshed every
    night, so only whether it is in the offer can be changed."""

    form = ActivityForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "kind",
        "district",
        "min_age",
        "max_age",
        "price",
        "uitpas_reduced_rate",
        "source",
        "active",
    ]
    list_filter = ["kind", "source", "active", "uitpas_reduced_rate", "district"]
    search_fields = ["name", "name_fr", "name_en", "name_tr", "name_ar", "organiser", "place"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]
    export_fields = (
        "name",
        "kind",
        "organiser",
        "place",
        "district",
        "min_age",
        "max_age",
        "weekdays",
        "time",
        "price",
        "uitpas_reduced_rate",
        "source",
        "active",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("city")
        if obj is not None and obj.source == Activity.Source.UITDATABANK:
            fields += [
                f.name for f in Activity._meta.fields if f.editable and f.name not in {"active", "city"}
            ]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = Activity.Source.LOCAL
        super().save_model(request, obj, form, change)


@admin.register(Catalogue)
class CatalogueAdmin(CityScopedAdmin):
    list_display = ["city", "postal_codes", "refreshed_at", "last_error"]
    readonly_fields = ["refreshed_at", "last_error"]
    actions = ["refresh"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("city")
        return fields

    @admin.action(description=_("Refresh from the UiTdatabank now"))
    def refresh(self, request, queryset):
        refresh_activity_catalogues.delay()
        self.message_user(
            request,
            _("The refresh has started; the offer and its time of refresh change when it is done."),
            messages.SUCCESS,
        )


@admin.register(Participation)
class ParticipationAdmin(CityScopedAdmin):
    audited = True
    list_display = ["activity", "child", "status", "started_on", "confirmed_on", "stopped_on", "stop_reason"]
    list_filter = ["status", "stop_reason", "through_programme", "activity__kind"]
    list_select_related = ["activity", "child__family"]
    search_fields = ["activity__name", "child__family__reference"]
    autocomplete_fields = ["child", "activity", "goal"]
    readonly_fields = ["recorded_by"]
    export_fields = (
        "activity",
        "status",
        "through_programme",
        "started_on",
        "confirmed_on",
        "stopped_on",
        "stop_reason",
    )

    def audit_target(self, obj):
        return obj.child.family


place("community", Activity, Catalogue)
place("intake", Participation)
