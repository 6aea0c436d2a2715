"""The coordinator's journey in a real browser, one family from referral to an active match.

A referrer refers the family; the coordinator takes it through intake in the admin (consent to match on
languages, household languages, a deprivation check), starts matching, proposes a shortlist at the
matching desk and makes a one-time link; the family chooses a coach on a phone; the coach accepts; the
coordinator sees the match active. Each person has their own browser; every step goes through the pages.
Screenshots of the family's proposal page and its printout go to <tmp>/proposal-{page,print}.png.
"""

import datetime
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coaches.models import Match
from families.models import DeprivationCheck, Family
from tests.browser import assert_accessible, sign_in

from .steps import DESKTOP, PHONE, no_sideways_scroll, run_action, said

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
SCREENSHOTS = Path(tempfile.gettempdir())  # /tmp here: the proposal pages are looked at after a run
# The items of the 14 the child lacks (the form starts with every item ticked as present): two or more
# missing counts as deprived.
LACKS = ["books", "leisure_activity"]


def refer(page, base_url, referrer) -> Family:
    sign_in(page, base_url, referrer.email)
    expect(page).to_have_url(f"{base_url}/referrals/")  # home sends a referrer to their list
    assert_accessible(page)
    page.click("a[href$='/referrals/new/']")
    page.wait_for_url("**/referrals/new/")
    assert_accessible(page)
    page.fill("#id_family_name", "Nowak")
    page.select_option("#id_district", label="Winterslag")
    page.fill("#id_child_first_name", "Zofia")
    page.fill("#id_child_birth_date", (TODAY - datetime.timedelta(days=5 * 365)).isoformat())
    page.fill("#id_guardian_first_name", "Anna")
    page.fill("#id_guardian_last_name", "Nowak")
    page.fill("#id_guardian_phone", "+32 470 99 88 77")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("#id_consent_error")).to_be_visible()  # no consent: refused, with the reason
    assert not Family.objects.exists()
    assert_accessible(page)
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_url("**/referrals/")
    family = Family.objects.get()
    expect(page.locator("main")).to_contain_text(family.reference)
    assert "Nowak" not in page.content()  # the referrer's list shows the reference, never the name
    return family


def open_from_sidebar(desk, path: str) -> None:
    """Open an admin list from the navigation sidebar, and wait until it is the page shown."""
    desk.click(f"#nav-sidebar a[href$='{path}']")
    desk.wait_for_url(f"**{path}")


