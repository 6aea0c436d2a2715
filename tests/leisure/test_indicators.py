"""The leisure indicators come from the children's participations: going at the intake, going on the day,
and activities started through the programme, per district and for the city, as at any past day."""

import datetime

import pytest

from leisure.models import Participation
from monitoring.indicators import measure
from tests.families.factories import ChildFactory, FamilyFactory
from tests.genk_village.factories import DistrictFactory
from tests.leisure.factories import ActivityFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)
INTAKE = datetime.date(2026, 1, 10)


def _values(city, day, code) -> dict:
    return {
        (m.district_id, m.numerator, m.denominator) for m in measure(city=city, day=day) if m.code == code
    }


@pytest.fixture
def world(city, district):
    other = DistrictFactory(city=city, name="Zwartberg")
    swim = ActivityFactory(city=city, district=district)
    children = []
    for n, where in enumerate([district, district, district, other]):
        family = FamilyFactory(
            city=city, district=where, status="matched", intake_on=INTAKE, reference=f"L-{n}"
        )
        children.append(ChildFactory(family=family))
    FamilyFactory(city=city, district=district, status="referred")  # not enrolled: not counted
    # Child 0 already swam before the intake and still does.
    Participation.objects.create(
        child=children[0],
        activity=swim,
        status="going",
        through_programme=False,
        started_on=INTAKE - datetime.timedelta(days=90),
    )
    # Child 1 started through the programme in March.
    Participation.objects.create(
        child=children[1], activity=swim, status="going", started_on=datetime.date(2026, 3, 4)
    )
    # Child 2 started in February and stopped in April.
    Participation.objects.create(
        child=children[2],
        activity=swim,
        status="stopped",
        started_on=datetime.date(2026, 2, 4),
        stopped_on=datetime.date(2026, 4, 1),
        stop_reason="transport",
    )
    # Child 3 has only chosen one: not going.
    Participation.objects.create(child=children[3], activity=swim)
    return {"district": district, "other": other}  # fmt: skip


def test_going_now_counts_who_goes_on_the_day(city, world):
    assert _values(city, DAY, "leisure.going_now") == {
        (world["district"].pk, 2, 3),
        (world["other"].pk, 0, 1),
        (None, 2, 4),
    }


def test_going_at_intake_counts_who_already_went_on_the_intake_day(city, world):
    assert (None, 1, 4) in _values(city, DAY, "leisure.going_at_intake")


def test_activities_started_through_the_programme_leave_out_what_the_child_already_had(city, world):
    assert (None, 2, None) in _values(city, DAY, "leisure.activities_started")


def test_the_figures_of_a_past_day_are_those_of_that_day(city, world):
    march = datetime.date(2026, 3, 1)  # child 2 swims (since February), child 1 not yet

    assert (None, 2, 4) in _values(city, march, "leisure.going_now")
    assert (None, 1, None) in _values(city, march, "leisure.activities_started")
