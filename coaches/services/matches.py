"""The life of a match: proposal, the family's choice, start, decline and closure; its contacts and
the coach's questions to the think tank."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from families.models import Family
from genk_village.audit import audit
from genk_village.links import absolute_url

from ..models import (
    COACH_KINDS,
    COORDINATOR_KINDS,
    Coach,
    ContactLog,
    HealthCheckIn,
    Match,
    SupportRequest,
)
from .errors import CoachError
from .screening import coach_is_ready


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def match_validate_proposal(*, family: Family, coach: Coach) -> None:
    """Raise CoachError unless the coach may be proposed to the family (the admin form shows it)."""
    if family.status != Family.Status.MATCHING:
        raise CoachError(_("Only a family in matching can get proposals."))
    if coach.city_id != family.city_id:
        raise CoachError(_("The coach works in another city."))
    if not coach_is_ready(coach):
        raise CoachError(
            _("%(coach)s is not ready: screening or required training is missing.") % {"coach": coach}
        )
    if coach.active_matches >= coach.capacity:
        raise CoachError(_("%(coach)s has no free capacity.") % {"coach": coach})
    if Match.objects.filter(family=family, coach=coach, status__in=["proposed", "chosen"]).exists():
        raise CoachError(_("%(coach)s is on this family's shortlist already.") % {"coach": coach})


@transaction.atomic
def match_propose(*, family: Family, coach: Coach, actor, rank: int | None = None) -> Match:
    """Put a ready coach with free capacity on a family's shortlist."""
    match_validate_proposal(family=family, coach=coach)
    try:
        with transaction.atomic():
            match = Match.objects.create(family=family, coach=coach, rank=rank)
    except IntegrityError:
        raise CoachError(_("%(coach)s is on this family's shortlist already.") % {"coach": coach}) from None
    audit(actor=actor, action="coaches.match.proposed", target=family, fields=["matches"])
    return match


@transaction.atomic
def match_choose(*, match: Match, actor) -> Match:
    """Record the family's choice (by whoever recorded it); the other proposals are set aside."""
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.PROPOSED).update(
        status=Match.Status.CHOSEN,
        chosen_by=actor if getattr(actor, "pk", None) else None,
        chosen_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not changed:
        raise CoachError(_("This proposal is no longer open."))
    Match.objects.filter(family_id=match.family_id, status=Match.Status.PROPOSED).exclude(pk=match.pk).update(
        status=Match.Status.NOT_CHOSEN, updated_at=timezone.now()
    )
    match.refresh_from_db()
    audit(actor=actor, action="coaches.match.chosen", target=match.family, fields=["matches"])
    return match


@transaction.atomic
def match_activate(*, match: Match, actor, started_on: datetime.date | None = None) -> Match:
    """The chosen coach accepts: the match becomes active, within the coach's capacity."""
    started_on = started_on or timezone.localdate()
    # The conditional increment is the lock: two activations for the last free place cannot both pass.
    took_place = Coach.objects.filter(pk=match.coach_id, active_matches__lt=F("capacity")).update(
        active_matches=F("active_matches") + 1
    )
    if not took_place:
        raise CoachError(_("%(coach)s has no free capacity.") % {"coach": match.coach})
    try:
        with transaction.atomic():
            changed = Match.objects.filter(pk=match.pk, status=Match.Status.CHOSEN).update(
                status=Match.Status.ACTIVE,
                started_on=started_on,
                planned_end_on=_years_later(started_on, settings.MATCH_YEARS),
                updated_at=timezone.now(),
            )
    except IntegrityError:
        raise CoachError(_("This family has an active match already.")) from None
    if not changed:
        raise CoachError(_("Only a match the family chose can start."))
    Family.objects.filter(pk=match.family_id).update(status=Family.Status.MATCHED, updated_at=timezone.now())
    match.refresh_from_db()
    audit(
        actor=actor,
        action="coaches.match.activated",
        target=match.family,
        fields=["matches", "status"],
    )
    return match


@transaction.atomic
def match_decline(*, match: Match, actor) -> Match:
    """The chosen coach declines; the coordinator then proposes again."""
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.CHOSEN).update(
        status=Match.Status.DECLINED, updated_at=timezone.now()
    )
    if not changed:
        raise CoachError(_("Only a match the family chose can be declined."))
    match.refresh_from_db()
    audit(actor=actor, action="coaches.match.declined", target=match.family, fields=["matches"])
    return match


