"""On a phone, every control of the coach's and the supporter's pages is at least 44 by 44 CSS pixels.

A link inside a sentence is exempt (WCAG 2.5.8: the running text sets its size), and so is a checkbox or
radio button whose label, the part a thumb presses, is large enough itself.
"""

import pytest

from tests.accessibility.pages import PHONE, pages_for
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMUM = 44

SMALL_TARGETS = """(minimum) => {
  const big = (box) => box.width >= minimum && box.height >= minimum;
  const inRunningText = (link) => {
    const paragraph = link.closest("p");
    return paragraph !== null && paragraph.textContent.trim() !== link.textContent.trim();
  };
  const describe = (element, box) => {
    const name = (element.textContent || element.value || element.name || "").replace(/\\s+/g, " ").trim();
    const id = element.id ? "#" + element.id : element.className ? "." + element.className.split(" ")[0] : "";
    const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
    return `${element.tagName.toLowerCase()}${id} "${name.slice(0, 30)}" ${size}`;
  };
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    + "label:has(input[type=checkbox], input[type=radio])";
  const small = [];
  for (const element of document.querySelectorAll(controls)) {
    const box = element.getBoundingClientRect();
    const hidden = getComputedStyle(element).visibility === "hidden" || box.width <= 1 || box.height <= 1;
    if (hidden || box.right <= 0 || box.bottom + window.scrollY <= 0) continue;  // off screen: the skip link
    if (element.matches("a") && inRunningText(element)) continue;
    const choice = element.matches("input[type=checkbox], input[type=radio]");
    const label = choice && (element.closest("label") || element.labels[0]);
    if (label && big(label.getBoundingClientRect())) continue;
    if (!big(box)) small.push(describe(element, box));
  }
  return small;
}"""


@pytest.mark.parametrize("role", ["coach", "supporter"])
def test_every_control_on_the_roles_pages_is_big_enough_for_a_thumb(page, live_server, scan_world, role):
    sign_in(page, live_server.url, scan_world["personas"][role].email)
    page.set_viewport_size(PHONE)
    offenders = []
    seen = set()
    for path in pages_for(role, scan_world):
        page.goto(live_server.url + path)
        if page.url in seen:
            continue  # a redirect to a page measured already
        seen.add(page.url)
        offenders += [f"{path}: {target}" for target in page.evaluate(SMALL_TARGETS, MINIMUM)]
    assert len(seen) > 3
    assert not offenders, f"{len(offenders)} targets under {MINIMUM}px:\n" + "\n".join(offenders)
