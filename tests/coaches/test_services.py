"""Screening, training and the life of a match, each step with its refusals and its audit entry."""

import datetime

import pytest
from django.utils import timezone

from coaches.models import Attendance, Coach, Match
from coaches.services import (
    CoachError,
    attendance_record,
    coach_approve_screening,
    coach_is_ready,
    coach_record_screening,
    coach_reject_screening,
    match_activate,
    match_choose,
    match_close,
    match_decline,
    match_propose,
)
from families.models import Family
from genk_village.models import AuditEntry
from tests.coaches.factories import CoachFactory, ReadyCoachFactory, TrainingSessionFactory
from tests.families.factories import FamilyFactory

TODAY = datetime.date(2026, 3, 16)


def audited(action: str, target, actor=None) -> bool:
    entries = AuditEntry.objects.filter(action=action, target_id=str(target.pk))
    if actor is not None:
        entries = entries.filter(actor=actor)
    return entries.exists()


@pytest.fixture
def candidate(city):
    """A coach who applied, interviewed, with checked references and a fresh extract."""
    return CoachFactory(
        city=city,
        screening_status=Coach.Screening.SCREENING,
        interview_on=TODAY - datetime.timedelta(days=7),
        references_checked=True,
        criminal_record_extract_on=TODAY - datetime.timedelta(days=3),
    )


@pytest.fixture
def waiting_family(city, district):
    return FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)


@pytest.fixture
def ready_coach(city):
    return ReadyCoachFactory(city=city)


@pytest.fixture
def second_coach(city):
    return ReadyCoachFactory(city=city)


# --- screening -----------------------------------------------------------------------------------


def test_recording_a_screening_step_puts_the_applicant_in_screening(city, coordinator):
    applicant = CoachFactory(city=city)

    coach_record_screening(coach=applicant, actor=coordinator, interview_on=TODAY)

    applicant.refresh_from_db()
    assert applicant.screening_status == Coach.Screening.SCREENING
    assert applicant.interview_on == TODAY
    assert audited("coaches.coach.screening_recorded", applicant, coordinator)


def test_approval_is_refused_without_an_intake_interview(candidate, coordinator):
    candidate.interview_on = None
    candidate.save()

    with pytest.raises(CoachError, match="intake interview"):
        coach_approve_screening(coach=candidate, actor=coordinator, today=TODAY)

    candidate.refresh_from_db()
    assert candidate.screening_status == Coach.Screening.SCREENING
    assert candidate.screened_on is None
    assert not audited("coaches.coach.screening_approved", candidate)


def test_approval_is_refused_without_checked_references(candidate, coordinator):
    candidate.references_checked = False
    candidate.save()

    with pytest.raises(CoachError, match="references"):
        coach_approve_screening(coach=candidate, actor=coordinator, today=TODAY)

    candidate.refresh_from_db()
    assert candidate.screening_status == Coach.Screening.SCREENING
    assert not audited("coaches.coach.screening_approved", candidate)


def test_approval_is_refused_with_an_extract_older_than_31_days(candidate, coordinator):
    candidate.criminal_record_extract_on = TODAY - datetime.timedelta(days=32)
    candidate.save()

    with pytest.raises(CoachError, match="at most 31 days old"):
        coach_approve_screening(coach=candidate, actor=coordinator, today=TODAY)

    candidate.refresh_from_db()
    assert candidate.screening_status == Coach.Screening.SCREENING
    assert not audited("coaches.coach.screening_approved", candidate)


def test_approval_is_refused_without_any_extract(candidate, coordinator):
    candidate.criminal_record_extract_on = None
    candidate.save()

    with pytest.raises(CoachError, match="extract"):
        coach_approve_screening(coach=candidate, actor=coordinator, today=TODAY)


def test_approval_is_allowed_with_an_extract_exactly_31_days_old(candidate, coordinator):
    candidate.criminal_record_extract_on = TODAY - datetime.timedelta(days=31)
    candidate.save()

    coach_approve_screening(coach=candidate, actor=coordinator, today=TODAY)

    candidate.refresh_from_db()
    assert candidate.screening_status == Coach.Screening.APPROVED


