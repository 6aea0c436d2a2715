"""Budgets of the phone pages in a real browser: every coach page's first load stays within 50 KB, and
no coach or supporter page scrolls sideways at 360 px. `make bench` (bench/pages.py) reports the same
figures on the demo data under a production-like server."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from challenges.models import Challenge
from coaches.models import Match
from coaches.selectors import family_challenges_page
from families.models import Goal
from tests.challenges.factories import ChallengeFactory
from tests.worlds import one_of_everything

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 50 * 1024
PHONE = {"width": 360, "height": 740}
SUPPORTER_PAGES = [
    "challenges:board",
    "challenges:mine",
    "challenges:progress",
    "challenges:profile",
    "challenges:notifications",
    "challenges:offers",
]


@pytest.fixture
def busy_family(family, coach, supporter, coordinator, city):
    """The family after a few years: more challenges than one page of the coach's list shows."""
    one_of_everything(city=city, family=family, supporter=supporter, coordinator=coordinator)
    ChallengeFactory.create_batch(
        60, family=family, title="Schoolbag with pencils, a ruler and a calculator for the first year"
    )
    return family


def second_page(family) -> str:
    coach = Match.objects.get(family=family, status=Match.Status.ACTIVE).coach.user
    _rows, cursor = family_challenges_page(family, coach)
    return cursor.encode()


def coach_pages(family) -> list[str]:
    challenge = Challenge.objects.filter(family=family, status=Challenge.Status.OPEN).first()
    goal = Goal.objects.filter(family=family).first()
    return [
        reverse("coaches:home"),
        reverse("coaches:contact_new"),
        reverse("coaches:challenge_list"),
        reverse("coaches:challenge_list") + "?after=" + second_page(family),
        reverse("coaches:challenge_new"),
        reverse("coaches:challenge_detail", args=[challenge.pk]),
        reverse("coaches:challenge_cancel", args=[challenge.pk]),
        reverse("coaches:goal_edit", args=[goal.pk]),
        reverse("coaches:offer_list"),
        reverse("coaches:offer_new"),
        reverse("coaches:question_list"),
        reverse("coaches:question_new"),
    ]


def received(request) -> int:
    """Bytes on the wire for one response: headers and body; nothing for a copy from the browser's cache."""
    sizes = request.sizes()
    body, headers = sizes["responseBodySize"], sizes["responseHeadersSize"]
    if body < 0:
        return 0
    if body == 0 and request.service_worker is not None:
        response = request.response()  # Chromium gives no body size for the worker's own script
        body = len(response.body()) if response is not None else 0
    return body + headers


def first_load(browser, browser_context_args, live_server, client, user, path: str) -> tuple[int, int]:
    """Open `path` signed in as `user` in a fresh context (empty cache): bytes received, sideways px."""
    client.force_login(user)
    context = browser.new_context(**browser_context_args, viewport=PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    response = page.goto(live_server.url + path, wait_until="networkidle")
    assert response.status == 200 and response.url == live_server.url + path, path
    if path.startswith(reverse("coaches:home")):
        # The first visit installs the service worker, and what it fetches counts too.
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    transferred = sum(received(request) for request in finished)
    context.close()
    return transferred, overflow


def test_every_coach_page_loads_within_50_kb_and_fits_a_360_px_screen(
    browser, browser_context_args, live_server, client, coach, busy_family
):
    weights = {}
    for path in coach_pages(busy_family):
        transferred, overflow = first_load(browser, browser_context_args, live_server, client, coach, path)
        assert overflow <= 0, f"{path} scrolls {overflow} px sideways at 360 px"
        weights[path] = transferred
    over = {path: size for path, size in weights.items() if size > BUDGET}
    assert not over, f"over the 50 KB budget on a first load: {over}"
    # The measure counts something: a page, its stylesheets, the script and the service worker.
    assert min(weights.values()) > 10_000, weights


def test_no_supporter_page_scrolls_sideways_at_360_px(
    browser, browser_context_args, live_server, client, supporter, busy_family
):
    for name in SUPPORTER_PAGES:
        path = reverse(name)
        _transferred, overflow = first_load(
            browser, browser_context_args, live_server, client, supporter, path
        )
        assert overflow <= 0, f"{path} scrolls {overflow} px sideways at 360 px"
