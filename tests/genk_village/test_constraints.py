"""Every named database rule refuses a bad row on PostgreSQL (the services under real concurrency:
test_concurrency.py).

Each refusal asserts the constraint's name in the IntegrityError, so the test proves that rule fired and
not some other one. `test_every_named_constraint_is_tested_here` keeps the list complete, over this
module and its sibling test_constraints_trust.py.
"""

import datetime
import pathlib
import re

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from challenges.models import Challenge, ChallengeEvent, OfferAnswer, Pledge, PointsEntry
from coaches.models import Attendance, BatchRun, Coach, Match, ProposalLink, Reminder, SupportRequest
from families.models import Family, Goal, LifeDomain, Offer
from genk_village.models import District
from monitoring.models import IndicatorSnapshot, ReleasePlan
from supporters.models import (
    AwardedBadge,
    Badge,
    GroupMembership,
    Notification,
    NotificationPreference,
    Supporter,
)
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import CoachFactory, ReadyCoachFactory, TrainingSessionFactory
from tests.families.factories import ConsentFactory, FamilyFactory
from tests.genk_village.factories import DistrictFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.postgres

PROJECT_APPS = {"genk_village", "families", "coaches", "supporters", "challenges", "leisure", "monitoring"}
TODAY = datetime.date(2026, 3, 16)


