"""One installation, many cities: a person of Genk sees and changes nothing of Hasselt's — by a record's
id in any URL, in the admin's forms (every related field, its error message and its echoed choice), its
lists, filters and autocompletes, and in the API (DESIGN.md "Many cities").

Hasselt's records carry names that occur nowhere in Genk (cross_city.B_STRINGS): a response to a person
of Genk that contains one of them is a leak. A URL that takes an id without an entry below, or an admin
form the test neither builds nor names in SKIPPED_ADMINS, fails the suite. Every leak found is listed,
with the persona, the URL and the field, in one failure per test.
"""

import json
import pathlib

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from tests.security import cross_city
from tests.security.cross_city import (
    b_object_of,
    b_pks_of,
    body_of,
    city_snapshot,
    leaked_strings,
    read_form,
    row_counts,
    snapshot_difference,
)
from tests.supporters.factories import SupporterFactory
from tests.worlds import one_of_everything

# The people of Genk (city A) who try Hasselt's (city B) ids.
PERSONAS = ["coordinator", "coach", "other_coach", "supporter", "claimant", "steering", "captain", "referrer"]

# Each project URL that takes an id, and the kind of Hasselt record (or token) it is given: a key of the
# world built by cross_city.second_city_of_everything, or of cross_city.tokens_of. Admin URLs need no
# entry: their model is the ModelAdmin's.
ID_KINDS = {
    "challenges:claim": "challenge",
    "challenges:pledge": "challenge",
    "challenges:release": "held_challenge",
    "challenges:deliver": "held_challenge",
    "challenges:report": "challenge",
    "challenges:offer_answer": "offer",
    "challenges:invitation": "group_invitation",
    "challenges:unsubscribe": "unsubscribe_token",
    "families:referral_edit": "family",
    "coaches:goal_edit": "goal",
    "coaches:family_switch": "family",
    "coaches:challenge_detail": "held_challenge",
    "coaches:challenge_confirm": "held_challenge",
    "coaches:challenge_cancel": "challenge",
    "coaches:challenge_edit": "challenge",
    "coaches:offer_withdraw": "offer",
    "coaches:offer_given": "offer",
    "proposals:coordinator": "family",
    "proposals:print": "family",
    "proposals:with_coach": "family",
    "proposals:undo": "family",
    "proposals:by_link": "proposal_token",
    "proposals:print_by_link": "proposal_token",
    "proposals:undo_by_link": "proposal_token",
    "proposals:respond": "match",
    "account_confirm_email": "email_key",
    "account_reset_password_from_key": "reset_key",
    "api:challenge-detail": "held_challenge",
    "api:challenge-claim": "challenge",
    "api:challenge-release": "held_challenge",
    "api:challenge-deliver": "held_challenge",
    "api:challenge-confirm": "held_challenge",
    "api:challenge-report": "challenge",
    "api:family-detail": "family",
    "api:challenge-messages": "held_challenge",
    "api:challenge-message-accept": "held_challenge",
    "challenges:conversation": "held_challenge",
    "challenges:conversation_accept": "held_challenge",
    "calendar_feed": "calendar_token",
    "leisure:activity": "activity",
    "leisure:choose": "activity",
    "leisure:participation": "participation",
    "leisure:ready_post": "participation",
    "leisure:participation_step": "participation",
}
# Admin URL arguments other than the ModelAdmin's own object id.
ADMIN_ID_KINDS = {"run_id": "batch_run"}
# Bearer links: the token is the capability, so a refusal page may answer 200 (it says the link is
# invalid); what is tested is that a tampered token of the other city opens and changes nothing.
BEARER_KINDS = {"unsubscribe_token", "proposal_token", "email_key", "reset_key", "calendar_token"}