@transaction.atomic
def match_close(
    *,
    match: Match,
    reason: str,
    actor,
    exit_note: str = "",
    ended_on: datetime.date | None = None,
    kind: str = "",
    conversation_on: datetime.date | None = None,
    goodbye_on: datetime.date | None = None,
    rematch: bool = False,
) -> Match:
    """Close an active match with a reason, planned or not, with the closure conversation (its date and
    note) and the goodbye with the family; the family returns to matching, the coach gets a place back,
    and with `rematch` the family is offered a new shortlist once the pause after a closure is over."""
    if reason not in Match.ClosureReason.values:
        raise CoachError(_("Choose a closure reason."))
    if kind and kind not in Match.ClosureKind.values:
        raise CoachError(_("Say whether the closure was planned."))
    ended_on = ended_on or timezone.localdate()
    if conversation_on and conversation_on > timezone.localdate():
        raise CoachError(_("The closure conversation cannot be dated in the future."))
    kind = kind or (
        Match.ClosureKind.PLANNED
        if reason == Match.ClosureReason.PLANNED_END
        else Match.ClosureKind.UNPLANNED
    )
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.ACTIVE).update(
        status=Match.Status.CLOSED,
        closure_reason=reason,
        closure_kind=kind,
        closure_conversation_on=conversation_on,
        goodbye_on=goodbye_on,
        rematch_wanted=rematch,
        exit_note=exit_note,
        ended_on=ended_on,
        updated_at=timezone.now(),
    )
    if not changed:
        raise CoachError(_("Only an active match can be closed."))
    Coach.objects.filter(pk=match.coach_id, active_matches__gt=0).update(
        active_matches=F("active_matches") - 1
    )
    Family.objects.filter(pk=match.family_id, status=Family.Status.MATCHED).update(
        status=Family.Status.MATCHING, updated_at=timezone.now()
    )
    match.refresh_from_db()
    audit(
        actor=actor,
        action="coaches.match.closed",
        target=match.family,
        fields=["matches", "status"],
    )
    if rematch:
        transaction.on_commit(lambda: match_rematch_offer(match_id=match.pk))
    return match


def match_rematch_offer(*, match_id: int, today: datetime.date | None = None) -> list[Match]:
    """Propose a new shortlist to the family of a closed match that wants one, once, when the pause after
    the closure is over. The match is claimed by a conditional update in the same transaction as the
    proposals, so a refusal (no free coach yet) leaves it for the next run and a rerun proposes nothing."""
    from .proposals import match_propose_shortlist

    today = today or timezone.localdate()
    match = Match.objects.select_related("family").get(pk=match_id)
    try:
        with transaction.atomic():
            claimed = Match.objects.filter(
                pk=match_id, status=Match.Status.CLOSED, rematch_wanted=True, rematch_proposed_at__isnull=True
            ).update(rematch_proposed_at=timezone.now(), updated_at=timezone.now())
            if not claimed:
                return []
            return match_propose_shortlist(family=match.family, actor=None, today=today)
    except CoachError:
        return []


def match_rematch_offers_send(*, today: datetime.date | None = None) -> int:
    """Every closed match whose family wants a new shortlist and has none yet: try again each day."""
    today = today or timezone.localdate()
    waiting = Match.objects.filter(
        status=Match.Status.CLOSED, rematch_wanted=True, rematch_proposed_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(1 for match_id in list(waiting) if match_rematch_offer(match_id=match_id, today=today))


@transaction.atomic
def match_goodbye_record(*, match: Match, goodbye_on: datetime.date, actor) -> Match:
    """The goodbye step of a closed match: the day coach and family said goodbye."""
    if goodbye_on > timezone.localdate():
        raise CoachError(_("The goodbye cannot be dated in the future."))
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.CLOSED).update(
        goodbye_on=goodbye_on, updated_at=timezone.now()
    )
    if not changed:
        raise CoachError(_("Only a closed match has a goodbye."))
    match.refresh_from_db()
    audit(actor=actor, action="coaches.match.goodbye", target=match.family, fields=["matches"])
    return match


@transaction.atomic
def contact_log_record_check_in(
    *, match: Match, actor, kind: str, happened_on: datetime.date, note: str = ""
) -> ContactLog:
    """A coordinator's check-in with the coach or with the family of an active match, as its own kind of
    contact: it shows in the match's history and meets no support moment of the coach."""
    if not (getattr(actor, "is_coordinator", False) or getattr(actor, "is_superuser", False)):
        raise CoachError(_("Only a coordinator records a check-in."), status=403)
    if kind not in COORDINATOR_KINDS:
        raise CoachError(_("Choose a check-in with the coach or with the family."))
    if match.status != Match.Status.ACTIVE:
        raise CoachError(_("Only an active match has check-ins."))
    if happened_on > timezone.localdate():
        raise CoachError(_("A contact cannot be dated in the future."))
    if match.started_on and happened_on < match.started_on:
        raise CoachError(_("A contact cannot be dated before the match started."))
    contact = ContactLog.objects.create(
        match=match, author=actor, kind=kind, happened_on=happened_on, note=note.strip()
    )
    audit(actor=actor, action="coaches.contact.check_in", target=match.family, fields=["contacts"])
    return contact