def test_approval_sets_the_screening_date_and_is_audited(candidate, coordinator):
    coach_approve_screening(coach=candidate, actor=coordinator, today=TODAY)

    candidate.refresh_from_db()
    assert candidate.screening_status == Coach.Screening.APPROVED
    assert candidate.screened_on == TODAY
    entry = AuditEntry.objects.get(action="coaches.coach.screening_approved", target_id=str(candidate.pk))
    assert entry.actor == coordinator
    assert entry.city_id == candidate.city_id
    assert entry.target_type.model_class() is Coach


def test_an_approved_coach_cannot_be_approved_again(ready_coach, coordinator):
    with pytest.raises(CoachError, match="already"):
        coach_approve_screening(coach=ready_coach, actor=coordinator, today=TODAY)


def test_a_coach_with_an_active_match_cannot_be_rejected(coach, coordinator):
    profile = coach.coach

    with pytest.raises(CoachError, match="active match"):
        coach_reject_screening(coach=profile, actor=coordinator, today=TODAY)

    profile.refresh_from_db()
    assert profile.screening_status == Coach.Screening.APPROVED


# --- training ------------------------------------------------------------------------------------


def test_recording_attendance_twice_keeps_one_row_with_the_last_answer(city, ready_coach, coordinator):
    session = TrainingSessionFactory(city=city)

    attendance_record(session=session, coach=ready_coach, attended=False, actor=coordinator)
    attendance_record(session=session, coach=ready_coach, attended=True, actor=coordinator)

    assert Attendance.objects.filter(session=session, coach=ready_coach).count() == 1
    assert Attendance.objects.get(session=session, coach=ready_coach).attended is True
    assert audited("coaches.attendance.recorded", ready_coach, coordinator)


def test_attendance_at_a_session_of_another_city_is_refused(other_city, ready_coach, coordinator):
    session = TrainingSessionFactory(city=other_city)

    with pytest.raises(CoachError, match="another city"):
        attendance_record(session=session, coach=ready_coach, attended=True, actor=coordinator)

    assert not Attendance.objects.exists()


def test_a_coach_is_not_ready_until_the_required_session_is_attended(city, ready_coach, coordinator):
    assert coach_is_ready(ready_coach)  # no required training in the city yet
    session = TrainingSessionFactory(city=city, required=True)
    TrainingSessionFactory(city=city, required=False, title="Optional evening")
    assert not coach_is_ready(ready_coach)

    attendance_record(session=session, coach=ready_coach, attended=False, actor=coordinator)
    assert not coach_is_ready(ready_coach)

    attendance_record(session=session, coach=ready_coach, attended=True, actor=coordinator)
    assert coach_is_ready(ready_coach)


def test_a_trained_coach_is_not_ready_before_approval(city, candidate, coordinator):
    session = TrainingSessionFactory(city=city, required=True)
    attendance_record(session=session, coach=candidate, attended=True, actor=coordinator)

    assert not coach_is_ready(candidate)


# --- proposing -----------------------------------------------------------------------------------


def test_a_ready_coach_is_proposed_to_a_family_in_matching(waiting_family, ready_coach, coordinator):
    match = match_propose(family=waiting_family, coach=ready_coach, actor=coordinator, rank=1)

    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED
    assert match.rank == 1
    assert audited("coaches.match.proposed", waiting_family, coordinator)


def test_proposing_is_refused_for_a_family_not_in_matching(city, district, ready_coach, coordinator):
    family = FamilyFactory(city=city, district=district, status=Family.Status.INTAKE)

    with pytest.raises(CoachError, match="in matching"):
        match_propose(family=family, coach=ready_coach, actor=coordinator)

    assert not Match.objects.exists()
    assert not audited("coaches.match.proposed", family)


def test_proposing_is_refused_for_a_coach_who_is_not_ready(waiting_family, candidate, coordinator):
    with pytest.raises(CoachError, match="not ready"):
        match_propose(family=waiting_family, coach=candidate, actor=coordinator)

    assert not Match.objects.exists()


