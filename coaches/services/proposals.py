"""Shortlists for a family and the one-time link with which the family chooses without an account."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.models import Family, Guardian
from genk_village.audit import audit
from supporters.notifications import sms_backend

from ..models import (
    Coach,
    Match,
    ProposalLink,
)
from .errors import CoachError
from .matches import match_propose, match_record_choice

PROPOSAL_LINK_DAYS = 14
PROPOSAL_LINK_SALT = "coaches.proposal-link"


@transaction.atomic
def match_propose_shortlist(
    *, family: Family, actor, size: int | None = None, today: datetime.date | None = None
) -> list[Match]:
    """Propose the family's best ready coaches (SHORTLIST_SIZE by default), once the re-matching buffer
    after a closed match is over and while no proposal is open."""
    from ..matching import rematch_allowed_from, shortlist_for

    today = today or timezone.localdate()
    # The family row is the lock: two coordinators (or a batch and a coordinator) cannot both propose.
    family = Family.objects.select_for_update().get(pk=family.pk)
    if family.status != Family.Status.MATCHING:
        raise CoachError(_("Only a family in matching can get proposals."))
    allowed = rematch_allowed_from(family)
    if allowed and today < allowed:
        raise CoachError(
            _("%(family)s can get new proposals from %(date)s, after the pause that follows a closed match.")
            % {"family": family, "date": allowed.isoformat()}
        )
    if Match.objects.filter(family=family, status__in=[Match.Status.PROPOSED, Match.Status.CHOSEN]).exists():
        raise CoachError(_("%(family)s has open proposals already.") % {"family": family})
    ranked = shortlist_for(family, limit=size)
    if not ranked:
        raise CoachError(_("No ready coach with a free place for %(family)s.") % {"family": family})
    coaches = Coach.objects.in_bulk([entry.coach_id for entry in ranked])
    return [
        match_propose(family=family, coach=coaches[entry.coach_id], actor=actor, rank=place)
        for place, entry in enumerate(ranked, start=1)
    ]


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def proposal_link_create(*, family: Family, actor, now: datetime.datetime | None = None) -> tuple:
    """A one-time link for the family to choose without an account: a signed random token, returned once;
    only its hash is stored. It expires after PROPOSAL_LINK_DAYS and works for one choice. A new link
    revokes the family's older unused ones, so that only the link sent last can choose."""
    now = now or timezone.now()
    if not Match.objects.filter(family=family, status=Match.Status.PROPOSED).exists():
        raise CoachError(_("Propose a shortlist to %(family)s first.") % {"family": family})
    # Revoked by expiring now, in one conditional update: a used link keeps its record of the choice,
    # and an older link in the middle of a choice either spends itself first or finds itself expired.
    revoked = ProposalLink.objects.filter(family=family, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now, updated_at=now
    )
    if revoked:
        audit(actor=actor, action="coaches.proposal_link.revoked", target=family, fields=["proposal_links"])
    raw = secrets.token_urlsafe(24)
    link = ProposalLink.objects.create(
        family=family,
        token_hash=_token_hash(raw),
        expires_at=now + datetime.timedelta(days=PROPOSAL_LINK_DAYS),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="coaches.proposal_link.created", target=family, fields=["proposal_links"])
    return link, signing.TimestampSigner(salt=PROPOSAL_LINK_SALT).sign(raw)


def proposal_link_resolve(*, token: str, now: datetime.datetime | None = None) -> ProposalLink:
    """The link behind a token, if its signature holds and it is neither expired nor used (404 / 410)."""
    now = now or timezone.now()
    try:
        raw = signing.TimestampSigner(salt=PROPOSAL_LINK_SALT).unsign(
            token, max_age=datetime.timedelta(days=PROPOSAL_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise CoachError(
            _("This link has expired. Ask your coordinator for a new one."), status=410
        ) from None
    except signing.BadSignature:
        raise CoachError(_("This link is not valid."), status=404) from None
    link = ProposalLink.objects.select_related("family").filter(token_hash=_token_hash(raw)).first()
    if link is None:
        raise CoachError(_("This link is not valid."), status=404)
    if link.used_at is not None:
        raise CoachError(_("This link has been used already: your choice is recorded."), status=410)
    if link.expires_at <= now:
        raise CoachError(_("This link has expired. Ask your coordinator for a new one."), status=410)
    return link


@transaction.atomic
def proposal_link_choose(*, token: str, match_id: int, now: datetime.datetime | None = None) -> Match:
    """The family chooses through its link: the link is spent by a conditional update, so it works once."""
    now = now or timezone.now()
    link = proposal_link_resolve(token=token, now=now)
    match = Match.objects.filter(pk=match_id, family_id=link.family_id, status=Match.Status.PROPOSED).first()
    if match is None:
        raise CoachError(_("This coach is no longer on your shortlist."), status=409)
    spent = ProposalLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=now, chosen_match=match, updated_at=now
    )
    if not spent:
        raise CoachError(_("This link has been used already: your choice is recorded."), status=410)
    audit(actor=None, action="coaches.proposal_link.used", target=link.family, fields=["matches"])
    return match_record_choice(match=match, actor=None)


def undo_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.PROPOSAL_UNDO_MINUTES)