def test_a_referred_family_reaches_an_active_match_through_the_pages(
    new_context, live_server, referrer, coordinator, ready_coaches
):
    base = live_server.url
    family = refer(new_context(viewport=PHONE).new_page(), base, referrer)
    assert family.status == Family.Status.REFERRED

    # The coordinator finds the new family in the back office and starts the intake.
    desk = new_context(viewport=DESKTOP).new_page()
    sign_in(desk, base, coordinator.email)
    expect(desk).to_have_url(re.compile(r"/admin/$"))  # home sends a coordinator to the back office
    desk.click("#content-main a[href$='/admin/families/family/']")
    desk.wait_for_url("**/admin/families/family/")
    row = desk.locator("#result_list tbody tr", has_text=family.reference)
    expect(row).to_contain_text("Nowak")
    run_action(desk, family.pk, "start_intake")
    expect(desk.locator(".messagelist .success")).to_be_visible()
    family.refresh_from_db()
    assert (family.status, family.intake_on) == (Family.Status.INTAKE, TODAY)

    # Matching cannot start yet: the page says what is missing.
    run_action(desk, family.pk, "start_matching")
    expect(desk.locator(".messagelist")).to_contain_text(
        said(desk, "Record a deprivation check for the child first.")
    )
    assert Family.objects.get(pk=family.pk).status == Family.Status.INTAKE

    # The family's file: consent to match on languages, and the household's language.
    desk.click(f"#result_list a:text-is('{family.reference}')")
    expect(desk.locator("#consents-group")).to_be_visible()
    expect(desk.locator("#children-group")).to_contain_text("Zofia")
    desk.click("#consents-group .add-row a")
    desk.select_option("select[name='consents-2-purpose']", "language")
    desk.fill("input[name='consents-2-given_on']", TODAY.isoformat())
    desk.check(".field-household_languages label:has-text('Türkçe') input")
    with desk.expect_navigation():
        desk.click("input[name=_continue]")
    expect(desk.locator(".messagelist .success")).to_be_visible()
    expect(desk.locator(".field-household_languages")).to_contain_text("Türkçe")
    assert [language.code for language in family.household_languages.all()] == ["tr"]
    assert family.consents.filter(purpose="language", given_on=TODAY, withdrawn_on=None).exists()

    # The child's deprivation check, on the child's page.
    desk.click("#children-group a.inlinechangelink")
    expect(desk.locator("#deprivation_checks-group")).to_be_visible()
    desk.click("#deprivation_checks-group .add-row a")
    desk.fill("input[name='deprivation_checks-0-checked_on']", TODAY.isoformat())
    for item in LACKS:
        desk.uncheck(f"input[name='deprivation_checks-0-has_{item}']")
    with desk.expect_navigation():
        desk.click("input[name=_save]")
    expect(desk.locator(".messagelist .success")).to_be_visible()
    check = DeprivationCheck.objects.get(child__family=family)
    assert (check.missing_count, check.is_deprived, check.recorded_by) == (2, True, coordinator)

    # Intake complete: the family moves to the matching desk.
    open_from_sidebar(desk, "/admin/families/family/")
    run_action(desk, family.pk, "start_matching")
    expect(desk.locator(".messagelist .success")).to_be_visible()
    assert Family.objects.get(pk=family.pk).status == Family.Status.MATCHING

    open_from_sidebar(desk, "/admin/coaches/waitingfamily/")
    waiting = desk.locator("#result_list tbody tr", has_text=family.reference)
    expect(waiting).to_contain_text("Türkçe")
    desk.click(f"#result_list a:text-is('{family.reference}')")
    ranking = desk.locator(".field-ranking tbody tr")
    expect(ranking).to_have_count(3)
    expect(ranking.first).to_contain_text("Zeynep")  # the only coach who speaks the family's language
    desk.go_back()
    run_action(desk, family.pk, "propose_shortlist")
    expect(desk.locator(".messagelist .success")).to_be_visible()
    assert family.matches.filter(status=Match.Status.PROPOSED).count() == 3
    expect(waiting.locator(".field-open_proposals")).to_have_text("3")
    run_action(desk, family.pk, "create_link")
    link = desk.locator(".messagelist a.proposal-link").get_attribute("href")
    assert "/proposals/link/" in link

    # The family, on a phone and without an account, reads the proposals in Turkish and chooses.
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(link)
    assert phone.locator("html").get_attribute("lang") == "tr"
    expect(phone.locator(".proposal-card")).to_have_count(3)
    no_sideways_scroll(phone)
    assert_accessible(phone)
    phone.screenshot(path=SCREENSHOTS / "proposal-page.png", full_page=True)
    phone.click(f"main a[href*='{link.rsplit('/proposals', 1)[1]}print/']")
    phone.wait_for_url(re.compile(r"/print/(\?|$)"))
    expect(phone.locator(".proposal-print .proposal-card")).to_have_count(3)
    assert_accessible(phone)
    phone.emulate_media(media="print")
    phone.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    phone.screenshot(path=SCREENSHOTS / "proposal-print.png", full_page=True)
    phone.emulate_media(media="screen")
    phone.set_viewport_size(PHONE)
    phone.go_back()
    zeynep = family.matches.get(coach=ready_coaches["Zeynep"])
    with phone.expect_navigation():
        phone.click(f"form:has(input[value='{zeynep.pk}']) button[type=submit]")
    # "Is this your choice?": the family confirms it.
    with phone.expect_navigation():
        phone.click("form:has(input[name=confirmed]) button[type=submit]")
    expect(phone.locator("h1")).to_have_text(said(phone, "Thank you"))
    expect(phone.locator("main")).to_contain_text("Zeynep")
    assert_accessible(phone)
    zeynep.refresh_from_db()
    assert zeynep.status == Match.Status.CHOSEN
    phone.goto(link)
    # A spent link no longer tells whose it was, so the refusal is in the browser's (here Dutch) language.
    expect(phone.locator("main")).to_contain_text("Deze link is al gebruikt")

    # The chosen coach sees the family's choice on their home page and accepts.
    coach = new_context(viewport=PHONE).new_page()
    sign_in(coach, base, "zeynep@example.org")
    expect(coach.locator("#chosen-title")).to_be_visible()
    coach.click(f"a[href$='/proposals/respond/{zeynep.pk}/']")
    coach.wait_for_url(f"**/proposals/respond/{zeynep.pk}/")
    expect(coach.locator("main")).to_contain_text(family.reference)
    assert "Nowak" not in coach.content()  # the coach learns the name only once the match is active
    assert_accessible(coach)
    with coach.expect_navigation():
        coach.click("main form:has(input[value=accept]) button[type=submit]")
    expect(coach.locator("main form:has(input[value=accept])")).to_have_count(0)
    expect(coach.locator("main a.button[href='/']")).to_have_text(said(coach, "To my pages"))
    zeynep.refresh_from_db()
    assert (zeynep.status, zeynep.started_on) == (Match.Status.ACTIVE, TODAY)
    assert zeynep.planned_end_on.year == TODAY.year + 3

    # The coordinator sees the match active, and the family matched, in the back office.
    open_from_sidebar(desk, "/admin/coaches/match/")
    match_row = desk.locator("#result_list tbody tr", has_text=family.reference).filter(has_text="Zeynep")
    expect(match_row.locator(".field-status")).to_have_text(said(desk, "active"))
    expect(match_row.locator(".field-started_on")).not_to_have_text("-")
    assert set(family.matches.values_list("coach__display_name", "status")) == {
        ("Zeynep", Match.Status.ACTIVE),
        ("Marc", Match.Status.NOT_CHOSEN),
        ("Lotte", Match.Status.NOT_CHOSEN),
    }
    open_from_sidebar(desk, "/admin/families/family/")
    family_row = desk.locator("#result_list tbody tr", has_text=family.reference)
    expect(family_row.locator(".field-status")).to_have_text(said(desk, "matched"))
    assert Family.objects.get(pk=family.pk).status == Family.Status.MATCHED