def assert_violates(constraint: str, write) -> None:
    """Run `write` in a savepoint and check that exactly the named rule refused it."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        write()
    assert constraint in str(excinfo.value)


@pytest.fixture
def family(city, district):
    return FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)


@pytest.fixture
def helper(city):
    return SupporterFactory(city=city)


def test_every_named_constraint_is_tested_here():
    here = pathlib.Path(__file__).parent
    source = "".join(path.read_text() for path in sorted(here.glob("test_constraints*.py")))
    names = {
        constraint.name
        for config in apps.get_app_configs()
        if config.label in PROJECT_APPS
        for model in config.get_models()
        for constraint in model._meta.constraints
    }
    untested = sorted(name for name in names if not re.search(rf'assert_violates\(\s*"{name}"', source))
    assert names, "no constraints found: the app labels changed?"
    assert untested == []


# --- cities and families -------------------------------------------------------------------------


def test_a_district_name_is_unique_within_its_city(city, other_city):
    District.objects.create(city=city, name="Zwartberg")
    District.objects.create(city=other_city, name="Zwartberg")  # the same name in another city is fine

    assert_violates(
        "genk_village_district_unique_name", lambda: District.objects.create(city=city, name="Zwartberg")
    )


def test_a_family_reference_is_unique_within_its_city(city, other_city, district):
    FamilyFactory(city=city, district=district, reference="GNK-00001")
    FamilyFactory(city=other_city, reference="GNK-00001")

    assert_violates(
        "families_family_unique_reference",
        lambda: FamilyFactory(city=city, district=district, reference="GNK-00001"),
    )


def test_a_family_cannot_have_an_unknown_status(family):
    assert_violates(
        "families_family_valid_status",
        lambda: Family.objects.filter(pk=family.pk).update(status="lost"),
    )


def test_consent_cannot_be_withdrawn_before_it_was_given(family):
    ConsentFactory(family=family, given_on=TODAY, withdrawn_on=TODAY)  # the same day is fine

    assert_violates(
        "families_consent_withdrawn_after_given",
        lambda: ConsentFactory(
            family=family, given_on=TODAY, withdrawn_on=TODAY - datetime.timedelta(days=1)
        ),
    )


def test_a_reached_goal_has_the_date_it_was_reached(family):
    Goal.objects.create(
        family=family,
        domain=LifeDomain.SCHOOL,
        description="Homework every day",
        status="reached",
        reached_on=TODAY,
    )

    assert_violates(
        "families_goal_reached_has_date",
        lambda: Goal.objects.create(
            family=family, domain=LifeDomain.SCHOOL, description="Swimming lessons", status="reached"
        ),
    )


# --- coaches -------------------------------------------------------------------------------------


def test_a_coach_has_room_for_at_least_one_family(city):
    assert_violates("coaches_coach_capacity_positive", lambda: CoachFactory(city=city, capacity=0))


def test_a_coach_never_has_more_active_matches_than_capacity(city):
    coach = ReadyCoachFactory(city=city, capacity=2, active_matches=2)

    assert_violates(
        "coaches_coach_active_within_capacity",
        lambda: Coach.objects.filter(pk=coach.pk).update(active_matches=3),
    )


@pytest.mark.parametrize("missing", ["interview_on", "criminal_record_extract_on", "screened_on"])
def test_an_approved_coach_has_interview_extract_and_screening_dates(city, missing):
    assert_violates(
        "coaches_coach_approved_is_screened", lambda: ReadyCoachFactory(city=city, **{missing: None})
    )


def test_a_coach_attends_a_session_once(city):
    coach = ReadyCoachFactory(city=city)
    session = TrainingSessionFactory(city=city)
    Attendance.objects.create(session=session, coach=coach)

    assert_violates(
        "coaches_attendance_unique", lambda: Attendance.objects.create(session=session, coach=coach)
    )


def test_a_family_has_one_active_match_at_a_time(city, family):
    first, second = ReadyCoachFactory(city=city), ReadyCoachFactory(city=city)
    Match.objects.create(family=family, coach=first, status=Match.Status.ACTIVE, started_on=TODAY)
    Match.objects.create(family=family, coach=second, status=Match.Status.PROPOSED)  # a proposal is fine

    assert_violates(
        "coaches_match_one_active_per_family",
        lambda: Match.objects.filter(family=family, coach=second).update(
            status=Match.Status.ACTIVE, started_on=TODAY
        ),
    )


def test_a_coach_is_on_a_familys_shortlist_once(city, family):
    coach = ReadyCoachFactory(city=city)
    Match.objects.create(family=family, coach=coach, status=Match.Status.DECLINED)
    Match.objects.create(family=family, coach=coach, status=Match.Status.PROPOSED)  # after a decline: fine

    assert_violates(
        "coaches_match_one_open_proposal_per_pair",
        lambda: Match.objects.create(family=family, coach=coach, status=Match.Status.CHOSEN),
    )


def test_an_active_match_has_a_start_date(city, family):
    assert_violates(
        "coaches_match_active_has_start",
        lambda: Match.objects.create(family=family, coach=ReadyCoachFactory(city=city), status="active"),
    )


@pytest.mark.parametrize(
    "closure",
    [
        {"ended_on": TODAY, "closure_reason": ""},
        {"ended_on": None, "closure_reason": Match.ClosureReason.PLANNED_END},
    ],
    ids=["without a reason", "without an end date"],
)
def test_a_closed_match_has_a_reason_and_an_end_date(city, family, closure):
    coach = ReadyCoachFactory(city=city)

    assert_violates(
        "coaches_match_closed_has_reason",
        lambda: Match.objects.create(
            family=family, coach=coach, status=Match.Status.CLOSED, started_on=TODAY, **closure
        ),
    )


def test_an_answered_question_has_an_answer(city):
    coach = ReadyCoachFactory(city=city)

    assert_violates(
        "coaches_supportrequest_answered_has_answer",
        lambda: SupportRequest.objects.create(coach=coach, question="How do I...?", status="answered"),
    )


# --- supporters ----------------------------------------------------------------------------------


def test_a_supporter_joins_a_group_once(city, helper):
    group = SupporterFactory(city=city, kind=Supporter.Kind.GROUP)
    GroupMembership.objects.create(group=group, member=helper)

    assert_violates(
        "supporters_membership_unique", lambda: GroupMembership.objects.create(group=group, member=helper)
    )


def test_a_group_cannot_be_its_own_member(helper):
    assert_violates(
        "supporters_membership_not_self", lambda: GroupMembership.objects.create(group=helper, member=helper)
    )


def test_a_badge_is_awarded_once_per_supporter(helper):
    badge = Badge.objects.create(code="first-challenge", name="First challenge", description="Did one.")
    AwardedBadge.objects.create(supporter=helper, badge=badge)

    assert_violates(
        "supporters_badge_once", lambda: AwardedBadge.objects.create(supporter=helper, badge=badge)
    )


# --- challenges and the ledger -------------------------------------------------------------------


@pytest.fixture
def challenge(family):
    return ChallengeFactory(family=family)


def test_a_challenge_cannot_have_an_unknown_status(challenge):
    assert_violates(
        "challenges_challenge_valid_status",
        lambda: Challenge.objects.filter(pk=challenge.pk).update(status="lost"),
    )


@pytest.mark.parametrize("status", ["claimed", "delivered", "confirmed"])
def test_a_held_challenge_has_a_claimant_and_a_claim_time(challenge, helper, status):
    now = timezone.now()
    held = Challenge.objects.filter(pk=challenge.pk)

    assert_violates(
        "challenges_challenge_held_has_claimant",
        lambda: held.update(status=status, claimed_at=now, confirmed_at=now),
    )
    assert_violates(
        "challenges_challenge_held_has_claimant",
        lambda: held.update(status=status, claimant=helper, confirmed_at=now),
    )
    held.update(status=status, claimant=helper, claimed_at=now, confirmed_at=now)  # both: fine


def test_an_open_challenge_has_no_claimant(challenge, helper):
    assert_violates(
        "challenges_challenge_open_unclaimed",
        lambda: Challenge.objects.filter(pk=challenge.pk).update(claimant=helper),
    )


def test_a_confirmed_challenge_has_its_confirmation_time(challenge, helper):
    assert_violates(
        "challenges_challenge_confirmed_has_time",
        lambda: Challenge.objects.filter(pk=challenge.pk).update(
            status="confirmed", claimant=helper, claimed_at=timezone.now()
        ),
    )


@pytest.fixture
def confirmation(challenge):
    return ChallengeEvent.objects.create(challenge=challenge, kind=ChallengeEvent.Kind.CONFIRMED)


def test_the_ledger_pays_one_event_once_per_reason(confirmation, helper):
    PointsEntry.objects.create(
        supporter=helper, points=10, reason="challenge_confirmed", challenge_event=confirmation
    )
    PointsEntry.objects.create(supporter=helper, points=5, reason="speed_bonus", challenge_event=confirmation)

    assert_violates(
        "challenges_ledger_unique_source",
        lambda: PointsEntry.objects.create(
            supporter=helper, points=10, reason="challenge_confirmed", challenge_event=confirmation
        ),
    )


def test_the_ledger_pays_one_offer_once_per_reason(family):
    offer = Offer.objects.create(family=family, title="Children's books", exchange_mode="gift")
    PointsEntry.objects.create(family=family, points=5, reason="offer_given", offer=offer)

    assert_violates(
        "challenges_ledger_unique_offer",
        lambda: PointsEntry.objects.create(family=family, points=5, reason="offer_given", offer=offer),
    )


@pytest.mark.parametrize("both", [True, False], ids=["two beneficiaries", "no beneficiary"])
def test_a_ledger_entry_has_exactly_one_beneficiary(confirmation, helper, family, both):
    beneficiaries = {"supporter": helper, "family": family} if both else {}

    assert_violates(
        "challenges_ledger_one_beneficiary",
        lambda: PointsEntry.objects.create(
            points=10, reason="challenge_confirmed", challenge_event=confirmation, **beneficiaries
        ),
    )


@pytest.mark.parametrize("both", [True, False], ids=["two sources", "no source"])
def test_a_ledger_entry_has_exactly_one_source(confirmation, helper, family, both):
    offer = Offer.objects.create(family=family, title="A pram", exchange_mode="loan")
    sources = {"challenge_event": confirmation, "offer": offer} if both else {}

    assert_violates(
        "challenges_ledger_one_source",
        lambda: PointsEntry.objects.create(
            supporter=helper, points=10, reason="challenge_confirmed", **sources
        ),
    )


# --- monitoring ----------------------------------------------------------------------------------


def test_a_city_wide_snapshot_is_unique_per_indicator_and_day(city):
    IndicatorSnapshot.objects.create(city=city, code="families_matched", day=TODAY, value=1)
    IndicatorSnapshot.objects.create(
        city=city, code="families_matched", day=TODAY - datetime.timedelta(days=1)
    )

    assert_violates(
        "monitoring_snapshot_unique_city_day",
        lambda: IndicatorSnapshot.objects.create(city=city, code="families_matched", day=TODAY, value=2),
    )


def test_a_district_snapshot_is_unique_per_indicator_and_day(city, district):
    other = DistrictFactory(city=city, name="Waterschei")
    IndicatorSnapshot.objects.create(city=city, district=district, code="families_matched", day=TODAY)
    IndicatorSnapshot.objects.create(city=city, district=other, code="families_matched", day=TODAY)
    IndicatorSnapshot.objects.create(city=city, code="families_matched", day=TODAY)  # the city total: fine

    assert_violates(
        "monitoring_snapshot_unique_district_day",
        lambda: IndicatorSnapshot.objects.create(
            city=city, district=district, code="families_matched", day=TODAY
        ),
    )


def test_a_city_has_one_release_plan_per_snapshot_day(city, other_city):
    ReleasePlan.objects.create(city=city, day=TODAY)
    ReleasePlan.objects.create(city=city, day=TODAY - datetime.timedelta(days=1))
    ReleasePlan.objects.create(city=other_city, day=TODAY)

    assert_violates(
        "monitoring_releaseplan_unique_city_day", lambda: ReleasePlan.objects.create(city=city, day=TODAY)
    )


# --- added with the matching engine, the board and the notifications ----------------------------------


def test_a_district_centre_lies_on_the_globe(city):
    assert_violates(
        "genk_village_district_valid_centre",
        lambda: District.objects.create(city=city, name="Nowhere", latitude=95.0, longitude=5.5),
    )


def test_a_used_proposal_link_records_the_choice(family):
    assert_violates(
        "coaches_proposallink_used_has_choice",
        lambda: ProposalLink.objects.create(
            family=family, token_hash="a" * 64, expires_at=timezone.now(), used_at=timezone.now()
        ),
    )


def test_a_reminder_is_sent_once_per_key(city):
    Reminder.objects.create(kind="no_contact", key="match-1-2026-03", city=city)

    assert_violates(
        "coaches_reminder_unique_key",
        lambda: Reminder.objects.create(kind="no_contact", key="match-1-2026-03", city=city),
    )


def test_a_batch_never_reports_more_done_than_it_holds(city):
    assert_violates(
        "coaches_batchrun_done_within_total",
        lambda: BatchRun.objects.create(city=city, kind="shortlists", done=3, total=2),
    )


def test_a_notification_is_made_once_per_person_and_subject(helper):
    Notification.objects.create(user=helper.user, kind="new_challenge", key="challenge-1", title="New")

    assert_violates(
        "supporters_notification_once",
        lambda: Notification.objects.create(
            user=helper.user, kind="new_challenge", key="challenge-1", title="Again"
        ),
    )


def test_a_person_has_one_preference_per_kind(helper):
    NotificationPreference.objects.create(user=helper.user, kind="new_challenge")

    assert_violates(
        "supporters_preference_once",
        lambda: NotificationPreference.objects.create(user=helper.user, kind="new_challenge"),
    )


def test_a_supporter_answers_an_offer_once(family, helper):
    offer = Offer.objects.create(family=family, title="Pram to lend", exchange_mode="loan")
    OfferAnswer.objects.create(offer=offer, supporter=helper)

    assert_violates(
        "supporters_offer_answer_once", lambda: OfferAnswer.objects.create(offer=offer, supporter=helper)
    )


@pytest.fixture
def sponsor_challenge(family):
    return ChallengeFactory(family=family, target_quantity=10)


def test_pledges_never_exceed_the_target(sponsor_challenge):
    assert_violates(
        "challenges_challenge_pledges_within_target",
        lambda: Challenge.objects.filter(pk=sponsor_challenge.pk).update(pledged_quantity=11),
    )


def test_a_pledge_is_for_at_least_one(sponsor_challenge, helper):
    assert_violates(
        "challenges_pledge_positive",
        lambda: Pledge.objects.create(challenge=sponsor_challenge, supporter=helper, quantity=0),
    )


def test_the_ledger_pays_one_pledge_once_per_reason(sponsor_challenge, helper):
    pledge = Pledge.objects.create(challenge=sponsor_challenge, supporter=helper, quantity=2)
    PointsEntry.objects.create(supporter=helper, points=5, reason="pledge", pledge=pledge)

    assert_violates(
        "challenges_ledger_unique_pledge",
        lambda: PointsEntry.objects.create(supporter=helper, points=5, reason="pledge", pledge=pledge),
    )
