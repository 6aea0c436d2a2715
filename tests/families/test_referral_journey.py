"""A referrer, in a real browser: sign in, refer a family, see its status; every page passes axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from families.models import Family
from tests.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_referrer_refers_a_family_in_the_browser(page, live_server, referrer, district):
    sign_in(page, live_server.url, referrer.email)
    assert page.url.endswith("/referrals/")
    assert_accessible(page)

    page.click("a[href$='/referrals/new/']")
    page.wait_for_url("**/referrals/new/")
    assert_accessible(page)
    page.fill("#id_family_name", "Nowak")
    page.select_option("#id_district", label="Winterslag")
    page.fill("#id_child_first_name", "Zofia")
    born = timezone.localdate() - datetime.timedelta(days=5 * 365)
    page.fill("#id_child_birth_date", born.isoformat())
    page.fill("#id_guardian_first_name", "Anna")
    page.fill("#id_guardian_last_name", "Nowak")
    page.click("main button[type=submit]")

    expect(page.locator(".error").first).to_be_visible()  # no consent yet: refused, with the reason
    assert_accessible(page)
    page.check("#id_consent")
    page.click("main button[type=submit]")
    page.wait_for_url("**/referrals/")

    family = Family.objects.get()
    assert family.reference in page.content()
    assert "Nowak" not in page.content()
    assert_accessible(page)


def test_the_sign_in_page_passes_axe(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
