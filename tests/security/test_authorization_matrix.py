"""Every URL pattern of the project, against every persona. A URL without a row here fails the suite.

Outcomes: a status code, or LOGIN (a redirect to the sign-in page). Rows name the URL, how to fill its
arguments from the world below, the method, and the expected outcome per persona; a persona a row does
not name gets the row's `others` outcome.
"""

import dataclasses
import datetime
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from challenges.models import Challenge, HandoverMessage
from coaches.models import Match
from families.models import Goal, Offer
from leisure.models import Activity, Participation
from supporters.models import GroupInvitation
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import UserFactory
from tests.supporters.factories import SupporterFactory
from tests.worlds import one_of_everything

LOGIN = "login"
PERSONAS = [
    "anonymous",
    "coordinator",
    "other_coordinator",
    "coach",
    "other_coach",
    "supporter",
    "claimant",
    "steering",
    "captain",
    "referrer",
]
OK = {200}
DONE = {200, 302}  # a form post that succeeds redirects; a refused one re-renders with its message


@dataclasses.dataclass
class Row:
    name: str
    expect: dict[str, object]
    others: object = 403
    kwargs: Callable[[dict], dict] = lambda world: {}
    method: str = "get"
    data: Callable[[dict], dict] = lambda world: {}

    def outcome(self, persona: str):
        if persona in self.expect:
            return self.expect[persona]
        return LOGIN if persona == "anonymous" else self.others


def everyone(outcome) -> dict[str, object]:
    return dict.fromkeys(PERSONAS, outcome)


def only(*personas: str, outcome=OK, anonymous=LOGIN) -> dict[str, object]:
    return {"anonymous": anonymous} | dict.fromkeys(personas, outcome)


CHALLENGE = lambda w: {"pk": w["open"].pk}  # noqa: E731 - a table of small lambdas reads best
HELD = lambda w: {"pk": w["held"].pk}  # noqa: E731
API_OPEN = lambda w: {"pk": w["open"].pk}  # noqa: E731
FAMILY = lambda w: {"pk": w["family"].pk}  # noqa: E731
FAMILY_ID = lambda w: {"family_id": w["family"].pk}  # noqa: E731
COACH_ONLY = {"coach": OK, "other_coach": 404}