@transaction.atomic
def match_choice_undo(
    *, match: Match, actor, window: datetime.timedelta | None, now: datetime.datetime | None = None
) -> Match:
    """Put a family's choice back while the chosen coach has not answered: the shortlist it set aside is
    open again, and a link that recorded it works again. `window` limits how long after the choice
    (the family's undo); None is a coordinator's, at any time before the coach answers."""
    now = now or timezone.now()
    # The row lock keeps an undo and the coach's answer from both passing.
    chosen = Match.objects.select_for_update().filter(pk=match.pk, status=Match.Status.CHOSEN).first()
    if chosen is None or (window is not None and chosen.chosen_at + window <= now):
        raise CoachError(_("This choice can no longer be undone."), status=409)
    Match.objects.filter(pk=chosen.pk).update(
        status=Match.Status.PROPOSED, chosen_by=None, chosen_at=None, coach_notified_at=None, updated_at=now
    )
    # The proposals this choice set aside, not those of an earlier shortlist: match_choose updated them
    # right after it stamped chosen_at.
    Match.objects.filter(
        family_id=chosen.family_id, status=Match.Status.NOT_CHOSEN, updated_at__gte=chosen.chosen_at
    ).update(status=Match.Status.PROPOSED, updated_at=now)
    ProposalLink.objects.filter(chosen_match=chosen).update(used_at=None, chosen_match=None, updated_at=now)
    audit(actor=actor, action="coaches.match.choice_undone", target=chosen.family, fields=["matches"])
    chosen.refresh_from_db()
    return chosen


def proposal_link_chosen(*, token: str) -> Match:
    """The match a family's spent link chose, for its undo: the signature must hold (404 otherwise)."""
    try:
        raw = signing.TimestampSigner(salt=PROPOSAL_LINK_SALT).unsign(
            token, max_age=datetime.timedelta(days=PROPOSAL_LINK_DAYS)
        )
    except signing.BadSignature:
        raise CoachError(_("This link is not valid."), status=404) from None
    link = ProposalLink.objects.select_related("chosen_match").filter(token_hash=_token_hash(raw)).first()
    if link is None or link.chosen_match is None:
        raise CoachError(_("This link is not valid."), status=404)
    return link.chosen_match


class LinkChannel:
    EMAIL = "email"
    SMS = "sms"


def proposal_link_send(
    *, token: str, url: str, guardian: Guardian, channel: str, language: str, actor, now=None
) -> None:
    """Send the family's one-time link to one of its guardians, by e-mail or by SMS (the SMS_BACKEND),
    in the family's language. Only a link that still works, to a guardian of its own family; the audit
    entry names the channel, never the address."""
    link = proposal_link_resolve(token=token, now=now)
    if guardian.family_id != link.family_id:
        raise CoachError(_("This guardian is not of the family of this link."))
    to = (
        guardian.email
        if channel == LinkChannel.EMAIL
        else guardian.phone
        if channel == LinkChannel.SMS
        else ""
    )
    if not to:
        raise CoachError(_("This guardian has no address for that way of sending."))
    with translation.override(language):
        until = formats.date_format(timezone.localtime(link.expires_at), "DATE_FORMAT")
        text = gettext(
            "Choose the coach for your family: %(url)s (the link works for one choice, until %(date)s)."
        ) % {"url": url, "date": until}
        if channel == LinkChannel.EMAIL:
            send_mail(gettext("Choose your family's coach"), text, None, [to])
        else:
            sms_backend().send(to=to, text=text)
    audit(
        actor=actor,
        action=f"coaches.proposal_link.sent_by_{channel}",
        target=link.family,
        fields=["proposal_links"],
    )
