"""The coach's phone-first pages: one family at a time, one action per screen, no JavaScript needed."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from challenges.models import Challenge
from challenges.revisions import EDITABLE, challenge_edit
from challenges.services import (
    ChallengeError,
    challenge_cancel,
    challenge_confirm,
    challenge_post,
    offer_give,
)
from families.models import Family, Goal, Offer
from families.services import FamilyError, goal_update, offer_record, offer_withdraw
from genk_village.permissions import role_required

from . import selectors
from .forms import ChallengeForm, ContactLogForm, GoalForm, OfferForm, QuestionForm
from .services import CoachError, contact_log_record, support_request_ask

CHALLENGES_PER_PAGE = 20


# The family a coach with several active matches chose to work on (family_switch); the URLs stay the same.
SESSION_FAMILY = "coaches.family_id"


def coach_family_required(view: Callable | None = None, *, or_404: bool = False) -> Callable:
    """The one loader of the coach's pages: calls `view(request, family, ...)` with the signed-in coach's
    current family (the one chosen in the session, else the longest-running match), read through
    `Family.objects.visible_to`. Without an active match a coach sees a friendly "no family" page; a page
    about one object of the family (`or_404=True`) is simply not found.

    It goes under `role_required("coach")` (and `require_POST`), so that those answer first, as before."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            family = selectors.coach_family(request.user, request.session.get(SESSION_FAMILY))
            if family is None:
                if or_404:
                    raise Http404
                return render(request, "coaches/no_family.html")
            return view(request, family, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator


def _of_family(request, family: Family, model, pk: int):
    """One object of the coach's family, through its model's `visible_to`; anything else is a 404."""
    return get_object_or_404(model.objects.visible_to(request.user).filter(family=family), pk=pk)


def _challenge_for(request, family: Family, pk: int) -> Challenge:
    return get_object_or_404(selectors.family_challenges(family, request.user), pk=pk)


@role_required("coach")
def home(request):
    family = selectors.coach_home(request.user, request.session.get(SESSION_FAMILY))
    chosen = selectors.chosen_match(request.user)
    if family is None:
        return render(request, "coaches/no_family.html", {"chosen": chosen})
    matches = family.coach_matches
    return render(
        request,
        "coaches/home.html",
        {"family": family, "chosen": chosen, "matches": matches if len(matches) > 1 else []},
    )


@role_required("coach")
@require_POST
def family_switch(request, family_id: int):
    """A coach with more than one family chooses the one every page works on; only their own active
    matches can be chosen, any other id is not found."""
    if not selectors.coach_matches(request.user).filter(family_id=family_id).exists():
        raise Http404
    request.session[SESSION_FAMILY] = family_id
    return redirect("coaches:home")


@role_required("coach")
@coach_family_required(or_404=True)
def goal_edit(request, family, pk: int):
    goal = _of_family(request, family, Goal, pk)
    form = GoalForm(request.POST or None, initial={"status": goal.status, "next_step": goal.next_step})
    if request.method == "POST" and form.is_valid():
        try:
            goal_update(goal=goal, actor=request.user, **form.cleaned_data)
        except FamilyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The goal is updated."))
            return redirect("coaches:home")
    return render(request, "coaches/goal_edit.html", {"goal": goal, "form": form})


@role_required("coach")
@coach_family_required
def contact_new(request, family):
    match = family.active_match
    form = ContactLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_log_record(match=match, actor=request.user, **form.cleaned_data)
        except CoachError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Contact logged. Thank you."))
            return redirect("coaches:home")
    contacts = selectors.my_contacts(match, request.user)
    return render(request, "coaches/contact_new.html", {"form": form, "contacts": contacts})


@role_required("coach")
@coach_family_required
def challenge_list(request, family):
    # In pages: a family's list grows for years, and the page must stay light on a phone network.
    after = selectors.ListCursor.decode(request.GET.get("after"))
    challenges, cursor = selectors.family_challenges_page(
        family, request.user, after=after, size=CHALLENGES_PER_PAGE
    )
    return render(
        request,
        "coaches/challenge_list.html",
        {
            "family": family,
            "challenges": challenges,
            "next_cursor": cursor.encode() if cursor else "",
            "later_page": after is not None,
        },
    )


@role_required("coach")
@coach_family_required
def challenge_new(request, family):
    form = ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = challenge_post(family=family, actor=request.user, **form.cleaned_data)
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your challenge is posted; supporters can claim it now."))
            return redirect("coaches:challenge_detail", pk=challenge.pk)
    return render(request, "coaches/challenge_new.html", {"form": form})


@role_required("coach")
@coach_family_required(or_404=True)
def challenge_detail(request, family, pk: int):
    challenge = _challenge_for(request, family, pk)
    sponsor_complete = (
        challenge.status == Challenge.Status.OPEN
        and challenge.target_quantity is not None
        and challenge.pledged_quantity >= challenge.target_quantity
    )
    return render(
        request,
        "coaches/challenge_detail.html",
        {"challenge": challenge, "sponsor_complete": sponsor_complete},
    )


@role_required("coach")
@coach_family_required(or_404=True)
def challenge_edit_view(request, family, pk: int):
    """The coach changes an open challenge nobody has taken; the former version is kept."""
    challenge = _challenge_for(request, family, pk)
    form = ChallengeForm(
        request.POST or None, initial={field: getattr(challenge, field) for field in EDITABLE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            challenge_edit(challenge=challenge, actor=request.user, **form.cleaned_data)
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The challenge is changed."))
            return redirect("coaches:challenge_detail", pk=challenge.pk)
    return render(request, "coaches/challenge_edit.html", {"form": form, "challenge": challenge})


@role_required("coach")
@require_POST
@coach_family_required(or_404=True)
def challenge_confirm_view(request, family, pk: int):
    challenge = _challenge_for(request, family, pk)
    try:
        challenge_confirm(challenge=challenge, actor=request.user)
    except ChallengeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Confirmed. Thank you for closing the loop."))
    return redirect("coaches:challenge_detail", pk=challenge.pk)


@role_required("coach")
@coach_family_required(or_404=True)
def challenge_cancel_view(request, family, pk: int):
    """A cancel asks once more on its own screen, so that a stray tap cannot withdraw a challenge."""
    challenge = _challenge_for(request, family, pk)
    if request.method == "POST":
        try:
            challenge_cancel(challenge=challenge, actor=request.user)
        except ChallengeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The challenge is cancelled."))
        return redirect("coaches:challenge_detail", pk=challenge.pk)
    return render(request, "coaches/challenge_cancel.html", {"challenge": challenge})


@role_required("coach")
@coach_family_required
def offer_list(request, family):
    offers = selectors.family_offers(family, request.user)
    return render(request, "coaches/offer_list.html", {"offers": offers})


@role_required("coach")
@coach_family_required
def offer_new(request, family):
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer_record(family=family, actor=request.user, **form.cleaned_data)
        except FamilyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded what the family offers. Thank you."))
            return redirect("coaches:offer_list")
    return render(request, "coaches/offer_new.html", {"form": form})


@role_required("coach")
@require_POST
@coach_family_required(or_404=True)
def offer_withdraw_view(request, family, pk: int):
    offer = _of_family(request, family, Offer, pk)
    try:
        offer_withdraw(offer=offer, actor=request.user)
    except FamilyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The offer is withdrawn."))
    return redirect("coaches:offer_list")


@role_required("coach")
@require_POST
@coach_family_required(or_404=True)
def offer_given_view(request, family, pk: int):
    offer = _of_family(request, family, Offer, pk)
    try:
        offer_give(offer=offer, actor=request.user)
    except FamilyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as given. The family earns points for it."))
    return redirect("coaches:offer_list")


@role_required("coach")
def question_list(request):
    return render(request, "coaches/question_list.html", {"questions": selectors.my_questions(request.user)})


@role_required("coach")
def question_new(request):
    coach = selectors.coach_profile(request.user)
    if coach is None:
        raise Http404
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support_request_ask(coach=coach, actor=request.user, **form.cleaned_data)
        except CoachError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your question is sent to the think tank."))
            return redirect("coaches:question_list")
    return render(request, "coaches/question_new.html", {"form": form})
