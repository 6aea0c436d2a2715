"""Every write to a challenge: post, claim, release, deliver, confirm, cancel, expire, and the points;
an offer given or answered, the badges the ledger earns; hiding and reporting a published challenge."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Family, Offer
from families.services import offer_mark_given
from genk_village.audit import audit
from genk_village.errors import ServiceError
from genk_village.screening import screen, screen_texts
from supporters.badges import BADGES
from supporters.models import AwardedBadge, Badge, Supporter

from .models import Challenge, ChallengeEvent, ChallengeReport, OfferAnswer, Pledge, PointsEntry
from .selectors import badges_due

POINTS_FOR_CONFIRMED = 10
POINTS_SPEED_BONUS = 5
POINTS_PER_PLEDGE = 5
POINTS_FOR_OFFER_GIVEN = 10
FAST_CLAIM = datetime.timedelta(hours=24)
# A sponsor challenge whose pledges reached the target is done, waiting for the coach's confirmation.
_COMPLETE_SPONSOR = Q(target_quantity__isnull=False, pledged_quantity__gte=F("target_quantity"))


class ChallengeError(ServiceError):
    pass


def _event(challenge: Challenge, kind: str, actor, at: datetime.datetime) -> ChallengeEvent:
    return ChallengeEvent.objects.create(
        challenge=challenge,
        kind=kind,
        created_at=at,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def _refused(challenge: Challenge) -> ChallengeError:
    challenge.refresh_from_db(fields=["status"])
    messages = {
        Challenge.Status.CLAIMED: _("Someone else has just taken this challenge."),
        Challenge.Status.DELIVERED: _("This challenge has been delivered already."),
        Challenge.Status.CONFIRMED: _("This challenge is done already."),
        Challenge.Status.EXPIRED: _("This challenge has expired."),
        Challenge.Status.CANCELLED: _("This challenge was cancelled."),
        Challenge.Status.OPEN: _("This challenge is open; nobody holds it."),
    }
    return ChallengeError(messages[challenge.status], status=409)


@transaction.atomic
def challenge_post(
    *,
    family: Family,
    title: str,
    category: str,
    needed_by: datetime.date,
    actor,
    description: str = "",
    exchange_mode: str = Challenge.ExchangeMode.GIFT,
    target_quantity: int | None = None,
) -> Challenge:
    """Post an open challenge for a matched family; the district is the family's, nothing more.

    With a `target_quantity` it is a sponsor challenge that several supporters fill with pledges."""
    if family.status != Family.Status.MATCHED:
        raise ChallengeError(_("Challenges can be posted only for a family with an active coach."))
    if needed_by < timezone.localdate():
        raise ChallengeError(_("The date it is needed by has passed."))
    if target_quantity is not None and target_quantity < 1:
        raise ChallengeError(_("A target must be at least 1."))
    if problems := screen_texts({_("Title"): title, _("Description"): description}, names=family.names()):
        raise ChallengeError(" ".join(problems))
    challenge = Challenge.objects.create(
        city_id=family.city_id,
        family=family,
        district_id=family.district_id,
        title=title,
        description=description,
        category=category,
        exchange_mode=exchange_mode,
        needed_by=needed_by,
        target_quantity=target_quantity,
        posted_by=actor if getattr(actor, "pk", None) else None,
    )
    _event(challenge, ChallengeEvent.Kind.POSTED, actor, challenge.created_at)
    from .tasks import match_challenge

    transaction.on_commit(lambda: match_challenge.delay(challenge.pk))
    return challenge


@transaction.atomic
def challenge_claim(*, challenge: Challenge, supporter: Supporter, actor) -> Challenge:
    """First come, first served: a conditional update, so of simultaneous claims exactly one wins."""
    now = timezone.now()
    if supporter.city_id != challenge.city_id:
        raise ChallengeError(_("This challenge is in another city."), status=404)
    _refuse_unless_approved(supporter)
    if challenge.target_quantity is not None:
        raise ChallengeError(_("This challenge takes pledges; pledge instead."), status=409)
    changed = Challenge.objects.filter(
        pk=challenge.pk,
        status=Challenge.Status.OPEN,
        target_quantity__isnull=True,
        needed_by__gte=timezone.localdate(),
    ).update(status=Challenge.Status.CLAIMED, claimant=supporter, claimed_at=now, updated_at=now)
    if not changed:
        error = _refused(challenge)
        if challenge.status == Challenge.Status.OPEN:  # still open: its date passed before the expiry job ran
            error = ChallengeError(_("This challenge has expired."), status=409)
        raise error
    challenge.refresh_from_db()
    _tell_coach(_event(challenge, ChallengeEvent.Kind.CLAIMED, actor, now))
    return challenge


def _tell_coach(event: ChallengeEvent) -> None:
    """After the commit, in its own job: a claim never waits for the coach's e-mail."""
    from .tasks import tell_about_event

    transaction.on_commit(lambda: tell_about_event.delay(event.pk))


