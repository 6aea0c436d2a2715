"""The coach's short forms: they validate and normalise; the services write."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges import validators
from challenges.models import Challenge
from families.models import ExchangeMode, Goal
from genk_village.screening import no_bidi_controls
from genk_village.widgets import DateInput

from .models import COACH_KINDS, HealthCheckIn
from .support import SCALE, STATEMENTS


class DescribedErrorsForm(forms.Form):
    """Ties each field's error message to its input (aria-describedby), as screen readers need."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                described = [attrs.get("aria-describedby", ""), f"{self[name].auto_id}_error"]
                attrs["aria-describedby"] = " ".join(part for part in described if part)
                attrs["aria-invalid"] = "true"


class ContactLogForm(DescribedErrorsForm):
    kind = forms.ChoiceField(
        label=_("What kind of contact?"),
        choices=[(kind.value, kind.label) for kind in COACH_KINDS],
        widget=forms.RadioSelect,
    )
    happened_on = forms.DateField(label=_("Date"), widget=DateInput())
    duration_minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Short note"),
        help_text=_("Only you and the coordinators of your city can read this note."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "note-hint"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A contact cannot be dated in the future."))
        return day


class ChallengeForm(DescribedErrorsForm):
    title = forms.CharField(
        label=_("What is needed?"),
        max_length=validators.TITLE_MAX_LENGTH,
        validators=validators.TITLE_VALIDATORS,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Challenge.Category.choices, widget=forms.RadioSelect
    )
    needed_by = forms.DateField(
        label=_("Needed by"), widget=DateInput(), validators=[validators.validate_needed_by]
    )
    exchange_mode = forms.ChoiceField(
        label=_("How"), choices=ExchangeMode.choices, initial=ExchangeMode.GIFT, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=validators.DESCRIPTION_MAX_LENGTH,
        # the template's warning not to write names or addresses is read out with the field
        # dir="auto": a Dutch text keeps its direction on an Arabic page, and an Arabic one on a Dutch page
        widget=forms.Textarea(attrs={"rows": 4, "aria-describedby": "privacy-warning", "dir": "auto"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needed_by"].initial = timezone.localdate() + datetime.timedelta(days=14)


class GoalForm(DescribedErrorsForm):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices, widget=forms.RadioSelect)
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=250)


class OfferForm(DescribedErrorsForm):
    title = forms.CharField(
        label=_("What does the family offer?"), max_length=120, validators=[no_bidi_controls]
    )
    exchange_mode = forms.ChoiceField(
        label=_("How"), choices=ExchangeMode.choices, initial=ExchangeMode.GIFT, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(DescribedErrorsForm):
    question = forms.CharField(
        label=_("Your question"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class HealthCheckInForm(DescribedErrorsForm):
    """The five statements of a health check-in, each answered from 1 to 5; built with the page's (the
    respondent's) language active, so the labels read in it."""

    respondent = forms.ChoiceField(choices=HealthCheckIn.Respondent.choices, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, statement in STATEMENTS:
            self.fields[key] = forms.TypedChoiceField(
                label=str(statement),
                choices=[(value, str(label)) for value, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[key] for key, _statement in STATEMENTS]
