"""GET /api/v1/indicators/?district=&period=: the contract's shape, filtered, with its scope stated."""

import datetime

import pytest

from monitoring.indicators import REGISTRY_LIST, measure
from monitoring.indicators.registry import stored_code
from monitoring.services import snapshot_range
from tests.genk_village.factories import DistrictFactory
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshots(genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=31), last=DAY)
    return genk


def test_the_district_filter_changes_every_indicator_to_the_districts_own_figure(client, steering, snapshots):
    client.force_login(steering)
    west = snapshots["west"]
    truth = {
        m.code: m.value
        for m in measure(city=snapshots["city"], day=DAY, district_ids=[west.pk, snapshots["north"].pk])
        if m.district_id == west.pk
    }

    body = client.get("/api/v1/indicators/", {"district": west.pk, "period": "30"}).json()

    assert body["scope"] == {**body["scope"], "city": "Genk", "district": west.pk, "period": 30,
                             "start": "2026-05-31", "end": "2026-06-30"}  # fmt: skip
    items = {item["code"]: item for item in body["indicators"]}
    assert set(items) == {indicator.code for indicator in REGISTRY_LIST if indicator.by_district}
    for code, item in items.items():
        if item["suppressed"]:
            continue
        expected = truth.get(stored_code(code, 30))  # a figure over a window: the 30 days' window
        if expected is None:
            assert item["value"] is None, code  # nothing to measure in the district
        else:
            assert item["value"] == pytest.approx(expected), code
    # the city's 9 referrals are not Winterslag's: the filter changed the figure, not just the label
    city = {item["code"]: item for item in client.get("/api/v1/indicators/").json()["indicators"]}
    assert city["reach.referred"]["value"] == 9 and items["reach.referred"]["suppressed"]


def test_the_period_filter_sets_the_start_of_the_period(client, steering, snapshots):
    client.force_login(steering)
    for period, start in [("30", "2026-05-31"), ("90", None), ("365", None)]:
        scope = client.get("/api/v1/indicators/", {"period": period}).json()["scope"]
        assert (scope["period"], scope["start"]) == (int(period), start)


def test_a_district_of_another_city_is_a_400_that_does_not_name_it(client, steering, snapshots, db):
    elsewhere = DistrictFactory(name="Kuringen-Elders")
    client.force_login(steering)

    response = client.get("/api/v1/indicators/", {"district": elsewhere.pk})

    assert response.status_code == 400 and "Kuringen" not in response.content.decode()
    assert "detail" in response.json()
    assert client.get("/api/v1/indicators/", {"period": "7"}).status_code == 400


def test_a_hidden_share_reads_too_few_to_show(client, steering, snapshots):
    client.force_login(steering)
    items = {item["code"]: item for item in client.get("/api/v1/indicators/").json()["indicators"]}
    contact = items["match_health.contact_30d"]
    assert (contact["value"], contact["display"], contact["suppressed"]) == (None, "too few to show", True)
