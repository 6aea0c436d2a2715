"""`manage.py disclosure_audit`: the adversary's linear programme over every export finds nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from monitoring.management.commands.disclosure_audit import published_counts
from monitoring.models import ReleasePlan
from monitoring.services import snapshot_take
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


def _release_days(city, end):
    for days in (365, 90, 30, 0):
        snapshot_take(city=city, day=end - datetime.timedelta(days=days))
    ReleasePlan.objects.all().delete()  # planned again by the (patched) planner below


def test_the_audit_finds_nothing_in_a_small_hand_built_city(genk):
    _release_days(genk["city"], DAY)
    out = io.StringIO()

    call_command("disclosure_audit", "--city", genk["city"].slug, stdout=out, stderr=io.StringIO())

    assert "nothing below 5 can be worked out" in out.getvalue()


def test_the_audit_fails_and_lists_the_cells_when_exports_would_give_a_count_away(genk, monkeypatch):
    _release_days(genk["city"], DAY)
    # an export that hid nothing but the small counts themselves: the city total gives Winterslag away
    monkeypatch.setattr("monitoring.releases.plan", lambda counts: frozenset(
        cell for cell, value in counts.items() if 0 < value < 5
    ))  # fmt: skip
    errors = io.StringIO()

    with pytest.raises(CommandError, match="can be worked out"):
        call_command("disclosure_audit", "--city", genk["city"].slug, stdout=io.StringIO(), stderr=errors)

    assert "pinned: reach.referred" in errors.getvalue()


def test_a_city_that_does_not_exist_is_an_error(db):
    with pytest.raises(CommandError, match="No city"):
        call_command("disclosure_audit", "--city", "atlantis")


@pytest.mark.postgres
def test_the_audit_finds_nothing_in_the_demo():
    call_command("seed_demo", "--force", stdout=io.StringIO(), stderr=io.StringIO())
    from genk_village.models import City

    city = City.objects.get(slug="genk")
    _release_days(city, timezone.localdate() - datetime.timedelta(days=1))

    published, conflicts = published_counts(city)
    assert conflicts == []
    assert len(published) > 1000 and any(value is None for value in published.values())
    call_command("disclosure_audit", "--city", "genk", stdout=io.StringIO(), stderr=io.StringIO())