@transaction.atomic
def challenge_release(*, challenge: Challenge, supporter: Supporter, actor) -> Challenge:
    """The claimant gives a challenge back: it is open again for others."""
    now = timezone.now()
    changed = Challenge.objects.filter(
        pk=challenge.pk, status=Challenge.Status.CLAIMED, claimant=supporter
    ).update(status=Challenge.Status.OPEN, claimant=None, claimed_at=None, updated_at=now)
    if not changed:
        raise _not_yours_or_refused(challenge, supporter)
    challenge.refresh_from_db()
    _event(challenge, ChallengeEvent.Kind.RELEASED, actor, now)
    return challenge


@transaction.atomic
def challenge_deliver(*, challenge: Challenge, supporter: Supporter, actor) -> Challenge:
    """The claimant says it is handed over; the family's coach confirms it next."""
    now = timezone.now()
    changed = Challenge.objects.filter(
        pk=challenge.pk, status=Challenge.Status.CLAIMED, claimant=supporter
    ).update(status=Challenge.Status.DELIVERED, delivered_at=now, updated_at=now)
    if not changed:
        raise _not_yours_or_refused(challenge, supporter)
    challenge.refresh_from_db()
    _tell_coach(_event(challenge, ChallengeEvent.Kind.DELIVERED, actor, now))
    return challenge


def _not_yours_or_refused(challenge: Challenge, supporter: Supporter) -> ChallengeError:
    challenge.refresh_from_db(fields=["status", "claimant"])
    if challenge.claimant_id and challenge.claimant_id != supporter.pk:
        return ChallengeError(_("This challenge is held by someone else."), status=403)
    return _refused(challenge)


@transaction.atomic
def challenge_confirm(*, challenge: Challenge, actor) -> Challenge:
    """The family's coach (or a coordinator) confirms; the points are awarded after the commit.

    A complete sponsor challenge (pledges up to its target) is confirmed from open: it has no claimant.
    Nobody confirms their own help: the claimant is refused whatever other roles they hold."""
    if not Family.objects.visible_to(actor).filter(pk=challenge.family_id).exists():
        raise ChallengeError(_("Only the family's coach or a coordinator confirms a challenge."), status=403)
    if challenge.claimant_id and Supporter.objects.filter(pk=challenge.claimant_id, user=actor).exists():
        raise ChallengeError(_("You cannot confirm a challenge you took on yourself."), status=403)
    now = timezone.now()
    held = Q(status__in=[Challenge.Status.CLAIMED, Challenge.Status.DELIVERED])
    complete = Q(status=Challenge.Status.OPEN) & _COMPLETE_SPONSOR
    changed = Challenge.objects.filter(held | complete, pk=challenge.pk).update(
        status=Challenge.Status.CONFIRMED, confirmed_at=now, updated_at=now
    )
    if not changed:
        raise _refused(challenge)
    challenge.refresh_from_db()
    event = _event(challenge, ChallengeEvent.Kind.CONFIRMED, actor, now)
    from .tasks import award_points_for_event

    transaction.on_commit(lambda: award_points_for_event.delay(event.pk))
    return challenge


@transaction.atomic
def challenge_cancel(*, challenge: Challenge, actor) -> Challenge:
    """Withdraw a challenge that is not done yet."""
    now = timezone.now()
    changed = Challenge.objects.filter(
        pk=challenge.pk, status__in=[Challenge.Status.OPEN, Challenge.Status.CLAIMED]
    ).update(status=Challenge.Status.CANCELLED, closed_at=now, updated_at=now)
    if not changed:
        raise _refused(challenge)
    challenge.refresh_from_db()
    _event(challenge, ChallengeEvent.Kind.CANCELLED, actor, now)
    audit(actor=actor, action="challenges.challenge.cancelled", target=challenge)
    return challenge


