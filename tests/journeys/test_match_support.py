"""Keeping a match alive in a real browser: the coach sees the contact moments on a 360 px phone and
answers the health check-in; the coordinator closes a match in the back office, planned, with the
closure conversation, the goodbye and a new shortlist. Every page passes axe-core; screenshots go to
MATCH_SUPPORT_SHOTS (default: the temporary directory) as h6-*.png."""

import datetime
import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coaches.models import HealthCheckIn, Match
from tests.browser import assert_accessible, sign_in

from .steps import DESKTOP, PHONE, no_sideways_scroll, run_action, said

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MATCH_SUPPORT_SHOTS", tempfile.gettempdir()))


def test_the_coach_sees_the_contact_moments_and_answers_the_check_in_on_a_phone(
    new_context, live_server, coach, family
):
    match = Match.objects.get(family=family, status=Match.Status.ACTIVE)
    Match.objects.filter(pk=match.pk).update(started_on=timezone.localdate() - datetime.timedelta(days=20))
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, coach.email)
    page.wait_for_url(f"{live_server.url}/coach/")
    section = page.locator("section[aria-labelledby=moments]")
    expect(section).to_contain_text(said(page, "Contact moments"))
    assert_accessible(page)
    no_sideways_scroll(page)
    section.screenshot(path=SHOTS / "h6-coach-home-moments.png")

    page.click("section[aria-labelledby=moments] a[href$='/coach/check-in/']")
    page.wait_for_url("**/coach/check-in/")
    assert_accessible(page)
    no_sideways_scroll(page)
    page.screenshot(path=SHOTS / "h6-check-in.png", full_page=True)
    for key in ("at_ease", "look_forward", "talk", "trust", "forward"):
        page.check(f"label[for=id_{key}_3]")  # the fourth choice: mostly true
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert HealthCheckIn.objects.get(match=match).score == 20


def test_the_coordinator_closes_a_match_unplanned_with_the_conversation_and_a_new_shortlist(
    new_context, live_server, coordinator, coach, family, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    match = Match.objects.get(family=family, status=Match.Status.ACTIVE)
    desk = new_context(viewport=DESKTOP).new_page()
    sign_in(desk, live_server.url, coordinator.email)
    desk.goto(f"{live_server.url}/admin/coaches/match/")
    run_action(desk, match.pk, "close")
    assert_accessible(desk)
    desk.check("input[name=kind][value=unplanned]")
    desk.select_option("select[name=reason]", "family_moved")
    desk.fill("input[name=conversation_on]", timezone.localdate().isoformat())
    desk.fill("textarea[name=exit_note]", "The family moves to Hasselt; a warm goodbye next week.")
    desk.check("input[name=rematch]")
    desk.screenshot(path=SHOTS / "h6-admin-closure.png", full_page=True)
    with desk.expect_navigation():
        desk.click("input[type=submit].default")
    match.refresh_from_db()
    assert (match.status, match.closure_kind, match.rematch_wanted) == ("closed", "unplanned", True)