# Admin forms the test does not build, with the reason. "<app_label>.<Model>:add" or ":change".
SKIPPED_ADMINS = {
    "genk_village.City:add": "only superusers add cities",
    "genk_village.Language:add": "reference data shared by every city; superusers only",
    "genk_village.Region:add": "only superusers group cities into regions",
    "genk_village.Region:change": "only superusers group cities into regions",
    "genk_village.Language:change": "reference data shared by every city; superusers only",
    "genk_village.AuditEntry:add": "the audit trail is read-only",
    "genk_village.AuditEntry:change": "the audit trail is read-only",
    "challenges.Challenge:add": "challenges are posted by the family's coach or the API, not the admin",
    "challenges.PointsEntry:add": "the points ledger is append-only (ReadOnlyAdmin)",
    "challenges.PointsEntry:change": "the points ledger is append-only (ReadOnlyAdmin)",
    "challenges.Pledge:add": "pledges are append-only (ReadOnlyAdmin)",
    "challenges.Pledge:change": "pledges are append-only (ReadOnlyAdmin)",
    "supporters.Notification:add": "notifications are written by the app (ReadOnlyAdmin)",
    "supporters.Notification:change": "notifications are written by the app (ReadOnlyAdmin)",
    "challenges.ChallengeReport:add": "reports are written by supporters (ReadOnlyAdmin)",
    "challenges.ChallengeReport:change": "reports are written by supporters (ReadOnlyAdmin)",
    "challenges.ChallengeToModerate:add": "the moderation queue lists challenges; it adds none",
    "challenges.ChallengeToModerate:change": "the queue is read-only: challenges change through its actions",
    "challenges.OfferAnswer:add": "answers are written by supporters (ReadOnlyAdmin)",
    "challenges.OfferAnswer:change": "answers are written by supporters (ReadOnlyAdmin)",
    "monitoring.IndicatorSnapshot:add": "snapshots are written by the nightly job (ReadOnlyAdmin)",
    "monitoring.IndicatorSnapshot:change": "snapshots are written by the nightly job (ReadOnlyAdmin)",
    "families.ConsentRecord:change": "a recorded consent is read-only; it is withdrawn by an action",
    "families.DeprivationCheck:change": "a recorded deprivation check is read-only; a new check is added",
    "coaches.WaitingFamily:add": "families enter matching from their file; the desk's add URL shows the desk",
    "coaches.ContactLog:add": "contacts are logged by their coach (contact_log_record), read-only here",
    "coaches.ContactLog:change": "contacts are logged by their coach (contact_log_record), read-only here",
}

REFUSED = {400, 401, 403, 404, 405, 410}
AUTOCOMPLETE_TERMS = ["", "Hasselt", "Vandersteen", "Kuringen", "Lowieke"]

# What the run covered, written to test-results/cross_city.json by the last test.
COUNTS = {"id_patterns": set(), "admin_forms": set(), "personas": set(), "cases": 0, "leaks": 0}


# The two cities ------------------------------------------------------------------------------------
@pytest.fixture
def worlds(personas, family, coach, other_coach, supporter, city, other_city, other_coordinator):
    claimant = SupporterFactory(city=city, user__email="claimant@example.org").user
    people = {name: user for name, user in personas.items() if name in PERSONAS} | {"claimant": claimant}
    one_of_everything(city=city, family=family, supporter=supporter, coordinator=personas["coordinator"])
    world_b = cross_city.second_city_of_everything(city=other_city, coordinator=other_coordinator)
    return {"a": people, "b": world_b, "tokens": cross_city.tokens_of(world_b)}


def _request_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _report(failures: list[str], what: str) -> None:
    COUNTS["leaks"] += len(failures)
    assert not failures, f"{len(failures)} cross-city leaks in {what}:\n  " + "\n  ".join(failures)


# URLs with ids ------------------------------------------------------------------------------------
ID_PATTERNS = cross_city.id_patterns()
ADMIN_ID_PATTERNS = [p for p in ID_PATTERNS if p.route.startswith("admin/")]
API_ID_PATTERNS = [p for p in ID_PATTERNS if (p.name or "").startswith("api:")]
PAGE_ID_PATTERNS = [p for p in ID_PATTERNS if p not in ADMIN_ID_PATTERNS and p not in API_ID_PATTERNS]


def _admin_model_of(pattern) -> type | None:
    parts = pattern.route.split("/")
    for model in admin.site._registry:
        if parts[1:3] == [model._meta.app_label, model._meta.model_name]:
            return model
    return None


