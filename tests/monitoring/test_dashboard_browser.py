"""A steering member opens the dashboard in Debian's Chromium; axe-core finds no WCAG A/AA violation."""

import datetime
import os

import pytest

from monitoring.services import snapshot_range
from tests.browser import assert_accessible, sign_in
from tests.monitoring.conftest import DAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_steering_member_reads_the_dashboard_and_it_passes_axe(page, live_server, steering, genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=90), last=DAY)
    sign_in(page, live_server.url, steering.email)
    page.goto(f"{live_server.url}/monitoring/")
    assert page.locator("h1").inner_text()
    assert page.locator("svg.chart").count() >= 5
    assert "Zwanepoel" not in page.content()
    assert_accessible(page)
    # the brief asks for this path, so a person can look at the page the test saw
    screenshot = os.environ.get("DASHBOARD_SCREENSHOT", "/tmp/dashboard.png")  # noqa: S108
    page.screenshot(path=screenshot, full_page=True)

    page.select_option("#id_district", label="Winterslag")
    page.click("main button[type=submit]")
    page.wait_for_url("**/monitoring/?*district=*")
    assert "Winterslag" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/monitoring/report/")
    assert_accessible(page)