@transaction.atomic
def health_check_in_record(
    *,
    match: Match,
    actor,
    respondent: str,
    answers: list[int],
    language: str,
    answered_on: datetime.date | None = None,
) -> HealthCheckIn:
    """Record a health check-in of an active match: the coach answers for themselves or with the family;
    a coordinator records the family's. Five answers from 1 to 5; the score is their sum."""
    from ..support import STATEMENTS, health_score

    is_coach = match.coach.user_id == getattr(actor, "pk", None)
    is_coordinator = getattr(actor, "is_coordinator", False) or getattr(actor, "is_superuser", False)
    if match.status != Match.Status.ACTIVE or not (is_coach or is_coordinator):
        raise CoachError(
            _("Only the coach or a coordinator records a check-in of an active match."), status=403
        )
    if respondent not in HealthCheckIn.Respondent.values:
        raise CoachError(_("Say who answered."))
    if respondent == HealthCheckIn.Respondent.COACH and not is_coach:
        raise CoachError(_("Only the coach answers for the coach."))
    if len(answers) != len(STATEMENTS) or any(answer not in range(1, 6) for answer in answers):
        raise CoachError(_("Answer each statement from 1 to 5."))
    answered_on = answered_on or timezone.localdate()
    if answered_on > timezone.localdate():
        raise CoachError(_("A check-in cannot be dated in the future."))
    check_in = HealthCheckIn.objects.create(
        match=match,
        respondent=respondent,
        answered_on=answered_on,
        language=language,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        answers=list(answers),
        score=health_score(answers),
    )
    audit(
        actor=actor, action="coaches.match.health_check_in", target=match.family, fields=["health_check_ins"]
    )
    return check_in


@transaction.atomic
def support_request_answer(*, support_request, answer: str, actor):
    """Answer a coach's question to the think tank; the answer is recorded with who gave it."""
    if not answer.strip():
        raise CoachError(_("Write an answer first."))
    support_request.answer = answer
    support_request.status = support_request.Status.ANSWERED
    support_request.answered_by = actor if getattr(actor, "pk", None) else None
    support_request.answered_at = timezone.now()
    support_request.save(update_fields=["answer", "status", "answered_by", "answered_at", "updated_at"])
    return support_request


@transaction.atomic
def contact_log_record(
    *,
    match: Match,
    actor,
    kind: str,
    happened_on: datetime.date,
    duration_minutes: int | None = None,
    note: str = "",
) -> ContactLog:
    """Log a contact of an active match, by its own coach; the note stays the author's own."""
    if match.status != Match.Status.ACTIVE or match.coach.user_id != getattr(actor, "pk", None):
        raise CoachError(_("Only the coach of an active match can log its contacts."), status=403)
    if kind not in COACH_KINDS:
        raise CoachError(_("Choose the kind of contact."))
    if happened_on > timezone.localdate():
        raise CoachError(_("A contact cannot be dated in the future."))
    if match.started_on and happened_on < match.started_on:
        raise CoachError(_("A contact cannot be dated before the match started."))
    contact = ContactLog.objects.create(
        match=match,
        author=actor,
        kind=kind,
        happened_on=happened_on,
        duration_minutes=duration_minutes,
        note=note.strip(),
    )
    audit(actor=actor, action="coaches.contact.logged", target=match.family, fields=["contacts"])
    return contact


@transaction.atomic
def support_request_ask(*, coach: Coach, question: str, actor) -> SupportRequest:
    """A coach asks the think tank a question; only that coach and the coordinators read it."""
    if coach.user_id != getattr(actor, "pk", None):
        raise CoachError(_("Coaches ask their own questions."), status=403)
    if not question.strip():
        raise CoachError(_("Write your question first."))
    support_request = SupportRequest.objects.create(coach=coach, question=question.strip())
    audit(actor=actor, action="coaches.support_request.asked", target=coach, fields=["support_requests"])
    return support_request


def match_record_choice(*, match: Match, actor) -> Match:
    """Record the family's choice (match_choose) and ask the chosen coach to accept, after the commit."""
    from .. import tasks

    with transaction.atomic():
        match = match_choose(match=match, actor=actor)
        transaction.on_commit(lambda: tasks.notify_chosen_coach.delay(match.pk))
    return match


def match_notify_chosen_coach(*, match_id: int) -> bool:
    """Tell the chosen coach, once, that a family chose them, with the page to accept or decline. The
    match is claimed by a conditional update before the e-mail goes, so a rerun or a second worker sends
    nothing; the claim and the e-mail share a transaction, so a failed send is tried again."""
    with transaction.atomic():
        claimed = Match.objects.filter(
            pk=match_id, status=Match.Status.CHOSEN, coach_notified_at__isnull=True
        ).update(coach_notified_at=timezone.now(), updated_at=timezone.now())
        if not claimed:
            return False
        match = Match.objects.select_related("coach__user").get(pk=match_id)
        user = match.coach.user
        with translation.override(user.language):
            send_mail(
                str(_("Genk Village: a family chose you as their coach")),
                str(
                    _(
                        "Hello %(name)s,\n\nA family chose you as their coach. Sign in to Genk Village and "
                        "accept or decline at %(path)s"
                    )
                    % {
                        "name": match.coach.display_name,
                        "path": absolute_url(reverse("proposals:respond", args=[match.pk])),
                    }
                ),
                None,
                [user.email],
            )
    return True
