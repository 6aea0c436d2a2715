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
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, empty_label=_("Whole city")
    )

    def __init__(self, data=None, *, city, **kwargs):
        if data is not None:
            # a link with a district only (from a table, a bookmark) keeps the default period
            data = data.copy()
            data.setdefault("period", DEFAULT_PERIOD)
        super().__init__(data, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("name")

    def choices(self) -> tuple[str, District | None]:
        if not self.is_valid():
            return DEFAULT_PERIOD, None
        return self.cleaned_data["period"], self.cleaned_data["district"]
