import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from genk_village.models import City, District

from .selectors import DEFAULT_PERIOD, PERIODS

# A refused id is not echoed, as a model choice would not echo it: another city's id names nothing.
REFUSED = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}


class FilterForm(forms.Form):
    """The dashboard's filters: the period, the city (a viewer of a region has several) and a district of
    it; anything invalid falls back to the viewer's own city as a whole over the default period."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(key, label) for key, (label, _d, _s) in PERIODS.items()],
        initial=DEFAULT_PERIOD,
    )
    city = forms.TypedChoiceField(
        label=_("City"), required=False, coerce=int, empty_value=None, error_messages=REFUSED
    )
    # The chosen city's districts as plain choices, read once when first needed (`districts`), also for
    # the figures.
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None, error_messages=REFUSED
    )

    def __init__(self, data=None, *, cities: list[City], **kwargs):
        if data is not None:
            # a link with a district only (from a table, a bookmark) keeps the default period
            data = data.copy()
            data.setdefault("period", DEFAULT_PERIOD)
        super().__init__(data, **kwargs)
        self.cities = cities
        self.fields["city"].choices = [(city.pk, city.name) for city in cities]
        asked = str((data or {}).get("city") or "")
        # the city whose districts are offered: the one asked for when the viewer may see it
        self.city = next((city for city in cities if str(city.pk) == asked), cities[0])
        self.fields["district"].choices = functools.cache(
            lambda: [("", _("Whole city")), *((district.pk, district.name) for district in self.districts)]
        )

    @functools.cached_property
    def districts(self) -> list[District]:
        """The chosen city's districts by name."""
        return list(District.objects.filter(city=self.city).order_by("name"))

    def choices(self) -> tuple[str, City, District | None]:
        """The period, city and district to show; `city` and `districts` then say the same."""
        if not self.is_valid():
            if self.city != self.cities[0]:
                self.city = self.cities[0]
                self.__dict__.pop("districts", None)  # the refused city's, if read: read the own
            return DEFAULT_PERIOD, self.city, None
        chosen = self.cleaned_data["district"]
        district = next((d for d in self.districts if d.pk == chosen), None)
        return self.cleaned_data["period"], self.city, district


class CityForm(forms.Form):
    """The city switch of a viewer of a region, outside the cached figures (it differs by viewer); the
    period chosen is kept, a district (of the city left) is not."""

    city = forms.TypedChoiceField(label=_("City"), coerce=int)
    period = forms.ChoiceField(choices=[(key, key) for key in PERIODS], widget=forms.HiddenInput)

    def __init__(self, *args, cities: list[City], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [(city.pk, city.name) for city in cities]
