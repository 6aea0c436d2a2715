"""Every indicator against the hand-built Genk of conftest.py, whose answers are worked out by hand."""

import pytest

from monitoring.indicators import measure
from monitoring.indicators.registry import STORED
from tests.families.factories import ChildFactory, DeprivationCheckFactory
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def values(genk):
    districts = [genk["west"].pk, genk["north"].pk]
    return {(m.district_id, m.code): m for m in measure(city=genk["city"], day=DAY, district_ids=districts)}


def value(values, code, district=None):
    return values[(district, code)].value


def test_every_registered_indicator_is_measured_for_the_city(values):
    assert {code for district, code in values if district is None} == {i.code for i in STORED}


def test_reach_counts_families_referred_enrolled_and_matched_per_district_and_source(values, genk):
    west, north = genk["west"].pk, genk["north"].pk
    assert value(values, "reach.referred") == 9  # the family referred after the day is not counted
    assert value(values, "reach.referred", west) == 7
    assert value(values, "reach.referred", north) == 2
    assert value(values, "reach.enrolled") == 5
    assert value(values, "reach.matched") == 2
    assert value(values, "reach.referred.school") == 6
    assert value(values, "reach.referred.ocmw", west) == 1
    assert value(values, "reach.referred.ocmw", north) == 2


def test_coaches_are_counted_through_their_career_and_retention(values):
    assert value(values, "coaches.recruited") == 3
    assert value(values, "coaches.screened") == 3
    assert value(values, "coaches.trained") == 1  # the absent one does not count
    assert value(values, "coaches.active") == 1
    assert value(values, "coaches.retention_6m") == 1.0  # both started 6+ months ago; both lasted 6 months
    assert value(values, "coaches.retention_12m") == 0.5  # the one who stopped after 7 months
    assert values[(None, "coaches.retention_24m")].denominator == 1
    assert value(values, "coaches.retention_24m") == 0.0


def test_supporters_registered_active_and_groups(values):
    assert value(values, "supporters.registered") == 4
    assert value(values, "supporters.groups") == 1
    assert value(values, "supporters.active_30d@30") == 3


def test_challenges_funnel_categories_and_timing(values, genk):
    assert value(values, "challenges.posted") == 7
    assert value(values, "challenges.claimed") == 6
    assert value(values, "challenges.delivered") == 1
    assert value(values, "challenges.confirmed") == 1
    assert value(values, "challenges.posted.material") == 6
    assert value(values, "challenges.posted.transport", genk["north"].pk) == 1
    assert value(values, "challenges.confirmed.material") == 1
    # claims after 2, 2, 10, 30, 100 and 200 hours: the median of six is (10 + 30) / 2
    assert value(values, "challenges.hours_to_claim@90") == pytest.approx(20.0)
    assert value(values, "challenges.hours_to_complete@90") == pytest.approx(48.0)
    assert value(values, "challenges.claim_time.4h@90") == 2
    assert value(values, "challenges.claim_time.24h@90") == 1
    assert value(values, "challenges.claim_time.3d@90") == 1
    assert value(values, "challenges.claim_time.7d@90") == 1
    assert value(values, "challenges.claim_time.more@90") == 1


def test_reciprocity_counts_families_once_and_sums_points(values):
    assert value(values, "reciprocity.families_gave_back") == 1  # two offers, one family; withdrawn ignored
    assert value(values, "reciprocity.points_issued") == 10


def test_outcomes_compare_first_and_latest_check_per_child(values):
    assert value(values, "outcomes.deprived_at_intake") == pytest.approx(2 / 3)
    assert value(values, "outcomes.deprived_now") == pytest.approx(1 / 3)
    assert value(values, "outcomes.leisure_activity") == pytest.approx(2 / 3)
    assert value(values, "outcomes.goals_reached.school") == 0.5
    assert value(values, "outcomes.goals_reached.health") == 0.0
    assert value(values, "outcomes.goals_reached.housing") is None


def test_match_health_is_the_share_of_active_matches_with_a_recent_contact(values):
    assert value(values, "match_health.contact_30d@30") == 0.5


def test_measuring_takes_a_fixed_number_of_queries(genk, django_assert_max_num_queries):
    # 15 for the figures to date and on the day, 9 for each of the three windows (on PostgreSQL a median
    # is one query per district and one for the city); the same for any number of families or districts
    with django_assert_max_num_queries(42):
        measure(city=genk["city"], day=DAY, district_ids=[genk["west"].pk, genk["north"].pk])


def test_challenges_claimed_within_a_day_are_the_share_of_the_periods_claims(values, genk):
    # claimed after 2, 10, 30, 100 and 200 hours, and the completed one after 2 hours: 3 of 6
    assert values[(None, "challenges.claimed_within_day@90")].numerator == 3
    assert values[(None, "challenges.claimed_within_day@90")].denominator == 6
    assert value(values, "challenges.claimed_within_day@90", genk["west"].pk) == 0.5


def test_deprivation_and_leisure_at_intake_and_now_follow_the_same_children(values, genk):
    # three children checked at intake and on DAY; a fourth never checked is not among them
    followed = {code: values[(None, f"outcomes.followed.{code}")] for code in
                ["deprived_at_intake", "deprived_now", "leisure_at_intake", "leisure_now"]}  # fmt: skip
    assert {m.denominator for m in followed.values()} == {3}
    assert followed["deprived_at_intake"].numerator == 2
    assert followed["deprived_now"].numerator == 1
    assert followed["leisure_at_intake"].numerator == 1
    assert followed["leisure_now"].numerator == 2


def test_a_child_with_only_an_intake_check_is_not_followed(genk):
    child = ChildFactory(family=genk["families"][4])
    DeprivationCheckFactory(child=child, checked_on=DAY)
    values = {(m.district_id, m.code): m for m in measure(city=genk["city"], day=DAY)}
    assert values[(None, "outcomes.followed.deprived_now")].denominator == 3
    assert values[(None, "outcomes.deprived_now")].denominator == 4


def test_the_survival_curve_of_matches_counts_only_those_old_enough_to_tell(values):
    # running 13 months; running 100 days; closed after 210 days, 25 months ago
    curve = {months: values[(None, f"survival.matches.{months}m")] for months in (3, 6, 9, 12, 15, 24, 27)}
    assert [(m.numerator, m.denominator) for m in curve.values()] == [
        (3, 3), (2, 2), (1, 2), (1, 2), (0, 1), (0, 1), (0, 0)
    ]  # fmt: skip
    assert curve[27].value is None


def test_the_survival_curve_of_coaches_follows_each_coach_from_the_first_match(values):
    # coach 0 coaching for 13 months; coach 1 stopped 7 months after starting 25 months ago; coach 2 none
    curve = [values[(None, f"survival.coaches.{months}m")] for months in (3, 6, 9, 12, 15, 24, 27)]
    assert [(m.numerator, m.denominator) for m in curve] == [
        (2, 2), (2, 2), (1, 2), (1, 2), (0, 1), (0, 1), (0, 0)
    ]  # fmt: skip