def challenges_expire_overdue(*, today: datetime.date | None = None) -> int:
    """Expire every open challenge past its date, including ones a missed run left behind;
    a complete sponsor challenge never expires: it waits for its confirmation."""
    today = today or timezone.localdate()
    expired = 0
    overdue = (
        Challenge.objects.filter(status=Challenge.Status.OPEN, needed_by__lt=today)
        .exclude(_COMPLETE_SPONSOR)
        .values_list("pk", flat=True)
    )
    for pk in overdue.iterator(chunk_size=1000):
        with transaction.atomic():
            now = timezone.now()
            # Conditional: a challenge claimed or filled since the query above is not expired.
            expire = Challenge.objects.filter(pk=pk, status=Challenge.Status.OPEN).exclude(_COMPLETE_SPONSOR)
            if expire.update(status=Challenge.Status.EXPIRED, closed_at=now, updated_at=now):
                ChallengeEvent.objects.create(
                    challenge_id=pk, kind=ChallengeEvent.Kind.EXPIRED, created_at=now
                )
                expired += 1
    return expired


def points_award_for_event(*, event: ChallengeEvent) -> list[PointsEntry]:
    """Pay the claimant for a confirmed challenge, plus a bonus when claimed within 24 hours.

    Exactly once: the ledger's unique (event, reason) makes a retried or duplicated job a no-op.
    """
    challenge = event.challenge
    if event.kind != ChallengeEvent.Kind.CONFIRMED or challenge.claimant_id is None:
        return []
    awards = [(PointsEntry.Reason.CHALLENGE_CONFIRMED, POINTS_FOR_CONFIRMED)]
    if challenge.claimed_at and challenge.claimed_at - challenge.created_at <= FAST_CLAIM:
        awards.append((PointsEntry.Reason.SPEED_BONUS, POINTS_SPEED_BONUS))
    entries = []
    with transaction.atomic():  # both awards or neither: a worker killed between them leaves no half-payment
        for reason, points in awards:
            try:
                with transaction.atomic():
                    entries.append(
                        PointsEntry.objects.create(
                            supporter_id=challenge.claimant_id,
                            points=points,
                            reason=reason,
                            challenge_event=event,
                            created_at=event.created_at,
                        )
                    )
            except IntegrityError:
                continue  # paid already by an earlier delivery of the same job
    return entries


@transaction.atomic
def pledge_add(*, challenge: Challenge, supporter: Supporter, quantity: int, actor) -> Pledge:
    """Add a supporter's share to a sponsor challenge. A conditional update adds it only while it fits
    under the target, so simultaneous pledges can never overshoot; the points follow after the commit."""
    if supporter.city_id != challenge.city_id:
        raise ChallengeError(_("This challenge is in another city."), status=404)
    _refuse_unless_approved(supporter)
    if quantity < 1:
        raise ChallengeError(_("Pledge at least 1."))
    now = timezone.now()
    changed = Challenge.objects.filter(
        pk=challenge.pk,
        status=Challenge.Status.OPEN,
        target_quantity__isnull=False,
        needed_by__gte=timezone.localdate(),
        pledged_quantity__lte=F("target_quantity") - quantity,
    ).update(pledged_quantity=F("pledged_quantity") + quantity, updated_at=now)
    if not changed:
        raise _pledge_refused(challenge)
    pledge = Pledge.objects.create(
        challenge=challenge, supporter=supporter, quantity=quantity, created_at=now
    )
    challenge.refresh_from_db(fields=["pledged_quantity", "updated_at"])
    audit(actor=actor, action="challenges.pledge.added", target=pledge, city_id=challenge.city_id)
    from .tasks import award_points_for_pledge

    transaction.on_commit(lambda: award_points_for_pledge.delay(pledge.pk))
    return pledge


