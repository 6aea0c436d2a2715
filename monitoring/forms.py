import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from genk_village.models import District

from .selectors import DEFAULT_PERIOD, PERIODS


class FilterForm(forms.Form):
    """The dashboard's filters; anything invalid falls back to the whole city over the default period."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(key, label) for key, (label, _d, _s) in PERIODS.items()],
        initial=DEFAULT_PERIOD,
    )
    # The city's districts as plain choices, read once when first needed (`districts`), also for the
    # figures; a refused id is not echoed, as a model choice would not echo it.
    district = forms.TypedChoiceField(
        label=_("District"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
    )

    def __init__(self, data=None, *, city, **kwargs):
        if data is not None:
            # a link with a district only (from a table, a bookmark) keeps the default period
            data = data.copy()
            data.setdefault("period", DEFAULT_PERIOD)
        super().__init__(data, **kwargs)
        self.city = city
        self.fields["district"].choices = functools.cache(
            lambda: [("", _("Whole city")), *((district.pk, district.name) for district in self.districts)]
        )

    @functools.cached_property
    def districts(self) -> list[District]:
        """The city's districts by name."""
        return list(District.objects.filter(city=self.city).order_by("name"))

    def choices(self) -> tuple[str, District | None]:
        if not self.is_valid():
            return DEFAULT_PERIOD, None
        chosen = self.cleaned_data["district"]
        return self.cleaned_data["period"], next((d for d in self.districts if d.pk == chosen), None)