def _values_for(pattern, worlds) -> dict | None:
    """The URL arguments that name Hasselt's record for this pattern; None where nothing is known."""
    world_b, tokens = worlds["b"], worlds["tokens"]
    values = {"format": "json", "ready": "ride", "step": "start"}
    if pattern.route.startswith("admin/"):
        if pattern.name == "admin:view_on_site":
            from django.contrib.contenttypes.models import ContentType

            family = world_b["family"]
            return values | {
                "content_type_id": ContentType.objects.get_for_model(family).pk,
                "object_id": family.pk,
            }
        model = _admin_model_of(pattern)
        for key in pattern.id_keys:
            if key in ADMIN_ID_KINDS:
                values[key] = world_b[ADMIN_ID_KINDS[key]].pk
            elif key in {"object_id", "id"} and model is not None:
                obj = b_object_of(model, world_b)
                values[key] = obj.pk if obj is not None else "shared"
            else:
                return None
        return values
    kind = ID_KINDS.get(pattern.name)
    if kind is None:
        return None
    if kind == "reset_key":
        return values | {"uidb36": tokens["reset_uid"], "key": tokens["reset_key"]}
    value = tokens[kind] if kind in tokens else world_b[kind].pk
    return values | dict.fromkeys(pattern.id_keys, value)


def _kind_of(pattern) -> str:
    return ID_KINDS.get(pattern.name, "admin") if not pattern.route.startswith("admin/") else "admin"


def test_every_url_that_takes_an_id_names_the_record_it_is_given(worlds):
    missing = [p.label for p in ID_PATTERNS if _values_for(p, worlds) is None]
    assert not missing, f"add these URL patterns to ID_KINDS (or ADMIN_ID_KINDS): {missing}"
    # The harness itself: every filled URL reaches the pattern it was made from.
    unreached = []
    for pattern in ID_PATTERNS:
        url = cross_city.fill(pattern.route, _values_for(pattern, worlds))
        try:
            match = resolve(url)
        except Resolver404:
            unreached.append(url)
            continue
        if pattern.name and match.view_name != pattern.name:
            unreached.append(f"{url} -> {match.view_name}")
    assert not unreached, f"these filled URLs reach no pattern or another one: {unreached}"
    names = {p.name for p in ID_PATTERNS}
    assert not [name for name in ID_KINDS if name not in names], "ID_KINDS names a URL that is gone"
    registered = {model._meta.label for model in admin.site._registry}
    stale = [key for key in SKIPPED_ADMINS if key.rsplit(":", 1)[0] not in registered]
    assert not stale, f"SKIPPED_ADMINS names admins that are gone: {stale}"


def _judge(client, response, label: str, bearer: bool) -> list[str]:
    found = [
        f"{label}: shows {name!r} (status {response.status_code})"
        for name in leaked_strings(body_of(response))
    ]
    status = response.status_code
    if status in {301, 302, 303}:
        location = response.get("Location", "")
        if cross_city.is_login_redirect(response):
            return found
        followed = client.get(location)
        found += [
            f"{label}: redirects to {location}, which shows {name!r}"
            for name in leaked_strings(body_of(followed))
        ]
        return found
    if status in REFUSED or (bearer and status == 200):
        return found
    return [*found, f"{label}: status {status}, expected 403/404 or a redirect to sign in"]


def _probe_patterns(client, worlds, patterns, *, api: bool = False) -> list[str]:
    world_b = worlds["b"]
    failures = []
    client.raise_request_exception = False  # a 500 is one more finding, reported with the others
    baseline = city_snapshot(world_b["city"])
    body = cross_city.plausible_body(world_b)
    for persona in PERSONAS:
        client.logout()
        client.force_login(worlds["a"][persona])
        COUNTS["personas"].add(persona)
        for pattern in patterns:
            values = _values_for(pattern, worlds)
            if values is None or "shared" in values.values():
                continue
            url = cross_city.fill(pattern.route, values)
            COUNTS["id_patterns"].add(pattern.route)
            bearer = _kind_of(pattern) in BEARER_KINDS
            for method in ("get", "post"):
                COUNTS["cases"] += 1
                label = f"{persona} {method.upper()} {url}"
                if method == "get":
                    response = client.get(url)
                elif api:
                    response = client.post(url, json.dumps({}), content_type="application/json")
                else:
                    response = client.post(url, body)
                failures += _judge(client, response, label, bearer)
                if method == "post" and not cross_city.is_login_redirect(response):
                    after = city_snapshot(world_b["city"])
                    if after != baseline:
                        failures.append(
                            f"{label}: changed Hasselt's data: {snapshot_difference(baseline, after)}"
                        )
                        baseline = after
        after = city_snapshot(world_b["city"])
        if after != baseline:
            failures.append(f"{persona}: Hasselt's data changed: {snapshot_difference(baseline, after)}")
            baseline = after
    return failures


def test_no_page_opens_or_changes_a_record_of_another_city_by_its_id(client, worlds):
    _report(_probe_patterns(client, worlds, PAGE_ID_PATTERNS), "pages")


