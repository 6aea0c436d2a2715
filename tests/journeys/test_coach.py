"""The coach's journey on a 360×740 phone in a real browser: sign in, see the family, log a contact,
post a challenge, confirm a delivered one and update a goal of the family plan.

Every coach page passes axe-core and never scrolls sideways; screenshots go to <tmp>/coach-*.png.
"""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import Challenge, PointsEntry
from challenges.services import challenge_claim, challenge_deliver
from coaches.models import ContactLog, SupportRequest
from families.models import Goal, Offer
from supporters.models import Supporter
from tests.browser import assert_accessible, sign_in
from tests.challenges.factories import ChallengeFactory

from .steps import PHONE, no_sideways_scroll, said

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())  # /tmp here: the screenshots are looked at after a run


def check(page, name: str | None = None) -> None:
    """The page as it is now: accessible, no horizontal scrolling, and a screenshot when named."""
    assert_accessible(page)
    no_sideways_scroll(page)
    if name:
        page.screenshot(path=SCREENSHOTS / f"coach-{name}.png", full_page=True)


@pytest.fixture
def delivered(family, coach, supporter):
    """A challenge a supporter claimed and marked delivered, through the services, awaiting the coach."""
    challenge = ChallengeFactory(family=family, title="Football shoes, size 31", category="material")
    claimant = Supporter.objects.get(user=supporter)
    challenge_claim(challenge=challenge, supporter=claimant, actor=supporter)
    return challenge_deliver(challenge=challenge, supporter=claimant, actor=supporter)


def submit(page) -> None:
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_a_coach_logs_a_contact_posts_and_confirms_challenges_on_a_phone(
    new_context, live_server, coach, family, delivered
):
    family.plan_summary = "Elif goes swimming; the family meets other parents at school."
    family.save(update_fields=["plan_summary"])
    Goal.objects.create(
        family=family, domain="leisure", description="Swimming lessons", next_step="Find a club"
    )
    Goal.objects.create(family=family, domain="school", description="Meet the teacher", status="in_progress")
    Offer.objects.create(family=family, title="Homemade baklava", exchange_mode="gift")
    SupportRequest.objects.create(
        coach=coach.coach, question="How do I talk about money?", answer="Listen first.", status="answered"
    )

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, coach.email)
    page.wait_for_url(f"{live_server.url}/coach/")  # home sends a coach to their own pages
    expect(page.locator("h1")).to_contain_text(family.reference)
    expect(page.locator("#people + .facts")).to_contain_text("Elif")
    expect(page.locator("main")).to_contain_text("Swimming lessons")
    check(page, "home")

    # Log a contact: one screen, the date is today already.
    page.click("main a[href$='/coach/contact/']")
    page.wait_for_url("**/coach/contact/")
    expect(page.locator("#id_happened_on")).to_have_value(timezone.localdate().isoformat())
    check(page, "contact")
    page.check("label[for=id_kind_2]")  # phone call
    page.fill("#id_duration_minutes", "10")
    page.fill("#id_note", "Swimming club found")
    submit(page)
    page.wait_for_url(f"{live_server.url}/coach/")
    contact = ContactLog.objects.get()
    assert (contact.kind, contact.duration_minutes, contact.author_id) == ("phone", 10, coach.pk)
    expect(page.locator("[role=status] .messages")).to_be_visible()
    check(page)

    # Post a challenge: category by pictogram, with the privacy warning in view.
    page.click("main a[href$='/coach/challenges/new/']")
    page.wait_for_url("**/coach/challenges/new/")
    check(page, "challenge-new")
    page.fill("#id_title", "Swimming bag and towel")
    page.check("label[for=id_category_4]")  # leisure
    page.fill("#id_needed_by", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.check("label[for=id_exchange_mode_0]")
    page.fill("#id_description", "For lessons on Wednesday afternoon")
    submit(page)
    posted = Challenge.objects.get(title="Swimming bag and towel")
    page.wait_for_url(f"**/coach/challenges/{posted.pk}/")
    assert (posted.status, posted.category, posted.family_id) == ("open", "leisure", family.pk)
    expect(page.locator("h1")).to_contain_text("Swimming bag and towel")
    check(page)

    # The list shows the supporter who delivered; the detail arranges the hand-over and confirms.
    page.click("nav.tabbar a[href$='/coach/challenges/']")
    page.wait_for_url("**/coach/challenges/")
    check(page, "challenges")
    page.click(f"a[href$='/coach/challenges/{delivered.pk}/']")
    page.wait_for_url(f"**/coach/challenges/{delivered.pk}/")
    # The hand-over is arranged in the app's conversation: the supporter's address is never shown.
    expect(page.locator("main textarea")).to_be_visible()
    assert "supporter1@example.org" not in page.content()
    check(page, "challenge-detail")
    submit(page)
    page.wait_for_url(f"**/coach/challenges/{delivered.pk}/")
    expect(page.locator("[role=status] .messages")).to_be_visible()
    delivered.refresh_from_db()
    assert delivered.status == Challenge.Status.CONFIRMED
    assert PointsEntry.objects.filter(supporter=delivered.claimant).exists()
    check(page)

    # A goal of the family plan moves on, from the home page.
    goal = Goal.objects.get(description="Swimming lessons")
    page.click("nav.tabbar a[href$='/coach/']")
    page.wait_for_url(f"{live_server.url}/coach/")
    page.click(f"a[href$='/coach/goals/{goal.pk}/']")
    page.wait_for_url(f"**/coach/goals/{goal.pk}/")
    check(page, "goal")
    page.check("label[for=id_status_1]")  # in progress
    submit(page)
    page.wait_for_url(f"{live_server.url}/coach/")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.IN_PROGRESS

    # The other screens, each checked once.
    for path, name in [
        (f"challenges/{posted.pk}/cancel/", None),
        ("offers/", "offers"),
        ("offers/new/", None),
        ("questions/", "questions"),
        ("questions/new/", None),
    ]:
        page.goto(f"{live_server.url}/coach/{path}")
        check(page, name)
    expect(page.locator("main")).not_to_contain_text("Listen first.")  # the new-question form only
    page.goto(f"{live_server.url}/coach/questions/")
    expect(page.locator("main")).to_contain_text("Listen first.")


def test_a_coach_without_a_family_sees_an_accessible_welcome(new_context, live_server, other_coach):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, other_coach.email)
    page.wait_for_url(f"{live_server.url}/coach/")
    expect(page.locator("h1")).to_have_text(said(page, "No family yet"))
    check(page, "no-family")


def test_form_errors_are_accessible_on_a_phone(new_context, live_server, coach):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, coach.email)
    page.goto(f"{live_server.url}/coach/challenges/new/")
    page.fill("#id_title", "Shoes")
    page.check("label[for=id_category_0]")
    page.fill("#id_needed_by", (timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    submit(page)
    expect(page.locator("#id_needed_by_error")).to_be_visible()
    assert not Challenge.objects.exists()
    check(page, "challenge-error")
