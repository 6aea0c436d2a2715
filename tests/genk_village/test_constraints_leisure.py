"""The named database rules of the leisure catalogue and participations, on PostgreSQL (the list of every
rule is kept complete by test_constraints.py)."""

import pytest
from django.utils import timezone

from leisure.models import Activity, Participation
from tests.genk_village.test_constraints import assert_violates
from tests.leisure.factories import ActivityFactory

pytestmark = pytest.mark.postgres


def test_one_source_id_is_one_activity_per_city(city):
    ActivityFactory(city=city, source="uitdatabank", external_id="abc")
    ActivityFactory(city=city, name="Local one")  # local activities have no source id: any number of them
    ActivityFactory(city=city, name="Local two")
    assert_violates(
        "leisure_activity_unique_source_id",
        lambda: ActivityFactory(city=city, source="uitdatabank", external_id="abc"),
    )


def test_an_age_range_runs_upwards(city):
    assert_violates("leisure_activity_age_range", lambda: ActivityFactory(city=city, min_age=9, max_age=4))


def test_a_child_has_one_open_participation_per_activity(family):
    child, activity = family.children.get(), ActivityFactory(city=family.city)
    today = timezone.localdate()
    Participation.objects.create(
        child=child, activity=activity, status="stopped", stopped_on=today, stop_reason="cost"
    )
    Participation.objects.create(child=child, activity=activity)  # after a stop, the child may start again
    assert_violates(
        "leisure_participation_one_open_per_activity",
        lambda: Participation.objects.create(child=child, activity=activity),
    )


def test_a_child_who_goes_has_a_first_day(family):
    assert_violates(
        "leisure_participation_going_has_start",
        lambda: Participation.objects.create(
            child=family.children.get(), activity=ActivityFactory(city=family.city), status="going"
        ),
    )


def test_a_stop_has_its_day_and_its_reason(family):
    child, activity = family.children.get(), ActivityFactory(city=family.city)
    assert_violates(
        "leisure_participation_stopped_has_date_and_reason",
        lambda: Participation.objects.create(
            child=child, activity=activity, status="stopped", stopped_on=timezone.localdate()
        ),
    )
    assert Activity.objects.count() == 1