def _refuse_unless_approved(supporter: Supporter) -> None:
    """The board's own rule, for every way in (the pages and the API): no approval yet, no taking part."""
    if supporter.waits_for_approval:
        message = _(
            "A coordinator of your city checks every new supporter first. "
            "You will get an e-mail as soon as you can claim challenges."
        )
        raise ChallengeError(message, status=403)


def _pledge_refused(challenge: Challenge) -> ChallengeError:
    challenge.refresh_from_db(fields=["status", "target_quantity", "pledged_quantity", "needed_by"])
    if challenge.target_quantity is None:
        return ChallengeError(_("This challenge takes no pledges; claim it instead."))
    if challenge.status != Challenge.Status.OPEN:
        return _refused(challenge)
    if challenge.needed_by < timezone.localdate():
        return ChallengeError(_("This challenge has expired."), status=409)
    left = challenge.target_quantity - challenge.pledged_quantity
    if left == 0:
        return ChallengeError(_("This challenge is complete already. Thank you!"), status=409)
    return ChallengeError(
        _("Only %(left)d more are needed; pledge %(left)d or fewer.") % {"left": left}, status=409
    )


def points_award_for_pledge(*, pledge: Pledge) -> list[PointsEntry]:
    """Pay a pledge's points exactly once: the ledger's unique (pledge, reason) makes a rerun a no-op."""
    try:
        with transaction.atomic():
            return [
                PointsEntry.objects.create(
                    supporter_id=pledge.supporter_id,
                    points=POINTS_PER_PLEDGE,
                    reason=PointsEntry.Reason.PLEDGE,
                    pledge=pledge,
                    created_at=pledge.created_at,
                )
            ]
    except IntegrityError:
        return []  # paid already by an earlier delivery of the same job


def points_award_for_offer(*, offer: Offer) -> list[PointsEntry]:
    """Pay the family for something it gave back, exactly once: the ledger's unique (offer, reason)."""
    try:
        with transaction.atomic():
            return [
                PointsEntry.objects.create(
                    family_id=offer.family_id,
                    points=POINTS_FOR_OFFER_GIVEN,
                    reason=PointsEntry.Reason.OFFER_GIVEN,
                    offer=offer,
                )
            ]
    except IntegrityError:
        return []  # paid already


@transaction.atomic
def offer_give(*, offer: Offer, actor) -> Offer:
    """An open offer has been given: the family file marks it taken, then the family earns its points
    exactly once. One transaction, so an offer refused as not open pays nothing."""
    offer = offer_mark_given(offer=offer, actor=actor)
    points_award_for_offer(offer=offer)
    return offer


@transaction.atomic
def offer_answer(*, offer: Offer, supporter: Supporter, actor, message: str = "") -> OfferAnswer:
    """Answer an open offer of a family of my city, once; the family's coach sees it and arranges the rest."""
    if offer.family.city_id != supporter.city_id:
        raise ChallengeError(_("This offer is in another city."), status=404)
    if offer.status != Offer.Status.OPEN:
        raise ChallengeError(_("This offer is no longer open."), status=409)
    answer, created = OfferAnswer.objects.get_or_create(
        offer=offer, supporter=supporter, defaults={"message": message.strip()}
    )
    if not created:
        raise ChallengeError(_("You have answered this offer already."), status=409)
    audit(actor=actor, action="supporters.offer.answered", target=answer, city_id=supporter.city_id)
    return answer


def badges_award(*, supporter: Supporter) -> list[AwardedBadge]:
    """Award every badge the ledger entitles a supporter to and not held yet; the unique
    (supporter, badge) makes a rerun a no-op."""
    awarded = []
    held = set(supporter.badges.values_list("badge__code", flat=True))
    for code in sorted(badges_due(supporter) - held):
        name, description = BADGES[code]
        badge, _created = Badge.objects.get_or_create(
            code=code, defaults={"name": str(name), "description": str(description)}
        )
        try:
            with transaction.atomic():
                awarded.append(AwardedBadge.objects.create(supporter=supporter, badge=badge))
        except IntegrityError:
            continue  # a concurrent run awarded it a moment ago
    return awarded


# Moderation ------------------------------------------------------------------------------------------
# Hiding cancels what is not done yet, as challenge_cancel would: every claim, pledge, release and
# delivery rule then refuses it unchanged. One delivered or done keeps its state (the help was given).
_HIDING_CANCELS = [Challenge.Status.OPEN, Challenge.Status.CLAIMED]


