from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.models import District
from genk_village.widgets import DateInput

from .models import Family, Guardian
from .services import FamilyError, check_programme_age


class ReferralCorrectionForm(forms.Form):
    """What a referrer knows about a family, to file or to correct; the service checks it again."""

    referrer_label = forms.CharField(
        label=_("Your own note to recognise this family"),
        max_length=60,
        required=False,
    )
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    referral_source = forms.ChoiceField(label=_("You refer as"), choices=Family.Source.choices)
    child_first_name = forms.CharField(label=_("Child's first name"), max_length=100)
    child_birth_date = forms.DateField(label=_("Child's birth date"), widget=DateInput())
    guardian_first_name = forms.CharField(label=_("Parent's first name"), max_length=100)
    guardian_last_name = forms.CharField(label=_("Parent's last name"), max_length=100)
    guardian_relation = forms.ChoiceField(label=_("Relation to the child"), choices=Guardian.Relation.choices)
    guardian_phone = forms.CharField(label=_("Parent's phone"), max_length=40, required=False)
    referral_note = forms.CharField(
        label=_("Why you refer this family"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city)

    def clean_child_birth_date(self):
        born = self.cleaned_data["child_birth_date"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        try:
            check_programme_age(born)
        except FamilyError as error:
            raise forms.ValidationError(str(error)) from None
        return born


class ReferralForm(ReferralCorrectionForm):
    """A new referral: the family's consent is required and dated."""

    consent = forms.BooleanField(
        label=_("The family agreed to take part and to have this information recorded."),
        error_messages={"required": _("A family can be referred only with its consent.")},
    )
    consent_given_on = forms.DateField(label=_("Date of the family's consent"), widget=DateInput())

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, city=city, **kwargs)
        self.fields["consent_given_on"].initial = timezone.localdate()

    def clean_consent_given_on(self):
        given = self.cleaned_data["consent_given_on"]
        if given > timezone.localdate():
            raise forms.ValidationError(_("The consent cannot be dated in the future."))
        return given
