"""The steering member's journey in a real browser: sign in, read the dashboard, narrow it to a district,
open the printable report and export the indicators; nowhere a name of a family, child, guardian, coach
or supporter. Every page passes axe-core; a screenshot of the dashboard goes to DASHBOARD_SCREENSHOT."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coaches.models import Coach
from families.models import Child, Family, Guardian
from monitoring.services import snapshot_range
from supporters.models import Supporter
from tests.browser import assert_accessible, sign_in
from tests.monitoring.conftest import DAY

from .steps import DESKTOP, PHONE, no_sideways_scroll, said

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSON_FIELDS = {
    Family: ["family_name"],
    Child: ["first_name"],
    Guardian: ["first_name", "last_name"],
    Coach: ["display_name"],
    Supporter: ["display_name"],
}


def unmistakable_names() -> set[str]:
    """Give every person of the seeded world a name no dashboard word can contain, and return them.

    Generated names ("April", "Will", …) could match a month or a label and fail the check by chance."""
    names = set()
    for model, fields in PERSON_FIELDS.items():
        for record in model.objects.all():
            for field in fields:
                name = f"Persona{model.__name__}{record.pk}{field[0]}x"
                setattr(record, field, name)
                names.add(name)
            record.save(update_fields=fields)
    return names


def assert_no_personal_data(text: str, names: set[str]) -> None:
    shown = sorted(name for name in names if name in text)
    assert not shown, f"personal names on a steering page: {shown}"


def test_a_steering_member_reads_filters_and_exports_the_indicators_without_personal_data(
    new_context, live_server, steering, genk
):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=90), last=DAY)
    names = unmistakable_names()
    assert len(names) > 10  # the check below has something to find

    page = new_context(viewport=DESKTOP, accept_downloads=True).new_page()
    sign_in(page, live_server.url, steering.email)
    page.wait_for_url(f"{live_server.url}/monitoring/")  # home sends a steering member to the dashboard
    expect(page.locator("h1")).to_have_text(said(page, "Indicators: %(city)s, whole city") % {"city": "Genk"})
    assert page.locator("svg.chart").count() >= 5
    assert_no_personal_data(page.content(), names)
    assert_accessible(page)
    # the brief asks for this path, so a person can look at the page the test saw
    page.screenshot(path=os.environ.get("DASHBOARD_SCREENSHOT", "/tmp/dashboard.png"), full_page=True)  # noqa: S108

    page.select_option("#id_district", label="Winterslag")
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    page.wait_for_url("**/monitoring/?*district=*")
    expect(page.locator("h1")).to_contain_text("Winterslag")
    expect(page.locator("#id_district option:checked")).to_have_text("Winterslag")
    assert_no_personal_data(page.content(), names)
    assert_accessible(page)

    # The printable report and the exports keep the district the member chose.
    with page.expect_navigation():
        page.click("main a[href*='/monitoring/report/']")
    assert "/monitoring/report/" in page.url and "district=" in page.url
    expect(page.locator(".scope")).to_contain_text("Winterslag")
    assert_no_personal_data(page.content(), names)
    assert_accessible(page)
    page.go_back()
    with page.expect_download() as download:
        page.click("main a[href*='/monitoring/export.csv']")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert download.value.suggested_filename.endswith(".csv")
    assert "reach.referred" in exported
    assert_no_personal_data(exported, names)

    # The same dashboard on a phone: nothing scrolls sideways.
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)


def test_a_viewer_of_the_region_switches_to_another_city(new_context, live_server, limburg):
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, live_server.url, limburg["viewer"].email)
    page.wait_for_url(f"{live_server.url}/monitoring/")
    expect(page.locator("form.city-switch select option:checked")).to_have_text("Genk")

    page.select_option("form.city-switch select", label="Hasselt")
    with page.expect_navigation():
        page.click("form.city-switch button[type=submit]")

    expect(page.locator("h1")).to_have_text(
        said(page, "Indicators: %(city)s, whole city") % {"city": "Hasselt"}
    )
    expect(page.locator("form.city-switch select option:checked")).to_have_text("Hasselt")
    assert "period=90" in page.url  # the period kept (the default here)
    expect(page.locator("#id_district option")).to_have_text([said(page, "Whole city"), "Kiewit"])
    assert "Winterslag" not in page.content()
    assert_accessible(page)
    # the filters keep the city: a period chosen now is Hasselt's
    page.select_option("#id_period", value="365")
    with page.expect_navigation():
        page.click("main form.filters:not(.city-switch) button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Hasselt")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    assert_accessible(page)
