"""The supporters' board: browse and filter open challenges, claim one, release it or mark it delivered,
report one that should not be there; my progress (points, badges, the group ranking) and the offers
board (what families give back).

Every write calls challenges.services; with htmx the endpoint answers with the same partial the full
page includes, and without JavaScript the plain forms post and redirect.
"""

import datetime

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.models import Offer
from supporters.access import supporter_required
from supporters.badges import BADGES
from supporters.selectors import groups_of

from . import services
from .forms import BoardFilterForm, OfferAnswerForm, PledgeForm, ReportForm
from .models import Challenge
from .selectors import (
    CARD_FIELDS,
    board_page,
    group_ranking,
    my_challenges,
    offers_open_for,
    supporter_progress,
)

# "My challenges" says for this long that one in my hands was hidden; the coach explains the rest.
HIDDEN_NOTICE_FOR = datetime.timedelta(days=30)


def _target(supporter, pk: int) -> Challenge:
    """Any challenge of the supporter's city, not only the visible ones: a lost race must read "taken"
    (409 in the API), not "not found". The services re-check every condition in their update."""
    return get_object_or_404(Challenge.objects.only("pk", "city_id", "status", "claimant_id"), pk=pk,
                             city_id=supporter.city_id)  # fmt: skip


@supporter_required
def board(request, supporter):
    """Open challenges of my city, most urgent first; htmx asks for the list partial only."""
    form = BoardFilterForm(request.GET or None, city_id=supporter.city_id)
    challenges, cursor = board_page(user=request.user, supporter=supporter, filters=form.filters())
    query = request.GET.copy() if request.GET else QueryDict(mutable=True)
    query.pop("after", None)
    if cursor:
        query["after"] = f"{cursor[0].isoformat()}_{cursor[1]}"
    context = {"form": form, "challenges": challenges, "next_query": query.urlencode() if cursor else ""}
    if request.htmx and request.htmx.target == "board-list":
        return render(request, "challenges/_board_list.html", context)
    return render(request, "challenges/board.html", context)


@supporter_required
@require_POST
def claim(request, supporter, pk: int):
    challenge = _target(supporter, pk)
    try:
        challenge = services.challenge_claim(challenge=challenge, supporter=supporter, actor=request.user)
    except services.ChallengeError as error:
        return _answer(request, challenge, str(error), ok=False)
    return _answer(
        request, challenge, _("It is yours. The coach will contact you to arrange the hand-over."), ok=True
    )


def _answer(request, challenge: Challenge, text: str, *, ok: bool, back: str = ""):
    """htmx: the card itself, now carrying the outcome; a plain form: back to the board with a message."""
    if request.htmx:
        # Only a card the supporter may still see comes back: a refused claim on a challenge taken by
        # someone else, or hidden, answers with the sentence alone, never with its text.
        visible = Challenge.objects.visible_to(request.user).select_related("district").only(*CARD_FIELDS)
        shown = visible.filter(pk=challenge.pk).first()
        context = {"challenge": shown, "pk": challenge.pk, "notice": text, "notice_ok": ok}
        return render(request, "challenges/_card.html" if shown else "challenges/_card_gone.html", context)
    (messages.success if ok else messages.error)(request, text)
    return redirect(f"challenges:{back}" if back else ("challenges:mine" if ok else "challenges:board"))


@supporter_required
@require_POST
def pledge(request, supporter, pk: int):
    """Add my share to a sponsor challenge; the service keeps the total within the target."""
    challenge = _target(supporter, pk)
    form = PledgeForm(request.POST)
    if not form.is_valid():
        return _answer(request, challenge, _("Enter how many you pledge, 1 or more."), ok=False, back="board")
    try:
        services.pledge_add(
            challenge=challenge,
            supporter=supporter,
            quantity=form.cleaned_data["quantity"],
            actor=request.user,
        )
    except services.ChallengeError as error:
        return _answer(request, challenge, str(error), ok=False, back="board")
    return _answer(request, challenge, _("Thank you for your pledge! The coach keeps you posted."), ok=True,
                   back="board")  # fmt: skip