ROWS = [
    Row("home", everyone(302) | {"anonymous": 302}),
    Row("healthz", everyone(OK)),
    # The language switcher: anyone, signed in or not; it redirects back to the page it was on.
    Row("language_switch", everyone(302), method="post", data=lambda w: {"language": "fr", "next": "/"}),
    # The installable app: the manifest and the coach's service worker hold nothing personal.
    Row("manifest", everyone(OK)),
    Row("coach_service_worker", everyone(OK)),
    # Referrals: referrers only.
    Row("families:referral_list", only("referrer")),
    Row("families:referral_new", only("referrer")),
    # Correcting a referral: only its referrer (another referrer's family is not found, tested there).
    Row("families:referral_edit", only("referrer"), kwargs=lambda w: {"pk": w["referred"].pk}),
    # The coach's pages: the family's coach; another coach finds nothing of that family.
    Row("coaches:home", only("coach", "other_coach")),
    # Choosing the current family: only one of the coach's own active matches; any other is not found.
    Row(
        "coaches:family_switch",
        only() | {"coach": 302, "other_coach": 404},
        kwargs=FAMILY_ID,
        method="post",
    ),
    Row("coaches:contact_new", only("coach", "other_coach")),
    Row("coaches:check_in", only("coach", "other_coach")),
    Row("coaches:challenge_list", only("coach", "other_coach")),
    Row("coaches:challenge_new", only("coach", "other_coach")),
    Row("coaches:offer_list", only("coach", "other_coach")),
    Row("coaches:offer_new", only("coach", "other_coach")),
    Row("coaches:question_list", only("coach", "other_coach")),
    Row("coaches:question_new", only("coach", "other_coach")),
    Row("coaches:notifications", only("coach", "other_coach")),
    Row("coaches:goal_edit", only() | COACH_ONLY, kwargs=lambda w: {"pk": w["goal"].pk}),
    Row("coaches:challenge_detail", only() | COACH_ONLY, kwargs=HELD),
    Row(
        "coaches:challenge_confirm", only() | {"coach": DONE, "other_coach": 404}, kwargs=HELD, method="post"
    ),
    Row("coaches:challenge_cancel", only() | COACH_ONLY, kwargs=CHALLENGE),
    Row("coaches:challenge_edit", only() | COACH_ONLY, kwargs=CHALLENGE),
    Row(
        "coaches:offer_withdraw",
        only() | {"coach": DONE, "other_coach": 404},
        kwargs=lambda w: {"pk": w["offer"].pk},
        method="post",
    ),
    Row(
        "coaches:offer_given",
        only() | {"coach": DONE, "other_coach": 404},
        kwargs=lambda w: {"pk": w["offer"].pk},
        method="post",
    ),
    # The supporters' board and their own pages.
    Row("challenges:board", only("supporter", "claimant")),
    Row("challenges:mine", only("supporter", "claimant")),
    Row("challenges:progress", only("supporter", "claimant")),
    Row("challenges:profile", only("supporter", "claimant")),
    Row("challenges:notifications", only("supporter", "claimant")),
    Row("challenges:offers", only("supporter", "claimant")),
    Row("challenges:claim", only("supporter", "claimant", outcome=DONE), kwargs=CHALLENGE, method="post"),
    Row(
        "challenges:pledge",
        only("supporter", "claimant", outcome=DONE | {404}),
        kwargs=CHALLENGE,
        method="post",
    ),
    Row(
        "challenges:release",
        only("claimant", outcome=DONE) | {"supporter": {302, 403, 404}},
        kwargs=HELD,
        method="post",
    ),
    Row(
        "challenges:deliver",
        only("claimant", outcome=DONE) | {"supporter": {302, 403, 404}},
        kwargs=HELD,
        method="post",
    ),
    Row(
        "challenges:report",
        only("supporter", "claimant", outcome=DONE),
        kwargs=CHALLENGE,
        method="post",
        data=lambda w: {"reason": "other"},
    ),
    Row("challenges:member_add", only("supporter", "claimant", outcome=DONE), method="post"),
    # A group's invitation: only the invited supporter finds it.
    Row(
        "challenges:invitation",
        only("supporter") | {"claimant": 404},
        kwargs=lambda w: {"pk": w["invitation"].pk},
    ),
    Row(
        "challenges:offer_answer",
        only("supporter", "claimant", outcome=DONE),
        kwargs=lambda w: {"pk": w["offer"].pk},
        method="post",
    ),
    Row(
        "challenges:conversation",
        only("claimant", "coach") | {"supporter": 404, "other_coach": 404},
        kwargs=HELD,
    ),
    Row(
        "challenges:conversation_accept",
        only("claimant", "coach", outcome=DONE) | {"supporter": 404, "other_coach": 404},
        kwargs=lambda w: {"pk": w["held"].pk, "message_pk": w["proposal"].pk},
        method="post",
    ),
    # Anyone signed in: their own calendar address; the feed itself answers only to its secret.
    Row("calendar", everyone(OK) | {"anonymous": LOGIN}),
    Row("phone", everyone(OK) | {"anonymous": LOGIN}),
    Row("calendar_feed", everyone(404), kwargs=lambda w: {"token": "0" * 64}),
    Row("challenges:unsubscribe", everyone({200, 400, 404}), kwargs=lambda w: {"token": "not-a-token"}),
    # Leisure: the family's coach finds and chooses activities; another coach reaches no participation.
    Row("leisure:find", only("coach", "other_coach")),
    Row(
        "leisure:activity",
        only() | {"coach": OK, "other_coach": 404},
        kwargs=lambda w: {"pk": w["activity"].pk},
    ),
    Row(
        "leisure:choose",
        only() | {"coach": 302, "other_coach": 404},
        kwargs=lambda w: {"pk": w["activity"].pk},
        method="post",
    ),
    Row("leisure:participation", only() | COACH_ONLY, kwargs=lambda w: {"pk": w["participation"].pk}),
    Row(
        "leisure:ready_post",
        only() | {"coach": 302, "other_coach": 404},
        kwargs=lambda w: {"pk": w["participation"].pk, "ready": "ride"},
        method="post",
    ),
    Row(
        "leisure:participation_step",
        only() | {"coach": 302, "other_coach": 404},
        kwargs=lambda w: {"pk": w["participation"].pk, "step": "start"},
        method="post",
        data=lambda w: {"on": timezone.localdate().isoformat()},
    ),
    # The steering dashboard: steering members, captains of society and coordinators of the city.
    Row("monitoring:dashboard", only("steering", "captain", "coordinator", "other_coordinator")),
    Row("monitoring:report", only("steering", "captain", "coordinator", "other_coordinator")),
    Row("monitoring:export_csv", only("steering", "captain", "coordinator", "other_coordinator")),
    Row("monitoring:export_xlsx", only("steering", "captain", "coordinator", "other_coordinator")),
    # The family's choice of coach: coordinators of the city, a shortlisted coach, or the family's own link.
    Row("proposals:coordinator", only("coordinator") | {"other_coordinator": 404}, kwargs=FAMILY_ID),
    Row("proposals:print", only("coordinator") | {"other_coordinator": 404}, kwargs=FAMILY_ID),
    Row("proposals:with_coach", only() | {"coach": 404, "other_coach": 404}, kwargs=FAMILY_ID),
    # Undoing a choice: only whoever recorded it (no persona here did, so not found); the family by its link.
    Row("proposals:undo", only() | {"coach": 404, "other_coach": 404}, kwargs=FAMILY_ID, method="post"),
    Row(
        "proposals:respond",
        only("coach") | {"other_coach": 404},
        kwargs=lambda w: {"match_id": w["match"].pk},
    ),
    Row("proposals:by_link", everyone({400, 403, 404, 410}), kwargs=lambda w: {"token": "not-a-token"}),
    Row("proposals:print_by_link", everyone({400, 403, 404, 410}), kwargs=lambda w: {"token": "not-a-token"}),
    Row(
        "proposals:undo_by_link",
        everyone({400, 403, 404, 410}),
        kwargs=lambda w: {"token": "not-a-token"},
        method="post",
    ),
    Row("coach_application:apply", everyone({200, 302})),
    Row("coach_application:thanks", everyone({200, 302})),
    # REST API: 401/403 for anonymous callers (session auth answers 403), roles as CONTRACT.md says.
    Row("api:token", everyone(405)),
    Row("api:me", everyone(OK) | {"anonymous": 403}),
    Row("api:me-points", {"anonymous": 403, "supporter": OK, "claimant": OK}),
    Row("api:me-notifications", everyone(OK) | {"anonymous": 403}),
    # The hand-over conversation: its claimant and the family's coach; anyone else signed in gets 404.
    Row(
        "api:challenge-messages",
        everyone(404) | {"anonymous": 403, "claimant": OK, "coach": OK},
        kwargs=HELD,
    ),
    Row(
        "api:challenge-message-accept",
        everyone(404) | {"anonymous": 403, "claimant": 403, "coach": {200, 409}},
        kwargs=lambda w: {"pk": w["held"].pk, "message_pk": w["proposal"].pk},
        method="post",
    ),
    Row("api:indicators", only("steering", "captain", "coordinator", "other_coordinator", anonymous=403)),
    Row("api:schema", everyone(OK)),
    Row("api:docs", everyone(OK)),
    Row(
        "api:challenge-list",
        {
            "anonymous": 403,
            "coordinator": OK,
            "other_coordinator": OK,
            "coach": OK,
            "other_coach": OK,
            "supporter": OK,
            "claimant": OK,
        },
    ),
    Row(
        "api:challenge-detail",
        {
            "anonymous": 403,
            "coordinator": OK,
            "other_coordinator": 404,
            "coach": OK,
            "other_coach": 404,
            "supporter": 404,
            "claimant": OK,
        },
        kwargs=HELD,
    ),
    Row(
        "api:challenge-claim",
        {"anonymous": 403, "supporter": 200, "claimant": 409, "other_coordinator": 403},
        kwargs=API_OPEN,
        method="post",
    ),
    Row(
        "api:challenge-release",
        {"anonymous": 403, "supporter": 403, "claimant": 200},
        kwargs=HELD,
        method="post",
    ),
    Row(
        "api:challenge-deliver",
        {"anonymous": 403, "supporter": 403, "claimant": 200},
        kwargs=HELD,
        method="post",
    ),
    # Each supporter reports an open challenge once; the API names no other role.
    Row(
        "api:challenge-report",
        {"anonymous": 403, "supporter": 201, "claimant": 201},
        kwargs=API_OPEN,
        method="post",
        data=lambda w: {"reason": "other"},
    ),
    # The first allowed caller confirms; the next one finds it done (409): both were allowed in.
    Row(
        "api:challenge-confirm",
        {
            "anonymous": 403,
            "coach": {200, 409},
            "coordinator": 200,
            "other_coach": 404,
            "other_coordinator": 404,
        },
        kwargs=HELD,
        method="post",
    ),
    Row(
        "api:family-list",
        {"anonymous": 403, "coach": OK, "other_coach": OK, "coordinator": OK, "other_coordinator": OK},
    ),
    Row(
        "api:family-detail",
        {"anonymous": 403, "coach": OK, "coordinator": OK, "other_coach": 404, "other_coordinator": 404},
        kwargs=FAMILY,
    ),
]
ROWS_BY_NAME = {row.name: row for row in ROWS}

