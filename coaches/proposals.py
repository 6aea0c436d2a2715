"""The family's choice of coach, the chosen coach's answer, and the volunteer's application.

The proposal page is opened by the coordinator, by a coach on the family's shortlist (with the
family), or by the family itself through a one-time link without an account. Each page is shown in
the family's language when it is one of the site's languages.
"""

from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email
from allauth.decorators import rate_limit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from families.models import Family
from genk_village.audit import audit
from genk_village.models import City, District, Language
from genk_village.permissions import public, role_required

from . import services
from .matching import ALL_MOMENTS, availability_mask, moment_names
from .models import TRANSLATED_INTRODUCTIONS, Coach, Match

SITE_LANGUAGES = {code for code, _name in settings.LANGUAGES}


class DescribedErrorsMixin:
    """Ties each field's error message to its field (aria-describedby), as _field.html renders it."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"
                attrs["aria-invalid"] = "true"


class ChoiceForm(forms.Form):
    match = forms.IntegerField(widget=forms.HiddenInput)
    # The first tap asks "are you sure?"; only the answer to that records the choice.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RespondForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class ApplicationForm(DescribedErrorsMixin, forms.Form):
    """A volunteer's application; the account's password is checked as allauth's sign-up checks it."""

    display_name = forms.CharField(label=gettext_lazy("Your first name"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    password1 = forms.CharField(label=gettext_lazy("Choose a password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("The password again"), widget=forms.PasswordInput)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    languages = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Languages you speak"),
        queryset=Language.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    home_district = forms.ModelChoiceField(
        label=gettext_lazy("The district you live in"), queryset=District.objects.none(), required=False
    )
    districts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Districts where you would like to coach"),
        queryset=District.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_weekdays = forms.BooleanField(label=gettext_lazy("On weekdays"), required=False)
    available_evenings = forms.BooleanField(label=gettext_lazy("In the evening"), required=False)
    available_weekends = forms.BooleanField(label=gettext_lazy("At weekends"), required=False)
    interests = forms.CharField(
        label=gettext_lazy("Your interests (separated by commas)"), max_length=250, required=False
    )
    introduction = forms.CharField(
        label=gettext_lazy("A short introduction a family will read"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=600,
    )
    introduction_en = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=600, required=False
    )
    introduction_fr = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=600, required=False
    )
    introduction_tr = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=600, required=False
    )
    introduction_ar = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=600, required=False
    )
    motivation = forms.CharField(
        label=gettext_lazy("Why you would like to be a coach"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the coordinators use these details for my screening (an interview, references "
            "and a criminal-record extract model 596.2)."
        ),
        error_messages={"required": gettext_lazy("We can only screen you with your agreement.")},
    )

    def __init__(self, *args, city: City, **kwargs):
        super().__init__(*args, **kwargs)
        districts = District.objects.filter(city=city).order_by("name")
        self.fields["home_district"].queryset = districts
        self.fields["districts"].queryset = districts
        for code in TRANSLATED_INTRODUCTIONS:
            name = f"introduction_{code}"
            self.fields[name].label = capfirst(Coach._meta.get_field(name).verbose_name)

    def translated_introductions(self) -> list:
        """The introduction in the site's other languages, for the fieldset beside the default one."""
        return [self[f"introduction_{code}"] for code in TRANSLATED_INTRODUCTIONS]

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def family_language(family: Family, requested: str | None = None) -> str:
    """The page's language: the one asked for, else a household language the site speaks, else Dutch."""
    if requested in SITE_LANGUAGES:
        return requested
    spoken = set(family.household_languages.values_list("code", flat=True))
    for code, _name in settings.LANGUAGES:
        if code in spoken and code != settings.LANGUAGE_CODE:
            return code
    return settings.LANGUAGE_CODE


def _cards(family: Family) -> list[dict]:
    """One card per open proposal: photo, introduction, languages and moments, in shortlist order.

    Called with the page's language active: lists are joined the way that language writes them."""
    separator = pgettext("between the items of a list", ", ")
    proposals = (
        Match.objects.filter(family=family, status=Match.Status.PROPOSED)
        .select_related("coach")
        .prefetch_related("coach__languages")
        .order_by("rank", "id")
    )
    return [
        {
            "match": match,
            "coach": match.coach,
            "introduction": match.coach.introduction_in(translation.get_language()),
            "languages": separator.join(language.name for language in match.coach.languages.all()),
            "moments": separator.join(
                moment_names(
                    availability_mask(
                        match.coach.available_weekdays,
                        match.coach.available_evenings,
                        match.coach.available_weekends,
                    )
                    & ALL_MOMENTS
                )
            ),
        }
        for match in proposals
    ]


def _render_proposal(request, family: Family, *, template: str, action: str, print_url: str, status=200):
    language = family_language(family, request.GET.get("lang"))
    with translation.override(language):
        context = {
            "family": family,
            "cards": _cards(family),
            "action": action,
            "print_url": f"{print_url}?{urlencode({'lang': language})}" if print_url else "",
            "languages": [(code, name) for code, name in settings.LANGUAGES],
            "current_language": language,
        }
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _staff_family(request, family_id: int) -> Family:
    """A coordinator opens the families of their city; a coach only a family whose shortlist holds them."""
    families = Family.objects.visible_to(request.user)
    if request.user.is_coordinator or request.user.is_superuser:
        return get_object_or_404(families, pk=family_id)
    proposed = Match.objects.visible_to(request.user).filter(
        coach__user=request.user, status=Match.Status.PROPOSED
    )
    return get_object_or_404(Family.objects.filter(pk__in=proposed.values("family")), pk=family_id)


def _choice_form(request) -> ChoiceForm:
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        raise Http404
    return form


def _with_language(path: str, language: str) -> str:
    return f"{path}?{urlencode({'lang': language})}"


def _confirmation(request, family: Family, form: ChoiceForm, *, back: str):
    """The "are you sure?" step: the chosen coach's card again, a button that confirms and one back."""
    language = family_language(family, request.GET.get("lang"))
    with translation.override(language):
        cards = [card for card in _cards(family) if card["match"].pk == form.cleaned_data["match"]]
        if not cards:
            raise Http404
        response = render(
            request,
            "coaches/proposal_confirm.html",
            {
                "card": cards[0],
                "action": _with_language(back, language),
                "back": _with_language(back, language),
            },
        )
    response["Content-Language"] = language
    return response


def _done(request, match: Match, *, undo_action: str):
    """The thank-you page, in the family's language, with the undo button while the window is open."""
    language = family_language(match.family, request.GET.get("lang"))
    with translation.override(language):
        response = render(
            request,
            "coaches/proposal_done.html",
            {
                "coach": match.coach,
                "undo_action": _with_language(undo_action, language) if undo_action else "",
                "undo_until": match.chosen_at + services.undo_window() if match.chosen_at else None,
            },
        )
    response["Content-Language"] = language
    return response


def _choose(request, family: Family, actor):
    form = _choice_form(request)
    match = get_object_or_404(Match, pk=form.cleaned_data["match"], family=family)
    try:
        services.match_record_choice(match=match, actor=actor)
    except services.CoachError as error:
        messages.error(request, str(error))
        return None
    match.refresh_from_db()
    return match


def _confirmed(request) -> bool:
    return request.method == "POST" and _choice_form(request).cleaned_data["confirmed"]


@role_required("coordinator")
def proposal_for_coordinator(request, family_id: int):
    """The coordinator shows the shortlist to the family and records its choice, once confirmed; the
    coordinator undoes it in the admin."""
    family = _staff_family(request, family_id)
    if request.method == "POST" and not _confirmed(request):
        return _confirmation(request, family, _choice_form(request), back=request.path)
    if request.method == "POST" and _choose(request, family, request.user):
        messages.success(request, _("The family's choice is recorded; the coach is asked to accept."))
        return redirect("admin:coaches_match_changelist")
    return _staff_page(request, family, "proposals:coordinator")


@role_required("coach")
def proposal_with_coach(request, family_id: int):
    """A coach on the family's shortlist shows it to the family; the choice is recorded with the coach,
    once confirmed, and can be undone for a few minutes."""
    family = _staff_family(request, family_id)
    if request.method == "POST" and not _confirmed(request):
        return _confirmation(request, family, _choice_form(request), back=request.path)
    if request.method == "POST" and (match := _choose(request, family, request.user)):
        return _done(request, match, undo_action=reverse("proposals:undo", args=[family.pk]))
    return _staff_page(request, family, "proposals:with_coach")


@role_required("coach")
@require_POST
def proposal_undo(request, family_id: int):
    """Whoever recorded a choice on the proposal page undoes it within the window; back to the shortlist."""
    # Recording the choice is what gives the right to undo it: the chosen coach may be another one,
    # whose match the recording coach cannot otherwise see.
    match = get_object_or_404(
        Match.objects.select_related("family"),
        family_id=family_id,
        status=Match.Status.CHOSEN,
        chosen_by=request.user,
    )
    try:
        services.match_choice_undo(match=match, actor=request.user, window=services.undo_window())
    except services.CoachError as error:
        messages.error(request, str(error))
        return redirect("coaches:home")
    messages.success(request, _("The choice is undone: the family can choose again."))
    return redirect(
        _with_language(reverse("proposals:with_coach", args=[family_id]), request.GET.get("lang", ""))
    )


def _staff_page(request, family: Family, name: str):
    audit(actor=request.user, action="families.family.viewed", target=family, fields=["proposals"])
    return _render_proposal(
        request,
        family,
        template="coaches/proposal.html",
        action=reverse(name, args=[family.pk]),
        print_url=reverse("proposals:print", args=[family.pk]),
    )


@role_required("coordinator")
def proposal_print(request, family_id: int):
    """The one-page printable shortlist for a family without internet; the coordinator records the choice."""
    family = _staff_family(request, family_id)
    audit(actor=request.user, action="families.family.viewed", target=family, fields=["proposals"])
    return _render_proposal(request, family, template="coaches/proposal_print.html", action="", print_url="")


def _link_refusal(request, error: services.CoachError):
    return render(request, "coaches/proposal_link_refused.html", {"message": str(error)}, status=error.status)


@public
def proposal_by_link(request, token: str):
    """The family's own page through its one-time link; choosing spends the link."""
    try:
        link = services.proposal_link_resolve(token=token)
    except services.CoachError as error:
        return _link_refusal(request, error)
    if request.method == "POST":
        form = _choice_form(request)
        if not form.cleaned_data["confirmed"]:
            return _confirmation(request, link.family, form, back=request.path)
        try:
            match = services.proposal_link_choose(token=token, match_id=form.cleaned_data["match"])
        except services.CoachError as error:
            return _link_refusal(request, error)
        return _done(request, match, undo_action=reverse("proposals:undo_by_link", args=[token]))
    return _render_proposal(
        request,
        link.family,
        template="coaches/proposal.html",
        action=request.get_full_path(),
        print_url=reverse("proposals:print_by_link", args=[token]),
    )


@public
@require_POST
def proposal_undo_by_link(request, token: str):
    """The family undoes its choice within the window; its link works again for a new choice."""
    try:
        match = services.proposal_link_chosen(token=token)
        services.match_choice_undo(match=match, actor=None, window=services.undo_window())
    except services.CoachError as error:
        return _link_refusal(request, error)
    language = family_language(match.family, request.GET.get("lang"))
    with translation.override(language):
        messages.success(request, _("Your choice is undone. You can choose again."))
    return redirect(_with_language(reverse("proposals:by_link", args=[token]), language))


@public
def proposal_print_by_link(request, token: str):
    """The printable page through the family's link (it does not spend the link)."""
    try:
        link = services.proposal_link_resolve(token=token)
    except services.CoachError as error:
        return _link_refusal(request, error)
    return _render_proposal(
        request, link.family, template="coaches/proposal_print.html", action="", print_url=""
    )


@role_required("coach")
def respond(request, match_id: int):
    """The chosen coach accepts (the match starts) or declines (the coordinator proposes again)."""
    match = get_object_or_404(
        Match.objects.visible_to(request.user)
        .select_related("family__district", "coach")
        .filter(
            coach__user=request.user,
            status__in=[Match.Status.CHOSEN, Match.Status.ACTIVE, Match.Status.DECLINED],
        ),
        pk=match_id,
    )
    if request.method == "POST":
        form = RespondForm(request.POST)
        if form.is_valid():
            service = (
                services.match_activate if form.cleaned_data["answer"] == "accept" else services.match_decline
            )
            try:
                service(match=match, actor=request.user)
            except services.CoachError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Welcome to your family: the match has started.")
                    if form.cleaned_data["answer"] == "accept"
                    else _("Thank you for letting us know; the coordinator proposes another coach."),
                )
            return redirect("proposals:respond", match_id=match.pk)
    return render(
        request,
        "coaches/proposal_respond.html",
        {
            "match": match,
            "languages": ""
            if match.status == Match.Status.DECLINED
            else ", ".join(match.family.household_languages.values_list("name", flat=True)),
        },
    )