def test_the_api_answers_another_citys_ids_with_403_or_404(client, worlds):
    _report(_probe_patterns(client, worlds, API_ID_PATTERNS, api=True), "the API")


def _admin_group(pattern) -> str:
    model = _admin_model_of(pattern)
    return model._meta.label if model is not None else "admin site"


ADMIN_GROUPS = sorted({_admin_group(p) for p in ADMIN_ID_PATTERNS})


@pytest.mark.parametrize("group", ADMIN_GROUPS)
def test_the_back_office_opens_no_record_of_another_city_by_its_id(client, worlds, group):
    patterns = [p for p in ADMIN_ID_PATTERNS if _admin_group(p) == group]
    _report(_probe_patterns(client, worlds, patterns), f"the admin's {group} URLs")


# Admin forms ------------------------------------------------------------------------------------
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _form_case(client, model, url: str, world_b, label: str, instance=None) -> list[str]:
    """Post Hasselt's ids into every related field of a form (and of one new row per inline)."""
    page = client.get(url)
    if page.status_code != 200 or not page.context or "adminform" not in page.context:
        return [f"{label}: the form does not open ({page.status_code}); name it in SKIPPED_ADMINS"]
    COUNTS["admin_forms"].add(label)
    form_id = f"{model._meta.model_name}_form"
    reader = read_form(page.content, form_id)
    data = dict(reader.data)
    form = page.context["adminform"].form
    planted: dict = {}
    for name, field in cross_city.related_fields(form).items():
        cross_city.plant(data, name, field, world_b, planted, "form")
    invalid = cross_city.make_invalid(data, form, set(planted))
    new_rows = {}
    for inline in page.context.get("inline_admin_formsets", []):
        formset = inline.formset
        if not inline.has_add_permission:
            continue
        skip = {formset.fk.name, formset.model._meta.pk.name}
        fields = {n: f for n, f in cross_city.related_fields(formset.empty_form).items() if n not in skip}
        if not fields:
            continue
        index = int(data[f"{formset.prefix}-TOTAL_FORMS"][0])
        template = f"{formset.prefix}-__prefix__-"
        for key, value in reader.data.items():
            if key.startswith(template):
                data[key.replace("__prefix__", str(index))] = value
        for name, field in fields.items():
            cross_city.plant(
                data, f"{formset.prefix}-{index}-{name}", field, world_b, planted, formset.prefix
            )
        data[f"{formset.prefix}-TOTAL_FORMS"] = [str(index + 1)]
        new_rows[formset.prefix] = index
    if not planted:
        return []
    COUNTS["cases"] += 1
    data["_save"] = ["Save"]
    counts, b_before = row_counts(), city_snapshot(world_b["city"])
    own_before = list(model._default_manager.filter(pk=instance.pk).values()) if instance else None
    response = client.post(url, data)
    failures = []
    for name in leaked_strings(body_of(response)):
        fields = [key for key, (_w, obj, _v) in planted.items() if name.casefold() in str(obj).casefold()]
        failures.append(f"{label}: shows {name!r}" + (f" (the label of field {fields})" if fields else ""))
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        failures.append(
            f"{label}: saved with Hasselt's records in {sorted(planted)} ({response.status_code})"
        )
    written = {k: (counts[k], v) for k, v in row_counts().items() if counts.get(k) != v}
    if written:
        failures.append(f"{label}: wrote rows {written}")
    if instance is not None and list(model._default_manager.filter(pk=instance.pk).values()) != own_before:
        failures.append(f"{label}: changed the record itself")
    b_after = city_snapshot(world_b["city"])
    if b_after != b_before:
        failures.append(f"{label}: changed Hasselt's data: {snapshot_difference(b_before, b_after)}")
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        return failures
    if invalid is None:
        failures.append(f"{label}: (note) no field to make invalid; relied on the related fields' errors")
    errors = response.context["adminform"].form.errors
    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    echoed = read_form(response.content, form_id).selected
    for key, (where, obj, value) in planted.items():
        what = f"{type(obj)._meta.label} #{obj.pk} ({obj})"
        if where == "form":
            has_error = key in errors
        else:
            row = formsets[where].forms[new_rows[where]]
            has_error = key.rsplit("-", 1)[-1] in row.errors
        if not has_error:
            failures.append(f"{label}: field {key!r} accepts Hasselt's {what} without an error")
        if value in echoed.get(key, []):
            failures.append(f"{label}: field {key!r} echoes Hasselt's {what} as a selected option")
    return failures


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_forms_refuse_another_citys_records_in_every_related_field(client, worlds, model):
    coordinator = worlds["a"]["coordinator"]
    client.force_login(coordinator)
    model_admin = admin.site._registry[model]
    request = _request_of(coordinator)
    info = (model._meta.app_label, model._meta.model_name)
    failures = []
    if f"{model._meta.label}:add" not in SKIPPED_ADMINS:
        if not model_admin.has_add_permission(request):
            failures.append(f"{model._meta.label}: no add permission; name it in SKIPPED_ADMINS")
        else:
            url = reverse("admin:{}_{}_add".format(*info))
            failures += _form_case(client, model, url, worlds["b"], f"add {url}")
    if f"{model._meta.label}:change" not in SKIPPED_ADMINS:
        changeable = (
            obj
            for obj in model_admin.get_queryset(request).order_by("pk")
            if model_admin.has_change_permission(request, obj)
        )
        instance = next(changeable, None)
        if instance is None:
            failures.append(f"{model._meta.label}: no record of Genk to change; name it in SKIPPED_ADMINS")
        else:
            url = reverse("admin:{}_{}_change".format(*info), args=[instance.pk])
            failures += _form_case(client, model, url, worlds["b"], f"change {url}", instance)
    _report([f for f in failures if "(note)" not in f], f"the {model._meta.label} admin forms")


