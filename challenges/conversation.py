"""The hand-over conversation of a claimed challenge: its claimant and the family's coach, nobody else.

Every message and proposed place is screened like the texts supporters see: no phone number, e-mail
address, street and number, or the family's names gets through. A proposal (a time and a place) is
accepted by the other side; the accepted one is the appointment in both calendar feeds.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import coach_sees
from genk_village.audit import audit
from genk_village.screening import screen
from supporters.models import NotificationKind
from supporters.notifications import notify

from .models import Challenge, HandoverMessage
from .services import ChallengeError

BODY_MAX_LENGTH = 1000
PLACE_MAX_LENGTH = 200
# A conversation stays open while the help is under way, and a little after: thanks, a forgotten bag.
OPEN_STATUSES = (Challenge.Status.CLAIMED, Challenge.Status.DELIVERED, Challenge.Status.CONFIRMED)


def conversation_challenges(user):
    """The challenges whose conversation `user` takes part in: as their claimant (unless a coordinator hid
    it) or as the family's coach. Coordinators and superusers are not in it: it is the two people's."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Challenge.objects.none()
    return Challenge.objects.filter(status__in=OPEN_STATUSES, claimant__isnull=False).filter(
        Q(claimant__user=user, hidden_at__isnull=True) | coach_sees(user, "family")
    )


def conversation_for(user, pk) -> tuple[Challenge, str]:
    """The challenge and the caller's side ("coach" or "supporter"); 404 for anyone else."""
    challenge = (
        conversation_challenges(user).select_related("claimant__user", "district").filter(pk=pk).first()
    )
    if challenge is None:
        raise Http404
    side = (
        HandoverMessage.Author.SUPPORTER
        if challenge.claimant.user_id == user.pk
        else HandoverMessage.Author.COACH
    )
    return challenge, side


def messages_of(challenge: Challenge):
    return HandoverMessage.objects.conversation(challenge)


def appointment_of(challenge: Challenge) -> HandoverMessage | None:
    """The agreed hand-over: the proposal accepted last."""
    return messages_of(challenge).filter(accepted_at__isnull=False).order_by("-accepted_at", "-id").first()


def _screened(text: str, label: str, challenge: Challenge, side: str) -> list[str]:
    """What must go from a message. A supporter's refusal never quotes a name it found, since that would
    tell them who the family is; the coach knows the names and is shown which one."""
    names = challenge.family.names()
    if side == HandoverMessage.Author.COACH:
        return screen(text, field_label=label, names=names)
    problems = screen(text, field_label=label)
    if len(screen(text, field_label=label, names=names)) > len(problems):
        problems.insert(
            0, _("%(field)s: remove the names; the family stays unknown to supporters.") % {"field": label}
        )
    return problems


def coach_users(challenge: Challenge):
    """The family's coach(es) of an active match, read through the user's reverse relations so that this
    app does not import the coaches app."""
    return get_user_model().objects.filter(
        coach__matches__family_id=challenge.family_id, coach__matches__status="active", is_active=True
    )


def _page_for(challenge: Challenge, side: str) -> str:
    if side == HandoverMessage.Author.SUPPORTER:
        return reverse("challenges:conversation", args=[challenge.pk])
    return reverse("coaches:challenge_detail", args=[challenge.pk]) + "#conversation"


def _tell_other_side(message: HandoverMessage, *, kind: str, key: str, title, body) -> None:
    """Tell the side that did not write: in the app, and by e-mail or text as each person chose."""
    challenge = message.challenge
    if message.author == HandoverMessage.Author.COACH:
        people, side = [challenge.claimant.user], HandoverMessage.Author.SUPPORTER
    else:
        people, side = list(coach_users(challenge)), HandoverMessage.Author.COACH
    for person in people:
        with translation.override(person.language):
            notify(
                user=person,
                kind=kind,
                key=key,
                title=str(title) % {"title": challenge.title},
                body=str(body),
                url=_page_for(challenge, side),
                challenge=challenge,
            )


def when_text(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@transaction.atomic
def handover_message_post(
    *,
    challenge: Challenge,
    actor,
    body: str,
    proposed_start: datetime.datetime | None = None,
    proposed_place: str = "",
) -> HandoverMessage:
    """Write in a challenge's conversation, perhaps proposing a time and place; screened, then the other
    side is told. Refused for anyone but the claimant and the family's coach."""
    challenge, side = conversation_for(actor, challenge.pk)
    body, proposed_place = (body or "").strip(), (proposed_place or "").strip()
    if not body:
        raise ChallengeError(_("Write a message."))
    if len(body) > BODY_MAX_LENGTH:
        raise ChallengeError(_("Keep the message under %(max)d characters.") % {"max": BODY_MAX_LENGTH})
    if len(proposed_place) > PLACE_MAX_LENGTH:
        raise ChallengeError(_("Keep the place under %(max)d characters.") % {"max": PLACE_MAX_LENGTH})
    if bool(proposed_start) != bool(proposed_place):
        raise ChallengeError(_("A proposal needs both a time and a place."))
    if proposed_start and proposed_start <= timezone.now():
        raise ChallengeError(_("Propose a time that is still to come."))
    problems = _screened(body, _("Message"), challenge, side)
    if proposed_place:
        problems += _screened(proposed_place, _("Place"), challenge, side)
    if problems:
        raise ChallengeError(" ".join(problems))
    message = HandoverMessage.objects.create(
        challenge=challenge,
        supporter_id=challenge.claimant_id,
        author=side,
        written_by=actor,
        body=body,
        proposed_start=proposed_start,
        proposed_place=proposed_place,
    )
    audit(actor=actor, action="challenges.handover.written", target=challenge)
    if proposed_start:
        title = gettext_lazy("A time is proposed for “%(title)s”")
        text = f"{when_text(proposed_start)} · {proposed_place}\n\n{body}"
    else:
        title, text = gettext_lazy("A message about “%(title)s”"), body
    _tell_other_side(
        message, kind=NotificationKind.HANDOVER, key=f"handover:{message.pk}", title=title, body=text
    )
    return message


@transaction.atomic
def handover_proposal_accept(*, message: HandoverMessage, actor) -> HandoverMessage:
    """The other side accepts a proposed time and place; once, by a conditional update."""
    challenge, side = conversation_for(actor, message.challenge_id)
    proposal = messages_of(challenge).filter(pk=message.pk, proposed_start__isnull=False).first()
    if proposal is None:
        raise ChallengeError(_("This proposal was not found."), status=404)
    if proposal.author == side:
        raise ChallengeError(_("The other side accepts your proposal."), status=403)
    if proposal.proposed_start <= timezone.now():
        raise ChallengeError(_("This time has passed; propose another one."), status=409)
    now = timezone.now()
    if not HandoverMessage.objects.filter(pk=proposal.pk, accepted_at__isnull=True).update(accepted_at=now):
        raise ChallengeError(_("This proposal is accepted already."), status=409)
    proposal.refresh_from_db()
    audit(actor=actor, action="challenges.handover.accepted", target=challenge)
    _tell_other_side(
        HandoverMessage(challenge=challenge, author=side),
        kind=NotificationKind.HANDOVER,
        key=f"handover-accepted:{proposal.pk}",
        title=gettext_lazy("The hand-over of “%(title)s” is agreed"),
        body=f"{when_text(proposal.proposed_start)} · {proposal.proposed_place}",
    )
    return proposal
