"""The world of the authorization matrix, a batch for the matching desk, and the axe scan of one page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from coaches.models import BatchRun, Match
from tests.browser import AXE_TAGS
from tests.security.test_authorization_matrix import world  # noqa: F401 - the matrix's world, reused

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()
# The name of the user property in which a scan reports the pages it read.
SCANNED = "axe_scanned_pages"


@pytest.fixture
def scan_world(world, settings):  # noqa: F811 - the fixture imported above
    """The matrix's world with a finished matching batch; staff sign in without an authenticator here."""
    settings.MFA_REQUIRED_FOR_STAFF = False
    family = world["family"]
    match = Match.objects.get(family=family, status=Match.Status.ACTIVE)
    world["batch"] = BatchRun.objects.create(
        city=family.city,
        kind=BatchRun.Kind.BALANCE,
        status=BatchRun.Status.DONE,
        family_ids=[family.pk],
        done=1,
        total=1,
        result={"pairs": [[family.pk, match.coach_id, 87]], "unassigned": [], "total_score": 87},
        requested_by=world["personas"]["coordinator"],
    )
    return world


def axe_violations(page: Page) -> list[str]:
    """Each WCAG 2.2 A/AA rule the page breaks, with the first elements that break it."""
    results = AXE.run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


def report_scanned_pages(terminalreporter) -> None:
    """How many pages each role's scan read (with -v, which): the tests hand their lists over as a user
    property, which also travels back from pytest-xdist's workers."""
    scanned = dict(
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == SCANNED
    )
    if not scanned:
        return
    terminalreporter.section("axe scan: pages per role")
    for role, paths in scanned.items():
        terminalreporter.write_line(f"{role}: {len(paths)} pages")
        if terminalreporter.config.option.verbose > 0:
            for path in paths:
                terminalreporter.write_line(f"    {path}")
    terminalreporter.write_line(f"in all: {sum(len(paths) for paths in scanned.values())} pages")
