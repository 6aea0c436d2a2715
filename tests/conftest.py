"""Shared fixtures: the personas of DESIGN.md, service gates and the house rules for every test."""

import logging
import os
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.genk_village.factories import CityFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _missing(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _service_gates(request):
    """Tests marked postgres or redis need those servers; without them they skip, or fail in CI."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL")
    if request.node.get_closest_marker("redis") and not settings.REDIS_URL:
        _missing("needs Redis and a Celery worker: set REDIS_URL")


@pytest.fixture(autouse=True)
def _languages_of_the_data_migration(request):
    """The spoken languages come from a data migration; a transactional test earlier on the same worker
    flushes them with every other table, so a test that uses the database gets them back first."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from genk_village.models import Language
    from tests.genk_village.factories import LANGUAGE_NAMES, language

    if Language.objects.count() < len(LANGUAGE_NAMES):
        for code in LANGUAGE_NAMES:
            language(code)


@pytest.fixture(autouse=True)
def _no_error_logs(caplog):
    """A test that logs an ERROR fails: errors are never an expected part of a passing journey."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, f"unexpected ERROR logs: {[r.getMessage() for r in errors]}"


@pytest.fixture(autouse=True)
def _source_language(settings):
    """Tests read the site in English, the language its strings are written in; the catalogue tests and
    the tests of a language's pages ask for Dutch, French, Turkish or Arabic themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    """A missing template variable fails the test instead of rendering as an empty string."""
    for engine in settings.TEMPLATES:
        engine.setdefault("OPTIONS", {})["string_if_invalid"] = _InvalidVariable("%s")


class _InvalidVariable(str):
    """Raises for a missing variable in the project's own templates; Django's admin relies on blanks."""

    def __mod__(self, variable):
        frame = sys._getframe(1)
        while frame is not None:
            context = frame.f_locals.get("context")
            origin = getattr(getattr(context, "template", None), "origin", None)
            if origin is not None:
                if str(origin.name).startswith(PROJECT_TEMPLATES):
                    raise AssertionError(f"missing template variable {variable!r} in {origin.name}")
                return ""
            frame = frame.f_back
        return ""


PROJECT_TEMPLATES = str(settings.BASE_DIR / "templates")


@pytest.fixture
def city(db):
    return CityFactory(name="Genk", slug="genk")


@pytest.fixture
def other_city(db):
    return CityFactory(name="Hasselt", slug="hasselt")


@pytest.fixture
def coordinator(city):
    return UserFactory(email="coordinator@example.org", city=city, is_coordinator=True)


@pytest.fixture
def other_coordinator(other_city):
    return UserFactory(email="coordinator@hasselt.example.org", city=other_city, is_coordinator=True)


@pytest.fixture
def steering(city):
    return UserFactory(email="steering@example.org", city=city, is_steering=True)


@pytest.fixture
def captain(city):
    return UserFactory(email="captain@example.org", city=city, is_captain=True)


@pytest.fixture
def referrer(city):
    return UserFactory(
        email="referrer@example.org", city=city, is_referrer=True, organisation="School De Klimop"
    )


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def pytest_configure(config):
    # Hashing with PBKDF2 for every test user would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Per-process cache: rate-limit counters must not leak from one test into the next through Redis.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django-axes needs the request in every authenticate() call, which Client.login() does not pass;
    # the lockout itself is proven in tests/genk_village/test_security.py, which switches it on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-ups and applications per IP in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _eager_tasks_unless_worker(request):
    """Tasks run in-process, except in the tests that start a real worker (marked redis)."""
    from celery.result import _set_task_join_will_block, task_join_will_block

    from genk_village.celery import app

    eager = not request.node.get_closest_marker("redis")
    previous = app.conf.task_always_eager, task_join_will_block()
    app.conf.task_always_eager = eager
    if eager:
        # A real worker started earlier in this process marks it as "inside a task", which would refuse
        # the eager result's get(); an eager test runs outside any worker.
        _set_task_join_will_block(False)
    yield
    app.conf.task_always_eager = previous[0]
    _set_task_join_will_block(previous[1])


@pytest.fixture
def district(city):
    from tests.genk_village.factories import DistrictFactory

    return DistrictFactory(city=city, name="Winterslag")


@pytest.fixture
def family(city, district):
    """A family of Genk with its child, a guardian and its consents, matched to `coach`'s coach below."""
    from tests.families.factories import ChildFactory, ConsentFactory, FamilyFactory, GuardianFactory

    family = FamilyFactory(city=city, district=district, family_name="Yilmaz", address="Stalenstraat 12")
    ChildFactory(family=family, first_name="Elif")
    GuardianFactory(family=family, first_name="Ayse", last_name="Yilmaz", phone="+32 470 12 34 56")
    ConsentFactory(family=family, purpose="programme")
    ConsentFactory(family=family, purpose="data")
    return family


@pytest.fixture
def coach(city, family):
    """A coach persona: a ready coach with an active match with `family`."""

    from coaches.models import Match
    from tests.coaches.factories import ReadyCoachFactory

    profile = ReadyCoachFactory(city=city, user__email="coach1@example.org", active_matches=1)
    Match.objects.create(
        family=family, coach=profile, status=Match.Status.ACTIVE, started_on=timezone.localdate()
    )
    family.status = family.Status.MATCHED
    family.save(update_fields=["status"])
    return profile.user


@pytest.fixture
def other_coach(city):
    from tests.coaches.factories import ReadyCoachFactory

    return ReadyCoachFactory(city=city, user__email="coach2@example.org").user


@pytest.fixture
def supporter(city):
    from tests.supporters.factories import SupporterFactory

    return SupporterFactory(city=city, user__email="supporter1@example.org").user


@pytest.fixture
def personas(
    anonymous, coordinator, other_coordinator, coach, other_coach, supporter, steering, captain, referrer
):
    return {
        "anonymous": anonymous,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "coach": coach,
        "other_coach": other_coach,
        "supporter": supporter,
        "steering": steering,
        "captain": captain,
        "referrer": referrer,
    }


# Browser tests ------------------------------------------------------------------------------------
# Playwright drives Debian's Chromium (no browser download here); the ORM is used beside its event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp lets axe-core be injected into pages whose Content Security Policy forbids inline scripts.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(autouse=True)
def _browser_gate(request):
    if request.node.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        _missing(f"needs Chromium at {CHROMIUM}: apt-get install chromium")


def pytest_terminal_summary(terminalreporter):
    # Here, not in tests/accessibility/, because pytest-xdist's controller loads only this conftest.
    from tests.accessibility.conftest import report_scanned_pages

    report_scanned_pages(terminalreporter)