# Families of URLs with one rule for every pattern in them, checked by their own tests below.
ALLAUTH_PREFIXES = ("account_", "mfa_", "socialaccount_", "headless")
EXEMPT_PATTERNS = {"^media/", "media/", "static/"}  # files, served by the web server in production


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None


ALL = list(_patterns())


def _family_of(name: str | None, pattern: str = "") -> str:
    if pattern.startswith("admin/") or (name or "").startswith("admin:"):
        return "admin"
    if name is None:
        return "unnamed"
    if name.startswith("admin:"):
        return "admin"
    if name.startswith(ALLAUTH_PREFIXES):
        return "allauth"
    return "row" if name in ROWS_BY_NAME else "missing"


def test_every_url_pattern_has_an_entry_in_the_matrix():
    missing = [
        (pattern, name)
        for pattern, name in ALL
        if _family_of(name, pattern) in {"missing", "unnamed"}
        and not pattern.startswith(tuple(EXEMPT_PATTERNS))
    ]
    assert not missing, f"add these URLs to the authorization matrix: {missing}"


def test_the_matrix_names_no_url_that_is_gone():
    names = {name for _pattern, name in ALL}
    assert not [row.name for row in ROWS if row.name not in names]


@pytest.fixture
def world(personas, family, coach, other_coach, supporter, city):
    claimant = SupporterFactory(city=city, user__email="claimant@example.org").user
    personas = personas | {"claimant": claimant}
    match = Match.objects.get(family=family, status="active")
    FamilyFactory(city=personas["other_coordinator"].city)
    one_of_everything(city=city, family=family, supporter=supporter, coordinator=personas["coordinator"])
    held = ChallengeFactory(
        family=family,
        title="Bike lessons",
        status=Challenge.Status.CLAIMED,
        claimant=claimant.supporter,
        claimed_at=timezone.now(),
    )
    proposal = HandoverMessage.objects.create(
        challenge=held,
        supporter=claimant.supporter,
        author="supporter",
        body="Shall we meet at the library?",
        proposed_start=timezone.now() + datetime.timedelta(days=2),
        proposed_place="Library Winterslag",
    )
    return {
        "personas": personas,
        "family": family,
        "referred": FamilyFactory(city=city, referred_by=personas["referrer"]),
        "match": match,
        "open": ChallengeFactory(family=family, title="Swimming bag"),
        "held": held,
        "proposal": proposal,
        "goal": Goal.objects.create(family=family, domain="leisure", description="Join the swimming club"),
        "offer": Offer.objects.create(family=family, title="Turkish cooking lesson", exchange_mode="gift"),
        "activity": Activity.objects.get(city=city, name="Zwemclub"),
        "participation": Participation.objects.get(activity__city=city),
        "invitation": GroupInvitation.objects.create(
            group=SupporterFactory(city=city, kind="group", display_name="Swimming club"),
            member=supporter.supporter,
            expires_at=timezone.now() + datetime.timedelta(days=14),
        ),
    }