# Lists, filters and autocompletes -------------------------------------------------------------------
def test_no_admin_list_or_filter_shows_another_citys_records(client, worlds):
    client.force_login(worlds["a"]["coordinator"])
    failures = []
    for model in REGISTERED:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for query in ("", "?desk=all" if model._meta.model_name == "waitingfamily" else None):
            if query is None:
                continue
            COUNTS["cases"] += 1
            response = client.get(url + query)
            if response.status_code != 200:
                failures.append(f"GET {url}{query}: status {response.status_code}")
            failures += [f"GET {url}{query}: shows {name!r}" for name in leaked_strings(body_of(response))]
    _report(failures, "the admin's lists")


def _autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        owners = [(model, model_admin)] + [(inline.model, inline) for inline in model_admin.inlines]
        for source, owner in owners:
            for field_name in owner.autocomplete_fields:
                yield source, field_name


def test_no_autocomplete_offers_another_citys_records(client, worlds):
    client.force_login(worlds["a"]["coordinator"])
    failures = []
    for source, field_name in sorted(set(_autocomplete_fields()), key=lambda s: (s[0]._meta.label, s[1])):
        target = source._meta.get_field(field_name).remote_field.model
        b_pks = {str(pk) for pk in b_pks_of(target, worlds["b"])}
        for term in AUTOCOMPLETE_TERMS:
            COUNTS["cases"] += 1
            query = {
                "app_label": source._meta.app_label,
                "model_name": source._meta.model_name,
                "field_name": field_name,
                "term": term,
            }
            response = client.get(reverse("admin:autocomplete"), query)
            label = f"autocomplete {source._meta.label}.{field_name} term={term!r}"
            if response.status_code != 200:
                failures.append(f"{label}: status {response.status_code}")
                continue
            results = response.json()["results"]
            failures += [
                f"{label}: offers {r['text']!r} (#{r['id']})" for r in results if str(r["id"]) in b_pks
            ]
            failures += [f"{label}: shows {name!r}" for name in leaked_strings(response.content)]
    _report(failures, "the admin's autocompletes")


# What was covered -------------------------------------------------------------------------------
MINIMUMS = {"id_patterns": 100, "admin_forms": 20, "personas": len(PERSONAS), "cases": 2000}


# `make test` distributes by module (pytest-xdist's loadscope), so this module's tests share one process.
def test_zz_the_run_covered_every_kind_of_case_and_wrote_its_counts():
    """Last in the module: the counts of what the tests above tried, in test-results/cross_city.json."""
    counts = {key: len(value) if isinstance(value, set) else value for key, value in COUNTS.items()}
    if not counts["cases"]:
        pytest.skip("run the whole module for the summary")
    out = pathlib.Path(settings.BASE_DIR) / "test-results" / "cross_city.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(counts, indent=2) + "\n")
    print(f"\ncross-city isolation: {counts}")
    low = {key: (counts[key], minimum) for key, minimum in MINIMUMS.items() if counts[key] < minimum}
    assert not low, f"fewer cases than expected (got, minimum): {low}"
