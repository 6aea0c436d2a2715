"""The proposal pages outside the main journey: the coordinator's view of a family's proposal and its
printable page, the coach application with its errors, and a refused link, all passing axe-core.
The family's page in Turkish and Arabic is in tests/coaches/test_proposal_rtl.py."""

import pytest
from playwright.sync_api import expect

from coaches.services import match_propose_shortlist
from families.models import Family
from tests.browser import assert_accessible, sign_in
from tests.families.factories import FamilyFactory

from .steps import PHONE, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(city, district, languages, ready_coaches, coordinator):
    """A Turkish- and Dutch-speaking family in matching, with a shortlist of the three ready coaches."""
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING, family_name="Kaya")
    family.household_languages.set([languages["tr"], languages["nl"]])
    match_propose_shortlist(family=family, actor=coordinator)
    return family


def test_the_coordinators_proposal_page_and_the_application_pass_axe(
    new_context, live_server, coordinator, waiting
):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/proposals/family/{waiting.pk}/?lang=nl")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.locator(".proposal-card")).to_have_count(3)
    assert_accessible(page)
    page.goto(f"{live_server.url}/proposals/family/{waiting.pk}/print/")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/coach-application/")
    assert_accessible(page)
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator(".error").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/proposals/link/not-a-token/")
    assert_accessible(page)
