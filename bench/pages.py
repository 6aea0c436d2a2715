"""Page weight: the bytes each coach and supporter page transfers on a first load, through Chromium.

Registered into bench/run.py by `register(run)` as the scenario `pages`. A production-like server
(gunicorn, DEBUG=0, collected static files served and compressed by WhiteNoise) on the bench
database; Playwright drives Debian's Chromium at 360 px wide. Each page is loaded in a fresh browser
context (empty cache, no service worker yet) signed in as coach1 or supporter1 of the demo seed, and
every response the context receives counts, the service worker's own fetches included: body as sent
on the wire plus headers. Coach pages have a budget of 50 KB; each page also reports how far it
scrolls sideways at 360 px (budget 0). Needs the `seed_demo` data.
"""

import os
import re
from typing import Any

PASSWORD = os.environ.get("DEMO_PASSWORD", "genk-village-demo")
COACH = "coach1@example.org"
SUPPORTER = "supporter1@example.org"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BUDGET = 50 * 1024  # bytes: a coach page on a slow phone network
WIDTH, HEIGHT = 360, 740
COACH_PAGES = [
    "/coach/",
    "/coach/contact/",
    "/coach/challenges/",
    "/coach/challenges/new/",
    "/coach/challenges/{challenge}/",
    "/coach/challenges/{open_challenge}/cancel/",
    "/coach/goals/{goal}/",
    "/coach/offers/",
    "/coach/offers/new/",
    "/coach/questions/",
    "/coach/questions/new/",
]
SUPPORTER_PAGES = [
    "/challenges/",
    "/challenges/mine/",
    "/challenges/me/",
    "/challenges/profile/",
    "/challenges/notifications/",
    "/challenges/offers/",
]


# Measured on the reference machine (--scale small seed, 2026-11-23): bytes of a first load.
BASELINES = {
    "/coach/": 24886,
    "/coach/contact/": 24326,
    "/coach/challenges/": 30303,
    "/coach/challenges/new/": 25639,
    "/coach/challenges/{challenge}/": 21971,
    "/coach/challenges/{open_challenge}/cancel/": 21672,
    "/coach/goals/{goal}/": 22636,
    "/coach/offers/": 22017,
    "/coach/offers/new/": 22759,
    "/coach/questions/": 21542,
    "/coach/questions/new/": 21733,
    "/challenges/": 50667,
    "/challenges/mine/": 202594,
    "/challenges/me/": 26466,
    "/challenges/profile/": 31401,
    "/challenges/notifications/": 25690,
    "/challenges/offers/": 28114,
}


def register(run) -> None:
    """Add the page-weight scenario to run.py's registry, with its baselines."""
    run.BASELINES.update({("pages", f"{path} bytes"): value for path, value in BASELINES.items()})

    @run.scenario("pages")
    def pages(bench) -> list[dict[str, Any]]:
        # Imported here: Playwright comes with the test extras, and the other scenarios run without it.
        from playwright.sync_api import sync_playwright

        rows = []
        with run.gunicorn(bench, env=run.production_env(bench)) as port, sync_playwright() as playwright:
            base = f"http://127.0.0.1:{port}"
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            try:
                coach = signed_in_state(run, browser, base, COACH)
                ids = coach_ids(run, browser, base, coach) | {"open_challenge": open_challenge(run, bench)}
                for path in COACH_PAGES:
                    # Named by the pattern, so that results of different seeds compare.
                    rows.append(("coach", path, *measure(run, browser, base, coach, path.format(**ids))))
                supporter = signed_in_state(run, browser, base, SUPPORTER)
                for path in SUPPORTER_PAGES:
                    rows.append(("supporter", path, *measure(run, browser, base, supporter, path)))
            finally:
                browser.close()
        print_pages(rows)
        results = []
        for audience, path, transferred, requests, overflow in rows:
            budget = BUDGET if audience == "coach" else None
            results.append(run.result("pages", f"{path} bytes", transferred, "B", target=budget))
            results.append(run.result("pages", f"{path} requests", requests, "count"))
            results.append(run.result("pages", f"{path} overflow_360", overflow, "px", target=0))
        return results