def _moderates(actor, challenge: Challenge) -> bool:
    return bool(
        actor.is_superuser or (actor.is_coordinator and actor.city_id and actor.city_id == challenge.city_id)
    )


@transaction.atomic
def challenge_hide(*, challenge: Challenge, reason: str, actor) -> Challenge:
    """A coordinator of the city takes a challenge off the board and the API at once; the reason stays
    for the coordinators and the coach. Its open reports are handled with it."""
    if not _moderates(actor, challenge):
        raise ChallengeError(_("Only a coordinator of the challenge's city can hide it."), status=403)
    reason = (reason or "").strip()
    if not reason:
        raise ChallengeError(_("Say why the challenge is hidden."))
    if len(reason) > 500:
        raise ChallengeError(_("Keep the reason under 500 characters."))
    now = timezone.now()
    cancels = Q(status__in=_HIDING_CANCELS)
    # Conditional: of two coordinators hiding at once, one wins. The CASEs read the row's old status.
    changed = Challenge.objects.filter(pk=challenge.pk, hidden_at__isnull=True).update(
        hidden_at=now,
        hidden_by=actor,
        hidden_reason=reason,
        status=Case(When(cancels, then=Value(Challenge.Status.CANCELLED)), default=F("status")),
        closed_at=Case(When(cancels, then=Value(now)), default=F("closed_at")),
        updated_at=now,
    )
    if not changed:
        raise ChallengeError(_("This challenge is hidden already."), status=409)
    challenge.refresh_from_db()
    if challenge.closed_at == now:
        _event(challenge, ChallengeEvent.Kind.CANCELLED, actor, now)
    ChallengeReport.objects.open().filter(challenge=challenge).update(
        handled_at=now, handled_by=actor, outcome=ChallengeReport.Outcome.HIDDEN
    )
    audit(actor=actor, action="challenges.challenge.hidden", target=challenge, fields=["hidden_reason"])
    return challenge


@transaction.atomic
def challenge_report(
    *, challenge: Challenge, supporter: Supporter, reason: str, actor, note: str = ""
) -> ChallengeReport:
    """A supporter reports a challenge they can see, once while their report is open; the note is
    screened like every free text, and the coordinators' queue shows it."""
    if (
        not Challenge.objects.visible_to(actor).filter(pk=challenge.pk).exists()
        or supporter.user_id != actor.pk
    ):
        raise ChallengeError(_("This challenge was not found."), status=404)
    if reason not in ChallengeReport.Reason.values:
        raise ChallengeError(_("Choose why you report this challenge."))
    note = (note or "").strip()
    if len(note) > 500:
        raise ChallengeError(_("Keep the note under 500 characters."))
    # Without the family's names: a refusal that quoted one would tell the supporter who the family is.
    if problems := screen(note, field_label=str(_("Note"))):
        raise ChallengeError(" ".join(problems))
    try:
        with transaction.atomic():
            report = ChallengeReport.objects.create(
                challenge=challenge, reporter=supporter, reason=reason, note=note
            )
    except IntegrityError:
        raise ChallengeError(_("You have reported this challenge already; a coordinator looks at it."),
                             status=409) from None  # fmt: skip
    audit(actor=actor, action="challenges.challenge.reported", target=challenge, fields=["reason"])
    return report


@transaction.atomic
def challenge_report_dismiss(*, report: ChallengeReport, actor) -> ChallengeReport:
    """A coordinator of the city finds nothing wrong: the report leaves the queue, the challenge stays."""
    if not _moderates(actor, report.challenge):
        raise ChallengeError(_("Only a coordinator of the challenge's city handles its reports."), status=403)
    now = timezone.now()
    changed = (
        ChallengeReport.objects.open()
        .filter(pk=report.pk)
        .update(handled_at=now, handled_by=actor, outcome=ChallengeReport.Outcome.DISMISSED)
    )
    if not changed:
        raise ChallengeError(_("This report has been handled already."), status=409)
    report.refresh_from_db()
    audit(actor=actor, action="challenges.report.dismissed", target=report.challenge)
    return report
