"""Privacy rights: subject-access export, erasure that keeps the statistics, retention."""

import ast
import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from families.models import Family
from genk_village import privacy
from genk_village.audit import audit
from genk_village.models import ApiToken, AuditEntry, User
from genk_village.privacy import anonymise_expired_files
from genk_village.tasks import anonymise_expired_family_files
from genk_village.tokens import api_token_issue
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import TEST_PASSWORD
from tests.genk_village.privacy_checks import (
    EMAIL,
    NAME,
    PERSONAL,
    assert_admin_log_forgotten,
    assert_forgotten,
    log_in_admin,
    snapshot,
)

DOMAIN_APPS = {"families", "coaches", "supporters", "challenges", "monitoring"}


def _post_action(client, url, action, pk, **extra):
    return client.post(url, {"action": action, "_selected_action": [pk], **extra})


def test_a_coordinator_exports_everything_held_about_a_family_as_json_in_a_zip(client, coordinator, family):
    client.force_login(coordinator)

    response = _post_action(client, reverse("admin:families_family_changelist"), "export_file", family.pk)

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read(f"family-{family.reference}.json"))
    assert data["family"]["family_name"] == "Yilmaz"
    assert data["children"][0]["first_name"] == "Elif"
    assert data["guardians"][0]["phone"] == "+32 470 12 34 56"
    assert {c["purpose"] for c in data["consents"]} == {"programme", "data"}
    assert AuditEntry.objects.filter(action="families.family.subject_access_exported").count() == 1


def test_a_person_export_holds_the_account_and_never_the_password(client, coordinator, supporter):
    client.force_login(coordinator)

    response = _post_action(
        client, reverse("admin:genk_village_user_changelist"), "export_file", supporter.pk
    )

    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read(f"person-{supporter.pk}.json"))
    assert data["account"]["email"] == supporter.email
    assert "password" not in data["account"]
    assert data["supporter"]["display_name"] == supporter.supporter.display_name


def test_erasing_a_family_asks_first_then_removes_names_and_keeps_the_figures(
    client, coordinator, family, coach
):
    ChallengeFactory(family=family, description="Ask Ayse at Stalenstraat 12")
    client.force_login(coordinator)
    url = reverse("admin:families_family_changelist")

    confirm_page = _post_action(client, url, "erase", family.pk)
    assert confirm_page.status_code == 200 and b"cannot be undone" in confirm_page.content
    assert Family.objects.get(pk=family.pk).family_name == "Yilmaz"

    _post_action(client, url, "erase", family.pk, confirm="yes")

    family.refresh_from_db()
    assert family.anonymised_at is not None
    assert (family.family_name, family.address) == ("—", "")
    assert family.children.get().first_name == "—"
    assert family.guardians.get().phone == ""
    assert Challenge.objects.get(family=family).description == ""
    assert (family.status, family.district.name, family.challenges.count()) == ("matched", "Winterslag", 1)
    assert AuditEntry.objects.filter(action="families.family.anonymised").count() == 1


def test_an_erased_person_cannot_sign_in_and_their_help_still_counts(client, coordinator, supporter, family):
    challenge = ChallengeFactory(
        family=family, status="claimed", claimant=supporter.supporter, claimed_at=timezone.now()
    )
    client.force_login(coordinator)

    _post_action(client, reverse("admin:genk_village_user_changelist"), "erase", supporter.pk, confirm="yes")

    supporter.refresh_from_db()
    assert supporter.email.endswith("@erased.invalid") and not supporter.is_active
    assert not client.login(email="supporter1@example.org", password=TEST_PASSWORD)
    challenge.refresh_from_db()
    assert challenge.claimant_id == supporter.supporter.pk


def test_retention_anonymises_files_closed_long_ago_once(city, settings):
    settings.RETENTION_DAYS = 730
    today = timezone.localdate()
    old = FamilyFactory(city=city, status="closed", closed_on=today - datetime.timedelta(days=731))
    recent = FamilyFactory(city=city, status="closed", closed_on=today - datetime.timedelta(days=10))
    active = FamilyFactory(city=city, status="matched")

    assert anonymise_expired_family_files.delay().get() == 1
    assert anonymise_expired_files() == 0

    for family in (old, recent, active):
        family.refresh_from_db()
    assert old.anonymised_at is not None and old.family_name == "—"
    assert recent.anonymised_at is None and active.anonymised_at is None
    assert AuditEntry.objects.filter(action="families.family.anonymised").count() == 1


