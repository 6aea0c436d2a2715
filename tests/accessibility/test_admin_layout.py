"""Every add and change form of the back office fits a 1,280 px window without sideways scrolling, and
the admin's own small widgets (the raw-id magnifier, the add/change/view icons beside a choice, the
"Today" and calendar links of a date) are targets of at least 24 by 24 CSS pixels (WCAG 2.5.8) whatever
font the machine draws their text in: the size is measured, not left to the line height."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.accessibility.pages import DESKTOP
from tests.browser import sign_in
from tests.worlds import one_of_everything

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDGETS = (
    ".related-lookup, .related-widget-wrapper-link, .datetimeshortcuts a, "
    ".calendarnav-previous, .calendarnav-next"
)

MEASURE = """(widgets) => {
  const small = [];
  for (const element of document.querySelectorAll(widgets)) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden" || box.width === 0) continue;
    if (box.width < 24 || box.height < 24) {
      const name = element.id ? "#" + element.id : "." + element.classList[0];
      small.push(`${name} ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, small};
}"""


def _form_pages() -> list[tuple[str, str]]:
    """(label, path) of every registered admin's add page and of its first record's change page."""
    pages = []
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        label = model._meta.label_lower
        info = (model._meta.app_label, model._meta.model_name)
        pages.append((f"{label} add", reverse("admin:{}_{}_add".format(*info))))
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the world has no {label}"
        pages.append((f"{label} change", reverse("admin:{}_{}_change".format(*info), args=[obj.pk])))
    return pages


def test_every_admin_form_fits_1280_px_and_its_widgets_are_24_px_targets(
    page, live_server, settings, city, family, coach, supporter, coordinator
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    one_of_everything(city=city, family=family, supporter=supporter, coordinator=coordinator)
    sign_in(page, live_server.url, coordinator.email)
    page.set_viewport_size(DESKTOP)
    too_wide, too_small, opened = [], [], 0
    for label, path in _form_pages():
        response = page.goto(live_server.url + path)
        if response.status == 403:
            continue  # a read-only list (the points ledger, the audit trail) has no add form
        assert response.status == 200, f"{label}: {response.status}"
        opened += 1
        found = page.evaluate(MEASURE, WIDGETS)
        if found["scrollWidth"] > found["viewport"]:
            too_wide.append(f"{label} ({path}): {found['scrollWidth']} px")
        too_small += [f"{label}: {widget}" for widget in found["small"]]
    assert opened > 40, f"only {opened} admin forms opened"
    assert not too_wide, "wider than 1,280 px:\n" + "\n".join(too_wide)
    assert not too_small, "widgets under 24x24 px:\n" + "\n".join(too_small)
