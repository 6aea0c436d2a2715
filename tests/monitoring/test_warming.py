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
from tests.genk_village.factories import CityFactory
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


def keys(city, districts) -> list[str]:
    return [
        dashboard_cache_key(city_id=city.pk, district=district, period=period, language=language)
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
    cache.delete(dashboard_cache_key(city_id=city.pk, district=west, period="365", language="en"))
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

    assert cache.get(dashboard_cache_key(city_id=genk["city"].pk, district=None, period="90", language="nl"))
