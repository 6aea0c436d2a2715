"""The supporter's journey in a real browser on a phone: sign up, wait for a coordinator's approval,
filter the board, claim, deliver; the coach confirms on their own page; points and a first badge.
Every supporter page on the way passes axe-core."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import Challenge
from families.models import Offer
from supporters.models import Supporter
from tests.browser import assert_accessible, sign_in
from tests.challenges.factories import ChallengeFactory

from .steps import DESKTOP, PHONE, no_sideways_scroll, run_action, said

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_signs_up_is_approved_claims_delivers_and_earns_points_and_a_badge(
    new_context, live_server, city, coordinator, coach, family
):
    city.supporters_need_approval = True
    city.save(update_fields=["supporters_need_approval"])
    base = live_server.url
    soon = timezone.localdate() + datetime.timedelta(days=3)
    ride = ChallengeFactory(family=family, title="A ride to CoderDojo", category="transport", needed_by=soon)
    ChallengeFactory(family=family, title="Football shoes, size 31", category="material", needed_by=soon)
    Offer.objects.create(family=family, title="A pram to lend", exchange_mode="loan")

    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{base}/accounts/signup/")
    assert_accessible(page)
    page.select_option("#id_kind", "person")
    page.fill("#id_display_name", "Jan")
    page.fill("#id_email", "jan@example.org")
    page.fill("#id_password1", "a-long-enough-secret-42")
    page.fill("#id_password2", "a-long-enough-secret-42")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/accounts/confirm-email/")  # "we sent you an e-mail", whoever the address is
    (message,) = [m for m in mail.outbox if "jan@example.org" in m.to]
    page.goto(base + re.search(r"/accounts/confirm-email/\S+/", message.body).group(0))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/challenges/")  # confirmed and signed in; home sends a supporter to the board
    expect(page.locator("h1")).to_have_text(said(page, "Thank you for signing up"))  # but waits
    expect(page.locator(".card")).to_have_count(0)
    assert_accessible(page)
    jan = Supporter.objects.get(user__email="jan@example.org")
    assert (jan.display_name, jan.city_id, jan.approved_at) == ("Jan", family.city_id, None)

    # A coordinator approves the new supporter in the back office.
    desk = new_context(viewport=DESKTOP).new_page()
    sign_in(desk, base, coordinator.email)
    desk.goto(f"{base}/admin/supporters/supporter/")
    expect(desk.locator("#result_list tbody tr", has_text="jan@example.org")).to_be_visible()
    run_action(desk, jan.pk, "approve")
    expect(desk.locator(".messagelist .success")).to_be_visible()
    jan.refresh_from_db()
    assert jan.approved_at is not None

    page.reload()
    expect(page.locator(".card")).to_have_count(2)
    assert_accessible(page)
    no_sideways_scroll(page)
    page.click(".filters summary")
    page.select_option("#id_category", "transport")  # htmx swaps the list in place
    expect(page.locator("#board-list .card")).to_have_count(1)
    expect(page.locator("#board-list")).not_to_contain_text("Football shoes")

    page.click(f"#challenge-{ride.pk} button[type=submit]")
    expect(page.locator(f"#challenge-{ride.pk} .notice.ok")).to_be_visible()
    assert page.url.startswith(f"{base}/challenges/")  # no full page load: still the board
    assert_accessible(page)
    ride.refresh_from_db()
    assert (ride.status, ride.claimant_id) == (Challenge.Status.CLAIMED, jan.pk)

    page.click(f"#challenge-{ride.pk} a[href$='/challenges/mine/']")
    page.wait_for_url(f"{base}/challenges/mine/")
    page.click(f"#mine-{ride.pk} button.primary")
    expect(page.locator("#mine-list .notice.ok")).to_be_visible()
    assert_accessible(page)
    ride.refresh_from_db()
    assert ride.status == Challenge.Status.DELIVERED

    # The coach confirms the hand-over on their own page.
    coach_page = new_context(viewport=PHONE).new_page()
    sign_in(coach_page, base, coach.email)
    coach_page.goto(f"{base}/coach/challenges/{ride.pk}/")
    with coach_page.expect_navigation():
        coach_page.click("main button[type=submit]")
    expect(coach_page.locator("[role=status] .messages")).to_be_visible()
    ride.refresh_from_db()
    assert ride.status == Challenge.Status.CONFIRMED

    page.goto(f"{base}/challenges/me/")
    expect(page.locator("#points-balance")).to_have_text("15")
    earned = list(jan.badges.values_list("badge__name", flat=True))
    assert "First help" in earned
    expect(page.locator(".badge.earned")).to_have_count(len(earned))
    expect(page.locator(".badge.earned", has_text=said(page, "First help"))).to_be_visible()
    assert_accessible(page)

    # The supporter's other pages.
    for path in ["profile/", "notifications/", "offers/"]:
        page.goto(f"{base}/challenges/{path}")
        assert_accessible(page)
        no_sideways_scroll(page)
    expect(page.locator("main")).to_contain_text("A pram to lend")