def _assert_outcome(response, expected, label: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response.url, label
    elif isinstance(expected, set):
        assert response.status_code in expected, f"{label}: {response.status_code} not in {expected}"
    else:
        assert response.status_code == expected, f"{label}: {response.status_code} != {expected}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_each_persona_gets_what_its_role_allows(client, world, row):
    for persona in PERSONAS:
        user = world["personas"][persona]
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        url = reverse(row.name, kwargs=row.kwargs(world))
        response = getattr(client, row.method)(url, row.data(world))
        _assert_outcome(response, row.outcome(persona), f"{persona} {row.method.upper()} {url}")
        assert response.status_code < 500


ADMIN = [(pattern, name or pattern) for pattern, name in ALL if _family_of(name, pattern) == "admin"]


def _admin_url(name: str, world) -> str | None:
    """Fill an admin URL with a record of the coordinator's city; None for ones that need no test."""
    if not name.startswith("admin:"):
        # Django's unnamed admin patterns: the old-style redirect to a change page, and the catch-all.
        return "/admin/families/family/0/" if "object_id" in name else "/admin/no-such-page/"
    view = name.removeprefix("admin:")
    if view in {
        "index",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "jsi18n",
        "autocomplete",
    }:
        return reverse(name)
    if view == "app_list":
        return reverse(name, kwargs={"app_label": "families"})
    if view == "auth_user_password_change":  # Django's UserAdmin names it after auth, whatever the model
        return reverse(name, kwargs={"id": world["personas"]["supporter"].pk})
    if view == "view_on_site":
        return None  # a redirect helper of Django's admin, checked by the change pages it serves
    for model in admin.site._registry:
        stem = f"{model._meta.app_label}_{model._meta.model_name}_"
        if view.startswith(stem):
            action = view.removeprefix(stem)
            if action in {"changelist", "add"}:
                return reverse(name)
            obj = admin.site._registry[model].get_queryset(_Request(world["personas"]["coordinator"])).first()
            if obj is None:
                return None
            if action == "password_change":
                return reverse(name, kwargs={"id": obj.pk})
            return reverse(name, args=[obj.pk])
    return reverse(name)


class _Request:
    def __init__(self, user):
        self.user = user


@pytest.mark.parametrize(("pattern", "name"), ADMIN, ids=[name for _p, name in ADMIN])
def test_only_coordinators_of_the_city_open_the_back_office(client, world, pattern, name):
    url = _admin_url(name, world)
    if url is None:
        pytest.skip("no record of this kind in the world")
    for persona in PERSONAS:
        user = world["personas"][persona]
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code < 500, f"{persona} {url}"
        if persona == "coordinator" or url.endswith(("/login/", "/logout/")):
            continue
        if persona == "other_coordinator":
            # Another city's coordinator: the back office opens, the records of this city do not.
            assert response.status_code in {200, 302, 403, 404}, f"{persona} {url}"
            continue
        if user.is_authenticated:
            # Signed in without the role: a 403 with their own pages (sign-in would send them back here).
            assert response.status_code == 403, f"{persona} {url}"
            continue
        assert response.status_code == 302 and "login" in response.url, f"{persona} {url}"


ALLAUTH = [(pattern, name) for pattern, name in ALL if _family_of(name) == "allauth"]


@pytest.mark.parametrize(("pattern", "name"), ALLAUTH, ids=[name for _p, name in ALLAUTH])
def test_the_sign_in_pages_never_fail_for_anyone(client, world, pattern, name):
    kwargs = {
        key: "x" for key in ("key", "uidb36", "token") if f"<{key}>" in pattern or f"<str:{key}>" in pattern
    }
    try:
        url = reverse(name, kwargs=kwargs)
    except Exception:  # a pattern with arguments this table does not know: not reachable by a person
        pytest.skip("arguments unknown")
    for persona in PERSONAS:
        user = world["personas"][persona]
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        assert client.get(url).status_code < 500, f"{persona} {url}"


def everyone_may_open(row: Row) -> bool:
    """Public pages and the caller's own "me": open to a person with no role too."""
    return row.expect.get("supporter") == row.expect.get("steering") == row.expect.get("referrer") != 403


def test_a_user_with_no_role_reaches_nothing_but_their_start_page(client, world):
    nobody = UserFactory(email="nobody@example.org", city=world["family"].city)
    client.force_login(nobody)
    for row in ROWS:
        if row.method != "get" or everyone_may_open(row):
            continue
        response = client.get(reverse(row.name, kwargs=row.kwargs(world)))
        assert response.status_code in {403, 404}, f"{row.name}: {response.status_code}"