def _mine_context(request, supporter, notice: str = "", ok: bool = True) -> dict:
    """My challenges, and how many of mine a coordinator hid lately: a count, never their text."""
    hidden = Challenge.objects.filter(
        claimant=supporter, hidden_at__gte=timezone.now() - HIDDEN_NOTICE_FOR
    ).exclude(status=Challenge.Status.CONFIRMED)
    return {
        "challenges": my_challenges(user=request.user, supporter=supporter),
        "hidden_count": hidden.count(),
        "notice": notice,
        "notice_ok": ok,
    }


@supporter_required
def mine(request, supporter):
    """The challenges I hold: release one I cannot do, or say it is delivered."""
    return render(request, "challenges/mine.html", _mine_context(request, supporter))


@supporter_required
@require_POST
def release(request, supporter, pk: int):
    return _change(request, supporter, pk, services.challenge_release)


@supporter_required
@require_POST
def deliver(request, supporter, pk: int):
    return _change(request, supporter, pk, services.challenge_deliver)


def _change(request, supporter, pk: int, service):
    challenge = _target(supporter, pk)
    done = {
        services.challenge_release: _("You gave the challenge back; it is open for others again."),
        services.challenge_deliver: _("Thank you! The coach will confirm the hand-over."),
    }
    try:
        service(challenge=challenge, supporter=supporter, actor=request.user)
    except services.ChallengeError as error:
        text, ok = str(error), False
    else:
        text, ok = done[service], True
    if request.htmx:
        return render(request, "challenges/_mine_list.html", _mine_context(request, supporter, text, ok))
    (messages.success if ok else messages.error)(request, text)
    return redirect("challenges:mine")


@supporter_required
@require_POST
def report(request, supporter, pk: int):
    """Report a challenge I can see; htmx answers with the card (or my list) and a thank-you."""
    challenge = get_object_or_404(Challenge.objects.visible_to(request.user), pk=pk)
    form = ReportForm(request.POST)
    back = "mine" if request.POST.get("back") == "mine" else "board"
    if not form.is_valid():
        text, ok = _("Choose why you report this challenge; a note has 500 characters at most."), False
    else:
        try:
            services.challenge_report(
                challenge=challenge,
                supporter=supporter,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.ChallengeError as error:
            text, ok = str(error), False
        else:
            text, ok = _("Thank you. A coordinator will look at this challenge."), True
    if back == "mine":
        if request.htmx:
            return render(request, "challenges/_mine_list.html", _mine_context(request, supporter, text, ok))
        (messages.success if ok else messages.error)(request, text)
        return redirect("challenges:mine")
    return _answer(request, challenge, text, ok=ok, back="board")


@supporter_required
def progress(request, supporter):
    """Personal progress first (points, helps, badges), then this month's group ranking."""
    figures = supporter_progress(supporter=supporter)
    held = {award.badge.code for award in figures["badges"]}
    # A group milestone is earned by the group's own account; a person is not shown one they cannot earn.
    offered = [code for code in BADGES if code != "group-ten" or supporter.kind == supporter.Kind.GROUP]
    to_earn = [
        {"name": BADGES[code][0], "description": BADGES[code][1]} for code in offered if code not in held
    ]
    mine = {group.pk for group in groups_of(supporter)}
    return render(
        request,
        "challenges/progress.html",
        {
            "figures": figures,
            "to_earn": to_earn,
            "ranking": group_ranking(city_id=supporter.city_id),
            "my_groups": mine,
            "helps_to_five": max(0, 5 - figures["helps"]),
        },
    )


@supporter_required
def offers(request, supporter):
    """What families offer back: a gift, a loan, a swap or a symbolic sale; district only."""
    return render(request, "challenges/offers.html", {"offers": offers_open_for(supporter=supporter)})


@supporter_required
@require_POST
def offer_answer_view(request, supporter, pk: int):
    offer = get_object_or_404(
        Offer.objects.select_related("family"), pk=pk, family__city_id=supporter.city_id
    )
    form = OfferAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.offer_answer(
                offer=offer, supporter=supporter, actor=request.user, message=form.cleaned_data["message"]
            )
        except services.ChallengeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you! The coach will contact you to arrange it."))
    else:
        messages.error(request, _("Your message is too long."))
    return redirect("challenges:offers")