def _application_city(request) -> City:
    slug = request.GET.get("city")
    cities = City.objects.order_by("id")
    city = cities.filter(slug=slug).first() if slug else cities.first()
    if city is None:
        raise Http404
    return city


@public
@rate_limit(action="coach_application")  # per client IP, ACCOUNT_RATE_LIMITS; a GET is never counted
def coach_application(request):
    """A volunteer applies online and gets an e-mail to confirm the address, then signs in.

    An address that has an account already gets the same answer (its owner is told by e-mail), so that
    the form never says which addresses have an account."""
    city = _application_city(request)
    form = ApplicationForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            coach = services.coach_apply(
                city=city,
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                phone=data["phone"],
                introduction=data["introduction"],
                translated_introductions={
                    code: data[f"introduction_{code}"] for code in TRANSLATED_INTRODUCTIONS
                },
                motivation=data["motivation"],
                interests=data["interests"],
                languages=data["languages"],
                districts=data["districts"],
                home_district=data["home_district"],
                available_weekdays=data["available_weekdays"],
                available_evenings=data["available_evenings"],
                available_weekends=data["available_weekends"],
                language=translation.get_language() if translation.get_language() in SITE_LANGUAGES else "nl",
            )
        except services.CoachError as error:
            form.add_error("email", str(error))
        else:
            if coach is not None:
                setup_user_email(request, coach.user, [])
                address = EmailAddress.objects.get_primary(coach.user)
                address.send_confirmation(request, signup=True)
            return redirect("coach_application:thanks")
    return render(request, "coaches/proposal_apply.html", {"form": form, "city": city})


@public
def coach_application_thanks(request):
    return render(request, "coaches/proposal_apply_thanks.html")
