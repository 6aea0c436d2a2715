"""Privacy rights: subject-access export, erasure that keeps the statistics, retention."""

import datetime
import io
import json
import zipfile

from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from families.models import Family
from genk_village.models import AuditEntry
from genk_village.privacy import anonymise_expired_files
from genk_village.tasks import anonymise_expired_family_files
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import TEST_PASSWORD


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


def test_only_one_record_at_a_time_is_exported(client, coordinator, family):
    other = FamilyFactory(city=family.city)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:families_family_changelist"),
        {"action": "export_file", "_selected_action": [family.pk, other.pk]},
        follow=True,
    )

    assert b"exactly one" in response.content