def test_proposing_is_refused_for_a_coach_who_missed_the_required_training(
    city, waiting_family, ready_coach, coordinator
):
    TrainingSessionFactory(city=city, required=True)

    with pytest.raises(CoachError, match="not ready"):
        match_propose(family=waiting_family, coach=ready_coach, actor=coordinator)

    assert not Match.objects.exists()


def test_proposing_is_refused_for_a_coach_at_capacity(coach, waiting_family, coordinator):
    busy = coach.coach  # capacity 1, one active match already

    with pytest.raises(CoachError, match="no free capacity"):
        match_propose(family=waiting_family, coach=busy, actor=coordinator)

    assert not Match.objects.filter(family=waiting_family).exists()


def test_proposing_is_refused_for_a_coach_of_another_city(waiting_family, other_city, coordinator):
    stranger = ReadyCoachFactory(city=other_city)

    with pytest.raises(CoachError, match="another city"):
        match_propose(family=waiting_family, coach=stranger, actor=coordinator)

    assert not Match.objects.exists()


def test_proposing_the_same_coach_twice_to_a_family_is_refused(waiting_family, ready_coach, coordinator):
    match_propose(family=waiting_family, coach=ready_coach, actor=coordinator)

    with pytest.raises(CoachError, match="shortlist already"):
        match_propose(family=waiting_family, coach=ready_coach, actor=coordinator)

    assert Match.objects.filter(family=waiting_family, coach=ready_coach).count() == 1


# --- choosing, activating, declining -------------------------------------------------------------


@pytest.fixture
def shortlist(waiting_family, ready_coach, second_coach, coordinator):
    first = match_propose(family=waiting_family, coach=ready_coach, actor=coordinator, rank=1)
    second = match_propose(family=waiting_family, coach=second_coach, actor=coordinator, rank=2)
    return first, second


@pytest.fixture
def chosen(shortlist, coordinator):
    return match_choose(match=shortlist[0], actor=coordinator)


def test_choosing_records_who_chose_and_sets_the_other_proposals_aside(
    shortlist, waiting_family, coordinator
):
    first, second = shortlist

    match_choose(match=first, actor=coordinator)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Match.Status.CHOSEN
    assert first.chosen_by == coordinator
    assert first.chosen_at is not None
    assert second.status == Match.Status.NOT_CHOSEN
    assert audited("coaches.match.chosen", waiting_family, coordinator)


def test_a_proposal_that_was_set_aside_cannot_be_chosen(chosen, shortlist, coordinator):
    with pytest.raises(CoachError, match="no longer open"):
        match_choose(match=shortlist[1], actor=coordinator)

    shortlist[1].refresh_from_db()
    assert shortlist[1].status == Match.Status.NOT_CHOSEN


def test_activating_starts_a_three_year_match_and_takes_a_place_of_the_coach(
    chosen, waiting_family, ready_coach, coordinator
):
    match_activate(match=chosen, actor=coordinator, started_on=datetime.date(2026, 4, 1))

    chosen.refresh_from_db()
    ready_coach.refresh_from_db()
    waiting_family.refresh_from_db()
    assert chosen.status == Match.Status.ACTIVE
    assert chosen.started_on == datetime.date(2026, 4, 1)
    assert chosen.planned_end_on == datetime.date(2029, 4, 1)
    assert waiting_family.status == Family.Status.MATCHED
    assert ready_coach.active_matches == 1
    assert audited("coaches.match.activated", waiting_family, coordinator)


def test_activating_without_a_date_starts_today(chosen, coordinator):
    match_activate(match=chosen, actor=coordinator)

    chosen.refresh_from_db()
    assert chosen.started_on == timezone.localdate()


def test_a_match_started_on_29_february_is_planned_to_end_on_28_february(chosen, coordinator):
    match_activate(match=chosen, actor=coordinator, started_on=datetime.date(2028, 2, 29))

    chosen.refresh_from_db()
    assert chosen.planned_end_on == datetime.date(2031, 2, 28)


def test_a_proposal_the_family_did_not_choose_cannot_start(shortlist, ready_coach, coordinator):
    first, _second = shortlist

    with pytest.raises(CoachError, match="family chose"):
        match_activate(match=first, actor=coordinator)

    first.refresh_from_db()
    ready_coach.refresh_from_db()
    assert first.status == Match.Status.PROPOSED
    assert ready_coach.active_matches == 0  # the place taken first is given back with the rollback


