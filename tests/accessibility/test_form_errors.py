"""A form sent with mistakes ties each error to its field: the field is marked invalid and described by it."""

import pytest

from tests.accessibility.pages import PHONE
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every field error on the page, with the controls it describes (directly, or through their fieldset,
# as Django does for a group of radio buttons or checkboxes) and how many of those are marked invalid.
FIELD_ERRORS = """() => [...document.querySelectorAll("main form p.error")].map((error) => {
  const refers = (element) =>
    !!element && (element.getAttribute("aria-describedby") || "").split(/\\s+/).includes(error.id);
  const controls = [...document.querySelectorAll("input, select, textarea")].filter(
    (control) => error.id && (refers(control) || refers(control.closest("fieldset")))
  );
  return {
    id: error.id,
    described: controls.length,
    invalid: controls.filter((control) => control.getAttribute("aria-invalid") === "true").length,
  };
})"""


# Empties every field a person fills in or picks from, and lets the server, not the browser, judge it.
EMPTY_THE_FORM = """(form) => {
  form.noValidate = true;
  for (const control of form.querySelectorAll("input, textarea")) {
    if (control.type === "radio" || control.type === "checkbox") control.checked = false;
    else if (!["hidden", "submit", "button"].includes(control.type)) control.value = "";
  }
}"""


def _send_empty(page, url: str) -> None:
    page.goto(url)
    page.locator("main form[method=post]").first.evaluate(EMPTY_THE_FORM)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def _assert_errors_tied(page, where: str) -> None:
    errors = page.evaluate(FIELD_ERRORS)
    assert errors, f"{where}: no field error shown"
    for error in errors:
        assert error["id"], f"{where}: a field error without an id"
        assert error["described"], f"{where}: nothing refers to {error['id']}"
        assert error["invalid"] == error["described"], f"{where}: {error['id']} fields not aria-invalid"


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("coach", "/coach/contact/"),
        ("coach", "/coach/challenges/new/"),
        ("anonymous", "/accounts/signup/"),
        ("supporter", "/challenges/profile/"),
        ("referrer", "/referrals/new/"),
    ],
)
def test_each_field_error_is_tied_to_its_field(page, live_server, scan_world, role, path):
    person = scan_world["personas"][role]
    if person.is_authenticated:
        sign_in(page, live_server.url, person.email)
    page.set_viewport_size(PHONE)
    _send_empty(page, live_server.url + path)
    _assert_errors_tied(page, path)
