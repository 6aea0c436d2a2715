"""The family's choice in a real browser: the coordinator proposes in the admin, the family opens its
one-time link on a phone and chooses, the coach accepts, the match is active. Every proposal page passes
axe-core; screenshots of the proposal page and the printable page go to /tmp/proposal-*.png."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from coaches.models import Match
from families.models import Family
from genk_village.models import Language
from tests.browser import assert_accessible, sign_in
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# Where the screenshots are looked at after a run.
SCREENSHOTS = Path("/tmp")  # noqa: S108


def language(code: str) -> Language:
    """The languages come from a data migration, which a transactional test's flush empties."""
    return Language.objects.get_or_create(
        code=code, defaults={"name": {"tr": "Türkçe", "nl": "Nederlands"}[code]}
    )[0]


@pytest.fixture
def waiting(city, district):
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING, family_name="Kaya")
    family.household_languages.set([language("tr"), language("nl")])
    intros = {
        "Zeynep": "Teacher, mother of two. I love cooking and walks in Bokrijk.",
        "Marc": "Retired engineer; I fix bikes and like football.",
        "Lotte": "Student social work, I play the guitar.",
    }
    for name, intro in intros.items():
        coach = ReadyCoachFactory(
            city=city,
            display_name=name,
            introduction=intro,
            available_evenings=True,
            available_weekends=name != "Marc",
            user__email=f"{name.lower()}@example.org",
            home_district=district,
        )
        coach.languages.set([language("tr"), language("nl")] if name == "Zeynep" else [language("nl")])
    return family


def run_action(page, family: Family, action: str) -> None:
    page.check(f"input[name=_selected_action][value='{family.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")


def test_the_family_chooses_its_coach_from_proposal_to_active_match(page, live_server, coordinator, waiting):
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/admin/coaches/waitingfamily/")
    run_action(page, waiting, "propose_shortlist")
    assert Match.objects.filter(family=waiting, status=Match.Status.PROPOSED).count() == 3
    run_action(page, waiting, "create_link")
    link = page.locator("a.proposal-link").get_attribute("href")
    assert "/proposals/link/" in link

    # The family, on a phone, without an account.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.locator(".proposal-card").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "proposal-page.png", full_page=True)

    page.click("text=Yazdırılabilir sürüm")  # "Printable version" in Turkish, the family's language
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=SCREENSHOTS / "proposal-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)

    page.goto(link)
    zeynep = Match.objects.get(family=waiting, coach__display_name="Zeynep")
    # Wait for the answer to the choice itself: the coach's name is on the page before it too.
    with page.expect_navigation():
        page.click(f"form:has(input[value='{zeynep.pk}']) button[type=submit]")
    page.wait_for_selector("text=Zeynep")
    assert_accessible(page)
    zeynep.refresh_from_db()
    assert zeynep.status == Match.Status.CHOSEN
    page.goto(link)
    # A spent link no longer tells whose it was, so the refusal is in the browser's (here Dutch) language.
    assert "Deze link is al gebruikt" in page.content()
    assert_accessible(page)

    # The chosen coach accepts.
    sign_in(page, live_server.url, "zeynep@example.org")
    page.goto(f"{live_server.url}/proposals/respond/{zeynep.pk}/")
    assert_accessible(page)
    page.click("main form:has(input[value=accept]) button[type=submit]")
    page.wait_for_url(f"**/proposals/respond/{zeynep.pk}/")
    zeynep.refresh_from_db()
    assert zeynep.status == Match.Status.ACTIVE
    assert zeynep.planned_end_on.year == zeynep.started_on.year + 3
    assert Family.objects.get(pk=waiting.pk).status == Family.Status.MATCHED
    assert_accessible(page)


def test_the_coordinators_proposal_page_and_the_application_pass_axe(page, live_server, coordinator, waiting):
    from coaches.services import match_propose_shortlist

    match_propose_shortlist(family=waiting, actor=coordinator)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/proposals/family/{waiting.pk}/?lang=nl")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)
    page.goto(f"{live_server.url}/proposals/family/{waiting.pk}/print/")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/coach-application/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("main button[type=submit]")
    expect(page.locator(".error").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/proposals/link/not-a-token/")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("code", "direction", "phrase"), [("tr", "ltr", "Koçunuzu seçin"), ("ar", "rtl", "اختر")]
)
def test_the_family_reads_its_page_in_turkish_or_arabic_on_a_phone(
    page, live_server, coordinator, waiting, code, direction, phrase
):
    from coaches.services import match_propose_shortlist, proposal_link_create

    match_propose_shortlist(family=waiting, actor=coordinator)
    _link, token = proposal_link_create(family=waiting, actor=coordinator)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/proposals/link/{token}/?lang={code}")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (code, direction)
    assert phrase in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / f"proposal-{code}.png", full_page=True)
