"""A supporter in a real browser: sign up, filter, claim, deliver; the coach confirms; points and a badge.

The coach's own confirmation page is built by another engineer at the same time, so the coach's step
calls challenges.services.challenge_confirm directly, as that page will.
"""

import datetime

import pytest
from django.utils import timezone

from challenges.models import Challenge
from challenges.services import challenge_confirm
from tests.browser import assert_accessible
from tests.challenges.factories import ChallengeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_signs_up_claims_delivers_and_sees_points_and_a_badge(page, live_server, coach, family):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    ride = ChallengeFactory(family=family, title="A ride to CoderDojo", category="transport", needed_by=soon)
    ChallengeFactory(family=family, title="Football shoes, size 31", category="material", needed_by=soon)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{live_server.url}/accounts/signup/")
    assert_accessible(page)
    page.select_option("#id_kind", "person")
    page.fill("#id_display_name", "Jan")
    page.fill("#id_email", "jan@example.org")
    page.fill("#id_password1", "a-long-enough-secret-42")
    page.fill("#id_password2", "a-long-enough-secret-42")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/challenges/")  # signed in, and home sends a supporter to the board

    assert page.locator(".card").count() == 2
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.click(".filters summary")
    page.select_option("#id_category", "transport")  # htmx swaps the list in place
    page.wait_for_function("document.querySelectorAll('.card').length === 1")
    assert "Football shoes" not in page.inner_text("#board-list")

    page.click(f"#challenge-{ride.pk} button[type=submit]")
    page.wait_for_selector(f"#challenge-{ride.pk} .notice.ok")
    assert page.url.startswith(f"{live_server.url}/challenges/")  # no full page load: still the board
    assert_accessible(page)
    ride.refresh_from_db()
    assert ride.status == Challenge.Status.CLAIMED

    page.goto(f"{live_server.url}/challenges/mine/")
    page.click(f"#mine-{ride.pk} button.primary")
    page.wait_for_selector("#mine-list .notice.ok")
    ride.refresh_from_db()
    assert ride.status == Challenge.Status.DELIVERED

    challenge_confirm(challenge=ride, actor=coach)  # the coach's page will call this same service

    page.goto(f"{live_server.url}/challenges/me/")
    assert page.inner_text("#points-balance") == "15"
    assert "First help" in page.inner_text(".badges")
    assert_accessible(page)


def test_the_profile_page_passes_axe(page, live_server, supporter):
    from tests.browser import sign_in

    sign_in(page, live_server.url, supporter.email)
    page.goto(f"{live_server.url}/challenges/profile/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/challenges/mine/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/challenges/notifications/")
    assert_accessible(page)


def test_the_offers_page_passes_axe(page, live_server, supporter, family):
    from families.models import Offer
    from tests.browser import sign_in

    Offer.objects.create(family=family, title="A pram to lend", exchange_mode="loan")
    sign_in(page, live_server.url, supporter.email)
    page.goto(f"{live_server.url}/challenges/offers/")
    assert "A pram to lend" in page.inner_text("main")
    assert_accessible(page)