def test_the_registry_lists_a_step_for_every_app_that_holds_personal_data():
    names = [step.name for step in privacy.registered()]

    assert names[0] == "genk_village"  # the account's section first, then the apps in INSTALLED_APPS order
    assert {"families", "coaches", "supporters", "challenges"} <= set(names)


def test_a_second_step_under_a_taken_name_is_refused():
    with pytest.raises(ImproperlyConfigured):
        privacy.register(privacy.PrivacyStep(name="families"))

    assert {step.name: step for step in privacy.registered()}["families"].family_erase is not None


def test_two_steps_exporting_the_same_section_are_refused(monkeypatch, family):
    monkeypatch.setitem(
        privacy._registry,
        "clash",
        privacy.PrivacyStep(name="clash", family_export=lambda f: {"children": []}),
    )

    with pytest.raises(ImproperlyConfigured, match="children"):
        privacy.family_file(family)


def test_the_core_imports_no_domain_app():
    tree = ast.parse(Path(privacy.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert not {name.split(".")[0] for name in imported} & DOMAIN_APPS


def test_the_family_export_holds_a_section_of_every_app_and_the_audit_trail(family, coach):
    data = privacy.family_file(family)

    assert {"family", "children", "plan_goals", "matches", "contacts", "challenges", "audit_trail"} <= set(
        data
    )
    assert data["matches"][0]["coach"] == coach.coach.display_name


def test_the_person_export_holds_the_account_its_sign_in_means_and_its_acts(supporter, coordinator):
    EmailAddress.objects.create(user=supporter, email=supporter.email, verified=True, primary=True)
    Authenticator.objects.create(user=supporter, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DP"})
    api_token_issue(user=supporter, actor=supporter)
    audit(actor=supporter, action="supporters.supporter.changed", target=supporter.supporter)

    data = privacy.person_file(supporter)

    assert data["email_addresses"] == [{"email": supporter.email, "verified": True, "primary": True}]
    assert [a["type"] for a in data["authenticators"]] == ["totp"]
    assert "JBSWY3DP" not in json.dumps(data, default=str)
    assert len(data["api_tokens"]) == 1 and "key" not in data["api_tokens"][0]
    assert [a["action"] for a in data["actions_in_audit_trail"]] == [
        "genk_village.apitoken.issued",
        "supporters.supporter.changed",
    ]
    assert {"supporter", "points", "claimed_challenges", "notifications"} <= set(data)


def test_erasing_an_account_deletes_its_sign_in_means_and_scrubs_its_admin_history(supporter, coordinator):
    supporter.first_name, supporter.last_name, supporter.organisation = NAME, NAME, PERSONAL
    supporter.save()
    address = EmailAddress.objects.create(user=supporter, email=EMAIL, verified=True, primary=True)
    Authenticator.objects.create(user=supporter, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DP"})
    api_token_issue(user=supporter, actor=supporter)
    log_in_admin(coordinator, supporter, address)

    assert privacy.user_anonymise(user=supporter, actor=coordinator) is True

    assert_forgotten(supporter)
    assert (supporter.first_name, supporter.last_name, supporter.organisation) == ("", "", "")
    assert supporter.email == f"user-{supporter.pk}@erased.invalid" and not supporter.has_usable_password()
    assert not EmailAddress.objects.filter(user=supporter).exists()
    assert not Authenticator.objects.filter(user=supporter).exists()
    assert not ApiToken.objects.filter(user=supporter).exists()
    assert_admin_log_forgotten()
    assert AuditEntry.objects.filter(action="genk_village.user.anonymised").count() == 1


def test_a_second_erasure_of_an_account_returns_false_and_changes_nothing(supporter, coordinator):
    log_in_admin(coordinator, supporter)
    privacy.user_anonymise(user=supporter, actor=coordinator)
    rows = (User.objects.filter(pk=supporter.pk), LogEntry.objects.all(), AuditEntry.objects.all())
    before = snapshot(*rows)

    assert privacy.user_anonymise(user=supporter, actor=coordinator) is False

    assert snapshot(*rows) == before


def test_a_failing_step_rolls_the_whole_erasure_back(monkeypatch, family, coach):
    def broken(family, actor):
        raise RuntimeError("disk full")

    monkeypatch.setitem(privacy._registry, "broken", privacy.PrivacyStep(name="broken", family_erase=broken))

    with pytest.raises(RuntimeError):
        privacy.family_anonymise(family=family, actor=None)

    family.refresh_from_db()
    assert (family.family_name, family.anonymised_at) == ("Yilmaz", None)
