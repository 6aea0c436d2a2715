from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import WEEKDAYS, Kind, Participation


class FindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("any type")), *Kind.choices], required=False)
    weekday = forms.ChoiceField(label=_("Day"), choices=[("", _("any day")), *WEEKDAYS], required=False)
    max_price = forms.DecimalField(
        label=_("Costs at most (euro)"), min_value=0, max_digits=7, decimal_places=2, required=False
    )
    uitpas = forms.BooleanField(label=_("With a UiTPAS reduced rate"), required=False)


class DayForm(forms.Form):
    on = forms.DateField(
        label=_("On"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class StopForm(DayForm):
    reason = forms.ChoiceField(label=_("Why did it stop?"), choices=Participation.StopReason.choices)