OPEN_CHALLENGE = f"""
from challenges.models import Challenge
from coaches.selectors import coach_family
from genk_village.models import User
coach = User.objects.get(email={COACH!r})
family = coach_family(coach, None)  # the family the coach's pages show without a choice in the session
mine = Challenge.objects.visible_to(coach).filter(family=family, status="open")
newest = mine.order_by("-created_at", "-id").first()
print(newest.pk if newest else "")
"""


def open_challenge(run, bench) -> str:
    """The newest open challenge of coach1's current family, for the cancel screen: read from the database,
    since the coach's list shows the delivered and the claimed ones first (700 pages of them at 1,000,000)."""
    output = run.manage(bench, "shell", "-c", OPEN_CHALLENGE).strip()
    if not output:
        raise run.BenchError(f"no open challenge for {COACH}")
    return output.splitlines()[-1]


def signed_in_state(run, browser, base: str, email: str) -> dict:
    """Sign in through the real form once; the cookies every measured context starts with."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/login/" in page.url:
        raise run.BenchError(f"could not sign in as {email}; is the seed_demo data there?")
    state = context.storage_state()
    context.close()
    return state


def coach_ids(run, browser, base: str, state: dict) -> dict[str, str]:
    """A goal and a challenge of coach1's family that the page list needs (links on the coach's pages)."""
    context = browser.new_context(storage_state=state)
    page = context.new_page()
    found = {}
    for name, path, pattern in [
        ("goal", "/coach/", r"/coach/goals/(\d+)/"),
        ("challenge", "/coach/challenges/", r"/coach/challenges/(\d+)/"),
    ]:
        page.goto(base + path)
        match = re.search(pattern, page.content())
        if match is None:
            raise run.BenchError(f"no link like {pattern} on {path} for {COACH}")
        found[name] = match.group(1)
    context.close()
    return found


def measure(run, browser, base: str, state: dict, path: str) -> tuple[int, int, int]:
    """One first load in a fresh context: bytes received, responses, and sideways scroll in px."""
    context = browser.new_context(storage_state=state, viewport={"width": WIDTH, "height": HEIGHT})
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    response = page.goto(base + path, wait_until="networkidle")
    if response is None or response.status != 200 or response.url != base + path:
        raise run.BenchError(
            f"GET {path} answered {response and response.status} at {response and response.url}"
        )
    if path.startswith("/coach/"):
        # The first visit installs the service worker, which fetches what it keeps: that counts too.
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
        page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    transferred = sum(received(request) for request in finished)
    context.close()
    return transferred, len(finished), max(overflow, 0)


def received(request) -> int:
    """Bytes on the wire for one response: headers and the body as sent (compressed, if it was)."""
    sizes = request.sizes()
    body, headers = sizes["responseBodySize"], sizes["responseHeadersSize"]
    if body < 0:
        return 0  # served from the browser's cache (the service worker's copies of the page's files)
    if body == 0 and request.service_worker is not None:
        # Chromium reports no body size for the worker's own script: count what arrived.
        response = request.response()
        body = len(response.body()) if response is not None else 0
    return body + headers


def print_pages(rows: list[tuple[str, str, int, int, int]]) -> None:
    """The page table: page | bytes | budget | ok, with the responses and any sideways scroll."""
    table = [("page", "bytes", "budget", "ok", "requests", "scrolls at 360 px")]
    for audience, path, transferred, requests, overflow in rows:
        budget = BUDGET if audience == "coach" else None
        table.append(
            (
                path,
                f"{transferred:,}",
                f"{budget:,}" if budget else "",
                "" if budget is None else ("ok" if transferred <= budget else "OVER"),
                str(requests),
                f"{overflow} px" if overflow else "no",
            )
        )
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    for number, row in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
