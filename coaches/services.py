"""Every write about coaches: screening, training attendance and the life of a match."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Family
from genk_village.audit import audit
from genk_village.errors import ServiceError

from .models import EXTRACT_VALID_DAYS, Attendance, Coach, Match, TrainingSession


class CoachError(ServiceError):
    pass


@transaction.atomic
def coach_record_screening(
    *,
    coach: Coach,
    actor,
    interview_on: datetime.date | None = None,
    criminal_record_extract_on: datetime.date | None = None,
    references_checked: bool | None = None,
) -> Coach:
    """Record steps of the screening; the coach is then 'in screening' until a decision."""
    fields = []
    for name, value in (
        ("interview_on", interview_on),
        ("criminal_record_extract_on", criminal_record_extract_on),
        ("references_checked", references_checked),
    ):
        if value is not None:
            setattr(coach, name, value)
            fields.append(name)
    if coach.screening_status == Coach.Screening.APPLIED:
        coach.screening_status = Coach.Screening.SCREENING
        fields.append("screening_status")
    coach.save(update_fields=[*fields, "updated_at"])
    audit(actor=actor, action="coaches.coach.screening_recorded", target=coach, fields=fields)
    return coach


@transaction.atomic
def coach_approve_screening(*, coach: Coach, actor, today: datetime.date | None = None) -> Coach:
    """Approve only with an intake interview, checked references and an extract at most a month old."""
    today = today or timezone.localdate()
    if coach.screening_status not in (Coach.Screening.APPLIED, Coach.Screening.SCREENING):
        raise CoachError(
            _("%(coach)s is %(status)s already.")
            % {"coach": coach, "status": coach.get_screening_status_display()}
        )
    if coach.interview_on is None:
        raise CoachError(_("Record the intake interview of %(coach)s first.") % {"coach": coach})
    if not coach.references_checked:
        raise CoachError(_("Check the references of %(coach)s first.") % {"coach": coach})
    if not coach.extract_valid_on(today):
        raise CoachError(
            _("The criminal-record extract (model 596.2) of %(coach)s must be at most %(days)d days old.")
            % {"coach": coach, "days": EXTRACT_VALID_DAYS}
        )
    coach.screening_status = Coach.Screening.APPROVED
    coach.screened_on = today
    coach.save(update_fields=["screening_status", "screened_on", "updated_at"])
    audit(
        actor=actor,
        action="coaches.coach.screening_approved",
        target=coach,
        fields=["screening_status"],
    )
    return coach


@transaction.atomic
def coach_reject_screening(*, coach: Coach, actor, today: datetime.date | None = None) -> Coach:
    """Refuse a candidate coach; a coach with an active match must have it closed first."""
    if coach.active_matches:
        raise CoachError(_("%(coach)s has an active match; close it first.") % {"coach": coach})
    coach.screening_status = Coach.Screening.REJECTED
    coach.screened_on = today or timezone.localdate()
    coach.save(update_fields=["screening_status", "screened_on", "updated_at"])
    audit(
        actor=actor,
        action="coaches.coach.screening_rejected",
        target=coach,
        fields=["screening_status"],
    )
    return coach


@transaction.atomic
def attendance_record(*, session: TrainingSession, coach: Coach, attended: bool, actor) -> Attendance:
    """Record whether a coach attended a session; recording twice updates the one row."""
    if session.city_id != coach.city_id:
        raise CoachError(_("This session is in another city."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session, coach=coach, defaults={"attended": attended}
    )
    audit(actor=actor, action="coaches.attendance.recorded", target=coach, fields=["attendances"])
    return attendance


def coach_is_ready(coach: Coach) -> bool:
    """Ready to be proposed: approved, and every required session of the city attended."""
    if coach.screening_status != Coach.Screening.APPROVED:
        return False
    required = TrainingSession.objects.filter(city_id=coach.city_id, required=True)
    attended = required.filter(attendances__coach=coach, attendances__attended=True)
    return required.count() == attended.count()


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
    *, match: Match, reason: str, actor, exit_note: str = "", ended_on: datetime.date | None = None
) -> Match:
    """Close an active match with a reason; the family returns to matching and the coach gets a place back."""
    if reason not in Match.ClosureReason.values:
        raise CoachError(_("Choose a closure reason."))
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.ACTIVE).update(
        status=Match.Status.CLOSED,
        closure_reason=reason,
        exit_note=exit_note,
        ended_on=ended_on or timezone.localdate(),
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
    return match


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
