"""The guided intake on one page: consents, household languages, the child, the guardians, what the child
lacks of the 14 deprivation items and Kind en Gezin's six criteria; saved by family_intake_record."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.models import Language

from .. import services
from ..models import (
    DEPRIVATION_ITEMS,
    KIND_EN_GEZIN_CRITERIA,
    ConsentRecord,
    DeprivationCheck,
    Family,
    Guardian,
)


class GuardianRow(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    # A blank first choice, so that the empty row for another guardian is left out when nothing is filled.
    relation = forms.ChoiceField(label=_("relation"), choices=[("", "---------"), *Guardian.Relation.choices])
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)


GuardianRows = forms.formset_factory(GuardianRow, extra=1)


def guardian_rows(family: Family, data=None) -> forms.BaseFormSet:
    initial = [
        {
            "pk": g.pk,
            "first_name": g.first_name,
            "last_name": g.last_name,
            "relation": g.relation,
            "phone": g.phone,
            "email": g.email,
        }
        for g in family.guardians.order_by("pk")
    ]
    return GuardianRows(data, initial=initial, prefix="guardians")


class IntakeForm(forms.Form):
    consents = forms.MultipleChoiceField(
        label=_("Consents the family gives now"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    given_on = forms.DateField(
        label=_("Date of the intake"),
        help_text=_("The day the family gave these consents and the checks below were made."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    household_languages = forms.ModelMultipleChoiceField(
        label=_("Household languages"),
        queryset=Language.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only with the family's consent to use its languages for matching."),
    )
    child_first_name = forms.CharField(label=_("Child's first name"), max_length=100)
    child_birth_date = forms.DateField(
        label=_("Child's birth date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    child_school = forms.CharField(label=_("School"), max_length=150, required=False)
    lacks = forms.MultipleChoiceField(
        label=_("What does the child lack?"),
        choices=DEPRIVATION_ITEMS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick each thing the child does not have."),
    )
    lacks_none = forms.BooleanField(label=_("The child lacks none of these"), required=False)
    criteria = forms.MultipleChoiceField(
        label=_("Kind en Gezin criteria the family scores on"),
        choices=KIND_EN_GEZIN_CRITERIA,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave these empty if they were not assessed today."),
    )
    criteria_none = forms.BooleanField(label=_("The family scores on none of these"), required=False)

    def __init__(self, *args, family: Family, **kwargs):
        self.family = family
        self.on_file = services.active_consents(family)
        child = family.children.order_by("pk").first()
        self.checked_before = DeprivationCheck.objects.filter(child__family=family).exists()
        kwargs.setdefault(
            "initial",
            {
                "given_on": timezone.localdate(),
                "household_languages": list(family.household_languages.all()),
                "child_first_name": child.first_name if child else "",
                "child_birth_date": child.birth_date if child else None,
                "child_school": child.school if child else "",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["consents"].choices = [
            (value, label) for value, label in ConsentRecord.Purpose.choices if value not in self.on_file
        ]
        if self.checked_before:
            self.fields["lacks"].help_text = _(
                "The child has a check already; tick items only to record a new one."
            )

    def consents_on_file(self) -> list[str]:
        return [str(label) for value, label in ConsentRecord.Purpose.choices if value in self.on_file]

    def clean(self):
        data = super().clean()
        consents = set(data.get("consents") or []) | self.on_file
        if data.get("household_languages") and ConsentRecord.Purpose.LANGUAGE not in consents:
            self.add_error(
                "household_languages",
                _(
                    "Tick the consent “%(consent)s” above, or leave the languages empty: they are kept "
                    "only with that consent."
                )
                % {"consent": ConsentRecord.Purpose.LANGUAGE.label},
            )
        lacks, none = data.get("lacks"), data.get("lacks_none")
        if lacks and none:
            self.add_error(
                "lacks_none",
                _("You ticked things the child lacks and “lacks none of these”: keep only one of the two."),
            )
        elif not lacks and not none and not self.checked_before:
            self.add_error(
                "lacks",
                _(
                    "Tick what the child lacks, or tick “The child lacks none of these” if the child has "
                    "all 14."
                ),
            )
        if data.get("criteria") and data.get("criteria_none"):
            self.add_error(
                "criteria_none",
                _("You ticked criteria and “none of these”: keep only one of the two."),
            )
        return data

    def lacks_to_record(self) -> list[str] | None:
        """What the new check records: None when no new check is made."""
        if self.cleaned_data["lacks_none"]:
            return []
        return self.cleaned_data["lacks"] or None

    def criteria_to_record(self) -> list[str] | None:
        if self.cleaned_data["criteria_none"]:
            return []
        return self.cleaned_data["criteria"] or None
