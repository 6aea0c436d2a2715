"""Every page of every role, in Debian's Chromium, has no axe-core violation of WCAG 2.2 A and AA.

The pages come from the authorization matrix, so a new URL is scanned as soon as the matrix knows it.
Each role signs in once and collects every violation of every page before the test asserts.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.loader import render_to_string

from tests.accessibility.conftest import SCANNED, axe_violations
from tests.accessibility.pages import DESKTOP, PHONE, ROLES, pages_for, viewport_for
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scan(page, url: str, path: str, seen: set[str], problems: list[str]) -> bool:
    page.set_viewport_size(viewport_for(path))
    response = page.goto(url + path)
    final = page.url.removeprefix(url)
    if final in seen:
        return False  # a redirect to a page this role already scanned
    if response.status == 403 and path.startswith("/admin/"):
        return False  # an admin view this coordinator may not use (adding to a read-only list)
    seen.add(final)
    if not response.headers.get("content-type", "").startswith("text/html"):
        return False  # a manifest, a script or JSON: no page for a person to read
    problems += [f"{final}: {violation}" for violation in axe_violations(page)]
    return True


def _scan_admin_actions(page, url: str, world, problems: list[str]) -> list[str]:
    """Admin actions that answer with a page of their own: closing a match, erasing a family file."""
    actions = [
        ("/admin/coaches/match/", world["match"].pk, "close"),
        ("/admin/families/family/", world["family"].pk, "erase"),
    ]
    scanned = []
    page.set_viewport_size(DESKTOP)
    for changelist, pk, action in actions:
        page.goto(url + changelist)
        page.check(f"input[name={ACTION_CHECKBOX_NAME}][value='{pk}']")
        page.select_option("select[name=action]", action)
        with page.expect_navigation():
            page.click("button[name=index]")
        label = f"{changelist} action {action}"
        assert page.locator(f"main form input[name=action][value={action}]").count() == 1, label
        problems += [f"{label}: {violation}" for violation in axe_violations(page)]
        scanned.append(label)
    return scanned


def _scan_server_error_page(page, problems: list[str]) -> str:
    """The page shown when the server fails: no URL opens it, so the browser reads it as it is sent."""
    page.set_viewport_size(PHONE)
    page.set_content(render_to_string("500.html"))
    problems += [f"500.html: {violation}" for violation in axe_violations(page)]
    return "500.html"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_passes_axe(page, live_server, scan_world, role, record_property):
    persona = scan_world["personas"][role]
    if persona.is_authenticated:
        sign_in(page, live_server.url, persona.email)
    seen: set[str] = set()
    problems: list[str] = []
    scanned = [
        path for path in pages_for(role, scan_world) if _scan(page, live_server.url, path, seen, problems)
    ]
    if role == "coordinator":
        scanned += _scan_admin_actions(page, live_server.url, scan_world, problems)
    if role == "anonymous":
        scanned.append(_scan_server_error_page(page, problems))
    record_property(SCANNED, (role, scanned))
    assert len(scanned) > 2, f"{role}: only {scanned} scanned"
    assert not problems, f"{len(problems)} violations on {len(scanned)} pages:\n" + "\n".join(problems)
