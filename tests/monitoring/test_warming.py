"""After the nightly snapshot every dashboard of the city is already rendered: the first steering member to
open it in the morning does not wait for it to be planned, measured and drawn."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from monitoring import views
from monitoring.releases import PERIODS
from monitoring.selectors import dashboard_cache_key
from monitoring.services import snapshot_take
from monitoring.tasks import snapshot_indicators
from monitoring.warming import dashboard_warm
from tests.genk_village.factories import CityFactory, UserFactory
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


def keys(city, districts) -> list[str]:
    return [
        dashboard_cache_key(
            city_id=city.pk, district_id=district.pk if district else None, period=period, language=language
        )
        for language, _name in settings.LANGUAGES
        for district in [None, *districts]
        for period in PERIODS
    ]


def main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_the_warm_job_renders_every_district_period_and_language_once(genk, steering):
    city = genk["city"]
    snapshot_take(city=city, day=DAY)

    assert dashboard_warm(city=city) == 5 * 3 * 3  # languages, the city and two districts, periods
    assert all(cache.get(key) for key in keys(city, [genk["west"], genk["north"]]))
    assert dashboard_warm(city=city) == 0  # what is cached is not rendered again


def test_the_morning_visit_reads_the_warm_page_and_shows_what_a_fresh_render_shows(
    client, genk, steering, monkeypatch
):
    city, west = genk["city"], genk["west"]
    snapshot_take(city=city, day=DAY)
    dashboard_warm(city=city)
    client.force_login(steering)
    path = f"/monitoring/?period=365&district={west.pk}"

    def no_rendering(*args):
        raise AssertionError("the page rendered its body again")

    with monkeypatch.context() as patched:
        patched.setattr(views, "dashboard_body", no_rendering)
        warm = client.get(path).content.decode()
    cache.delete(dashboard_cache_key(city_id=city.pk, district_id=west.pk, period="365", language="en"))
    fresh = client.get(path).content.decode()

    assert "Winterslag" in warm and "the year up to the day" in warm
    assert main(warm) == main(fresh)  # the page around it differs only by its CSRF token


def test_a_city_nobody_may_look_at_and_a_city_without_snapshots_warm_nothing(genk, steering):
    lonely = CityFactory(name="Maasmechelen", slug="maasmechelen")
    assert dashboard_warm(city=lonely) == 0  # no steering member, coordinator or captain there

    assert dashboard_warm(city=genk["city"]) == 0  # before the first snapshot the page measures live
    assert not any(cache.get(key) for key in keys(genk["city"], [genk["west"], genk["north"]]))


def test_the_nightly_task_warms_the_dashboards_after_its_snapshot(genk, steering, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(3))))
    snapshot_indicators.delay().get()

    key = dashboard_cache_key(city_id=genk["city"].pk, district_id=None, period="90", language="nl")
    assert cache.get(key)


def test_a_warm_page_reads_only_the_session_and_the_reader(client, genk, steering, django_assert_num_queries):
    """The filters are not validated against the database for a cached body: it was cached under a
    district the form accepted for this city."""
    city, west = genk["city"], genk["west"]
    snapshot_take(city=city, day=DAY)
    dashboard_warm(city=city)
    client.force_login(steering)
    client.get("/monitoring/")  # the first request after signing in stores the session once more
    for query in [{}, {"period": "30"}, {"district": west.pk}, {"district": west.pk, "period": "365"}]:
        with django_assert_num_queries(2):  # the session and the signed-in user
            assert client.get("/monitoring/", query).status_code == 200


def test_another_citys_district_never_reaches_a_cached_body(client, genk, steering):
    """Genk's dashboards are all cached; a steering member of another city who asks for one of Genk's
    districts gets their own city's page, never Genk's figures."""
    snapshot_take(city=genk["city"], day=DAY)
    dashboard_warm(city=genk["city"])
    elsewhere = CityFactory(name="Maasmechelen", slug="maasmechelen")
    client.force_login(UserFactory(city=elsewhere, is_steering=True))

    page = client.get("/monitoring/", {"district": genk["west"].pk, "period": "365"})

    assert page.status_code == 200 and page.context["board"].district is None
    assert "Winterslag" not in page.content.decode()


@pytest.mark.parametrize("district", ["abc", "²", "-1", "99999", "1.5"])
def test_a_district_the_form_refuses_shows_the_whole_city(client, genk, steering, district):
    snapshot_take(city=genk["city"], day=DAY)
    dashboard_warm(city=genk["city"])
    client.force_login(steering)

    page = client.get("/monitoring/", {"district": district, "period": "30"})

    assert page.status_code == 200
    assert (
        "Indicators: Genk, whole city" in page.content.decode()
        and "the 90 days up to the day" in page.content.decode()
    )
