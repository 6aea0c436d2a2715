"""The board's forms: the filters (they validate and normalise the query string), a pledge, an answer
to an offer, a report. They never save."""

import datetime
import functools

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.models import District
from genk_village.widgets import DateInput

from .models import Challenge, ChallengeReport
from .selectors import BoardFilters


class BoardFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Challenge.Category.choices]
    )
    # The city's districts as plain choices, read once: the same list is part of the rendered fields'
    # cache key (challenges.templatetags.cards.board_filter_fields).
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int, empty_value=None)
    needed_by = forms.DateField(label=_("Needed by at the latest"), required=False, widget=DateInput())
    exchange_mode = forms.ChoiceField(
        label=_("Exchange"),
        required=False,
        choices=[("", _("Any exchange")), *Challenge.ExchangeMode.choices],
    )
    fits_me = forms.BooleanField(label=_("Only what fits my profile"), required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, city_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        # read when first needed (a list answered through htmx never shows the form), then kept
        districts = District.objects.filter(city_id=city_id).order_by("name").values_list("pk", "name")
        self.fields["district"].choices = functools.cache(lambda: [("", _("All districts")), *districts])

    def clean_after(self) -> tuple[datetime.date, int] | None:
        """The keyset cursor "<needed_by>_<id>"; a mangled one starts from the top rather than failing."""
        value = self.cleaned_data["after"]
        try:
            day, pk = value.split("_")
            return datetime.date.fromisoformat(day), int(pk)
        except ValueError:
            return None

    def filters(self) -> BoardFilters:
        if not self.is_valid():
            return BoardFilters()
        data = self.cleaned_data
        return BoardFilters(
            category=data["category"],
            district_id=data["district"],
            needed_by=data["needed_by"],
            exchange_mode=data["exchange_mode"],
            fits_me=data["fits_me"],
            after=data["after"],
        )


class PledgeForm(forms.Form):
    quantity = forms.IntegerField(label=_("How many I pledge"), min_value=1, max_value=100000)


class OfferAnswerForm(forms.Form):
    message = forms.CharField(label=_("A message for the coach"), max_length=500, required=False)


class ReportForm(forms.Form):
    """Why a supporter reports a challenge; the service screens the note."""

    reason = forms.ChoiceField(
        label=_("Why do you report it?"), choices=ChallengeReport.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("A note for the coordinator"), max_length=500, required=False)


class HideForm(forms.Form):
    """The coordinator's reason for hiding challenges, kept for the coordinators and the family's coach."""

    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The family's coach reads this; supporters never do."),
    )


class HandoverMessageForm(forms.Form):
    """A message in the hand-over conversation, perhaps with a proposed time and place; the service
    screens the texts."""

    body = forms.CharField(label=_("Message"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    day = forms.DateField(label=_("Proposed day"), required=False, widget=DateInput())
    time = forms.TimeField(
        label=_("Proposed time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(
        label=_("Proposed place"),
        max_length=200,
        required=False,
        help_text=_("A public place, such as the library or the school gate; never a home address."),
    )

    def clean(self):
        data = super().clean()
        day, time, place = data.get("day"), data.get("time"), data.get("place", "")
        data["proposed_start"] = None
        if day or time or place:
            if not (day and time and place):
                raise forms.ValidationError(_("To propose a hand-over, give a day, a time and a place."))
            # the day and time are Genk's wall clock, whatever the server's zone
            data["proposed_start"] = timezone.make_aware(datetime.datetime.combine(day, time))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "body": data["body"],
            "proposed_start": data["proposed_start"],
            "proposed_place": data["place"],
        }
