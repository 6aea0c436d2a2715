"""The dashboard, report, exports and API: who may see them, what they show, and what they never show."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.services import snapshot_range, snapshot_take
from monitoring.views import dashboard_role_required
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import UserFactory
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db

PAGES = ["monitoring:dashboard", "monitoring:report", "monitoring:export_csv", "monitoring:export_xlsx"]


@pytest.fixture
def snapshots(genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=2), last=DAY)
    return genk


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["steering", "coordinator"])
def test_steering_and_coordinators_see_the_monitoring(client, personas, snapshots, name, persona):
    client.force_login(personas[persona])
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["coach", "supporter", "referrer"])
def test_other_roles_are_refused(client, personas, name, persona):
    client.force_login(personas[persona])
    assert client.get(reverse(name)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_steering_member_without_a_city_is_refused(client, db):
    client.force_login(UserFactory(city=None, is_steering=True))
    assert client.get(reverse("monitoring:dashboard")).status_code == 403


def test_the_decorator_names_the_dashboard_roles():
    roles = dashboard_role_required(lambda request: None).required_role
    assert roles == ("steering", "captain", "coordinator")


def test_a_captain_of_society_lands_on_the_dashboard_and_sees_figures_but_no_person(
    client, captain, snapshots, family
):
    client.force_login(captain)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url == reverse("monitoring:dashboard")
    page = client.get(home.url).content.decode()
    assert "<svg" in page and "Winterslag" in page
    assert family.family_name not in page and family.reference not in page
    assert client.get(reverse("admin:index")).status_code == 403  # no back office
    assert client.get(reverse("api:family-list")).status_code == 403


def test_the_dashboard_shows_figures_hides_small_counts_and_filters_by_district(client, steering, snapshots):
    client.force_login(steering)
    response = client.get(reverse("monitoring:dashboard"))
    page = response.content.decode()
    assert "Winterslag" in page and "<svg" in page and "&lt; 5" in page
    assert response.context["board"].day == DAY and not response.context["board"].live
    north = snapshots["north"].pk
    filtered = client.get(reverse("monitoring:dashboard"), {"period": "30", "district": north})
    assert filtered.status_code == 200
    assert filtered.context["board"].district == snapshots["north"]


def test_a_district_tile_is_hidden_where_the_district_table_hides_it(client, steering, snapshots):
    client.force_login(steering)
    board = client.get(reverse("monitoring:dashboard")).context["board"]
    # Waterschei's 2 referrals are hidden, so Winterslag's 7 must be too: the city total would give it away
    assert [row[0].display for row in board.district_table.rows] == ["< 5", "< 5"]
    assert board.district_table.totals[0].display == "9"
    west = client.get(reverse("monitoring:dashboard"), {"district": snapshots["west"].pk}).context["board"]
    assert west.rows["reach.referred"].figure.suppressed
    # 9 referred and 5 enrolled in the city would say that 4 are not enrolled: the 5 is hidden, and with
    # it Winterslag's 5 (Waterschei's 0 would give it back)
    assert board.rows["reach.enrolled"].figure.display == "< 5"
    assert west.rows["reach.enrolled"].figure.display == "< 5"


@pytest.mark.parametrize("name", ["monitoring:dashboard", "monitoring:report"])
def test_the_legend_says_a_hidden_figure_may_be_a_larger_one(client, steering, snapshots, name):
    """Winterslag's 7 referrals read "< 5" like Waterschei's 2 (the same text keeps them apart from nobody):
    the legend must not tell the reader that every "< 5" is under five."""
    steering.language = "nl"
    steering.save(update_fields=["language"])
    client.force_login(steering)
    page = client.get(reverse(name)).content.decode()
    assert "<strong>&lt; 5</strong>: verborgen." in page
    assert "ook enkele grotere cijfers worden zo verborgen" in page
    assert "te weinig om te tonen zonder naar een persoon te wijzen" not in page


def test_the_legend_names_the_threshold_in_force(client, steering, snapshots, settings):
    settings.DISCLOSURE_THRESHOLD = 10
    client.force_login(steering)
    page = client.get(reverse("monitoring:report")).content.decode()
    assert "<strong>&lt; 10</strong>: hidden." in page and "<strong>< " not in page


def test_the_dashboard_measures_live_before_the_first_snapshot(client, steering, genk):
    client.force_login(steering)
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 200 and response.context["board"].live


def _families_and_challenges(genk, count):
    for i in range(count):
        family = FamilyFactory(city=genk["city"], district=genk["west" if i % 2 else "north"])
        ChallengeFactory(family=family)


def _queries(client, url):
    cache.clear()  # measure the path that computes, not a cached page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["monitoring:dashboard", "monitoring:report"])
def test_the_query_count_does_not_grow_with_the_data(client, steering, genk, name):
    client.force_login(steering)
    url = reverse(name) + "?period=30"
    snapshot_take(city=genk["city"], day=DAY - datetime.timedelta(days=30))
    snapshot_take(city=genk["city"], day=DAY)
    client.get(url)  # the first request of a session does one-time work (session, sign-in bookkeeping)
    small = _queries(client, url)
    _families_and_challenges(genk, 30)
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=30), last=DAY)  # 31 days of trend
    assert _queries(client, url) == small <= 12


def test_a_steering_member_sees_no_personal_data_anywhere(client, steering, snapshots):
    client.force_login(steering)
    texts = [client.get(reverse(name)).content for name in ["monitoring:dashboard", "monitoring:report"]]
    texts.append(client.get(reverse("monitoring:export_csv")).content)
    workbook = load_workbook(io.BytesIO(client.get(reverse("monitoring:export_xlsx")).content))
    texts.append(" ".join(str(c.value) for row in workbook.active.iter_rows() for c in row).encode())
    texts.append(client.get("/api/v1/indicators/").content)
    for text in texts:
        for secret in [b"Zwanepoel", b"Vandersnickt", b"Kwabena", b"TST-", b"Stalenstraat"]:
            assert secret not in text


def test_the_csv_export_lists_every_indicator_with_hidden_counts_as_text(client, steering, snapshots):
    client.force_login(steering)
    response = client.get(reverse("monitoring:export_csv"), {"period": "30"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["reach.referred"][5] == "9"
    assert by_code["reach.enrolled"][5] == "< 5"  # 9 referred - 5 enrolled would name 4
    assert by_code["reach.matched"][5] == "< 5"
    assert by_code["supporters.registered"][5] == "< 5"


def test_the_api_lists_indicators_as_the_contract_says(client, steering, snapshots):
    client.force_login(steering)
    body = client.get("/api/v1/indicators/").json()
    assert {"generated_at", "indicators"} <= set(body)  # the contract's keys; "scope" is an addition
    by_code = {item["code"]: item for item in body["indicators"]}
    assert set(by_code["reach.referred"]) == {"code", "label", "value", "display", "suppressed"}
    assert by_code["reach.referred"]["value"] == 9 and not by_code["reach.referred"]["suppressed"]
    assert by_code["reach.matched"] == {**by_code["reach.matched"], "value": None, "display": "< 5",
                                        "suppressed": True}  # fmt: skip


@pytest.mark.parametrize("persona", ["coach", "supporter", "referrer"])
def test_the_api_refuses_other_roles(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/api/v1/indicators/").status_code == 403


def test_a_cached_dashboard_is_served_until_a_new_snapshot_changes_the_figures(
    client, steering, genk, django_capture_on_commit_callbacks
):
    client.force_login(steering)
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_take(city=genk["city"], day=DAY - datetime.timedelta(days=1))
    client.get(reverse("monitoring:dashboard"))
    with CaptureQueriesContext(connection) as cached:
        page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert len(cached) <= 4 and "Figures at the end of" in page
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_take(city=genk["city"], day=DAY)
    response = client.get(reverse("monitoring:dashboard"))
    assert response.context["board"].day == DAY


def test_a_coordinator_of_another_city_sees_only_their_own_city(client, other_coordinator, snapshots):
    client.force_login(other_coordinator)
    by_code = {item["code"]: item for item in client.get("/api/v1/indicators/").json()["indicators"]}
    assert by_code["reach.referred"]["value"] == 0