def test_activating_is_refused_when_the_coach_has_no_free_place(
    chosen, ready_coach, waiting_family, coordinator
):
    Coach.objects.filter(pk=ready_coach.pk).update(active_matches=1)  # matched elsewhere meanwhile

    with pytest.raises(CoachError, match="no free capacity"):
        match_activate(match=chosen, actor=coordinator)

    chosen.refresh_from_db()
    waiting_family.refresh_from_db()
    assert chosen.status == Match.Status.CHOSEN
    assert waiting_family.status == Family.Status.MATCHING
    assert not audited("coaches.match.activated", waiting_family)


def test_the_chosen_coach_declines_and_the_match_is_set_aside(
    chosen, waiting_family, ready_coach, coordinator
):
    match_decline(match=chosen, actor=coordinator)

    chosen.refresh_from_db()
    ready_coach.refresh_from_db()
    waiting_family.refresh_from_db()
    assert chosen.status == Match.Status.DECLINED
    assert ready_coach.active_matches == 0
    assert waiting_family.status == Family.Status.MATCHING
    assert audited("coaches.match.declined", waiting_family, coordinator)


def test_a_proposal_that_was_not_chosen_cannot_be_declined(shortlist, coordinator):
    with pytest.raises(CoachError, match="family chose"):
        match_decline(match=shortlist[0], actor=coordinator)

    shortlist[0].refresh_from_db()
    assert shortlist[0].status == Match.Status.PROPOSED


# --- closing -------------------------------------------------------------------------------------


@pytest.fixture
def active(chosen, coordinator):
    return match_activate(match=chosen, actor=coordinator, started_on=TODAY)


@pytest.mark.parametrize("reason", ["", "bored"])
def test_closing_requires_a_closure_reason(active, ready_coach, waiting_family, coordinator, reason):
    with pytest.raises(CoachError, match="closure reason"):
        match_close(match=active, reason=reason, actor=coordinator)

    active.refresh_from_db()
    ready_coach.refresh_from_db()
    assert active.status == Match.Status.ACTIVE
    assert ready_coach.active_matches == 1
    assert not audited("coaches.match.closed", waiting_family)


def test_closing_frees_the_coach_and_returns_the_family_to_matching(
    active, ready_coach, waiting_family, coordinator
):
    ended = TODAY + datetime.timedelta(days=200)

    match_close(
        match=active,
        reason=Match.ClosureReason.FAMILY_MOVED,
        actor=coordinator,
        exit_note="Moved to Hasselt.",
        ended_on=ended,
    )

    active.refresh_from_db()
    ready_coach.refresh_from_db()
    waiting_family.refresh_from_db()
    assert active.status == Match.Status.CLOSED
    assert active.closure_reason == Match.ClosureReason.FAMILY_MOVED
    assert active.ended_on == ended
    assert active.exit_note == "Moved to Hasselt."
    assert ready_coach.active_matches == 0
    assert waiting_family.status == Family.Status.MATCHING
    assert audited("coaches.match.closed", waiting_family, coordinator)


def test_a_closed_match_frees_a_place_for_another_family(active, ready_coach, city, district, coordinator):
    match_close(match=active, reason=Match.ClosureReason.PLANNED_END, actor=coordinator)
    next_family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)

    proposal = match_propose(family=next_family, coach=ready_coach, actor=coordinator)
    match_choose(match=proposal, actor=coordinator)
    match_activate(match=proposal, actor=coordinator)

    ready_coach.refresh_from_db()
    assert ready_coach.active_matches == 1


def test_a_match_that_is_not_active_cannot_be_closed(chosen, ready_coach, coordinator):
    with pytest.raises(CoachError, match="active match"):
        match_close(match=chosen, reason=Match.ClosureReason.OTHER, actor=coordinator)

    chosen.refresh_from_db()
    ready_coach.refresh_from_db()
    assert chosen.status == Match.Status.CHOSEN
    assert ready_coach.active_matches == 0
