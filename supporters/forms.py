"""Supporters' forms: sign-up (allauth's extra fields), profile and group members. They never save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from genk_village.models import City, District, Language

from .categories import Category
from .models import NotificationKind, Supporter

# The kinds a supporter receives; the coordinators' alert is not theirs to tune here.
SUPPORTER_KINDS = (
    NotificationKind.MATCH,
    NotificationKind.WIDENED,
    NotificationKind.DIGEST,
    NotificationKind.CONFIRMED,
    NotificationKind.HANDOVER,
)
# The kinds a coach receives: the coach reminders of the coaches app, and news of their family's challenges.
COACH_KINDS = (
    NotificationKind.NO_CONTACT,
    NotificationKind.SCREENING_LAPSE,
    NotificationKind.TAKEN,
    NotificationKind.HANDOVER,
)


class SupporterSignupForm(forms.Form):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: who signs up, and for which city; the profile follows later."""

    kind = forms.ChoiceField(label=_("I sign up as"), choices=Supporter.Kind.choices, initial="person")
    display_name = forms.CharField(
        label=_("Name shown to others"),
        max_length=100,
        help_text=_("Your first name, or the name of your team, club or class."),
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), empty_label=None)

    def signup(self, request, user) -> None:
        """allauth calls this once the account exists; the supporter profile is made by its service."""
        from .services import supporter_register

        data = self.cleaned_data
        supporter_register(
            user=user, city=data["city"], kind=data["kind"], display_name=data["display_name"], actor=user
        )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown to others"), max_length=100)
    categories = forms.MultipleChoiceField(
        label=_("What I can do"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Where I can help"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages I speak"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_weekdays = forms.BooleanField(label=_("On weekdays"), required=False)
    available_evenings = forms.BooleanField(label=_("In the evening"), required=False)
    available_weekends = forms.BooleanField(label=_("At weekends"), required=False)
    has_car = forms.BooleanField(label=_("I have a car"), required=False)
    wants_digest = forms.BooleanField(
        label=_("Send me a daily digest of challenges that fit me"), required=False
    )

    def __init__(self, *args, supporter: Supporter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = District.objects.filter(city_id=supporter.city_id).order_by(
            "name"
        )
        if not self.is_bound:
            self.initial = {
                "display_name": supporter.display_name,
                "categories": supporter.categories,
                "districts": list(supporter.districts.all()),
                "languages": list(supporter.languages.all()),
                **{
                    name: getattr(supporter, name)
                    for name in (
                        "available_weekdays",
                        "available_evenings",
                        "available_weekends",
                        "has_car",
                        "wants_digest",
                    )
                },
            }


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the member"))


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("I accept")), ("decline", _("I decline"))])


class PreferencesForm(forms.Form):
    """Per kind of notification: in the app, by e-mail, by text message. Fields are named <kind>_<channel>.

    Without a verified mobile number text messages cannot be chosen: ticking one is refused with a
    sentence that says how to add a number, and nothing is saved."""

    CHANNELS = (("in_app", _("in the app")), ("email", _("by e-mail")), ("sms", _("by text message")))

    def __init__(
        self, *args, current: dict[str, dict[str, bool]], kinds=SUPPORTER_KINDS, has_phone: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.kinds = tuple(kinds)
        self.no_phone = not has_phone
        for kind in self.kinds:
            for channel, label in self.CHANNELS:
                initial = current[kind][channel] and (channel != "sms" or has_phone)
                self.fields[f"{kind}_{channel}"] = forms.BooleanField(
                    label=label, required=False, initial=initial
                )

    def clean(self):
        data = super().clean()
        if self.no_phone and any(data.get(f"{kind}_sms") for kind in self.kinds):
            raise forms.ValidationError(
                _("Text messages need a verified mobile number: add one and enter its code first."),
                code="no_phone",
            )
        return data

    def groups(self):
        """(kind label, its three bound fields), for a fieldset per kind."""
        return [
            (NotificationKind(kind).label, [self[f"{kind}_{channel}"] for channel, _label in self.CHANNELS])
            for kind in self.kinds
        ]

    def choices(self) -> dict[str, dict[str, bool]]:
        data = self.cleaned_data
        return {
            kind: {channel: data[f"{kind}_{channel}"] for channel, _l in self.CHANNELS} for kind in self.kinds
        }


class PhoneNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        help_text=_("A Belgian number (0470 12 34 56) or one with its country code (+31 6 …)."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
