"""The back office's own sentences read right in Dutch: no noun whose gender they guess ("De gezin"),
a singular for one row ("1 keuze", never "1 keuzes"); and one reference format and a subject-access
ZIP for several families at once."""

import io
import zipfile

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from families import services
from families.models import Family
from genk_village.models import AuditEntry
from tests.families.factories import FamilyFactory
from tests.families.test_admin_journey import _new_family_form
from tests.families.test_services import _refer
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


def _in_dutch(client, user):
    """The coordinator reads Dutch: their stored language wins over the cookie, so both say so."""
    user.language = "nl"
    user.save(update_fields=["language"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_adding_a_family_in_dutch_names_the_family_without_guessing_its_article(
    client, coordinator, district
):
    client.force_login(coordinator)
    _in_dutch(client, coordinator)

    response = client.post(reverse("admin:families_family_add"), _new_family_form(district), follow=True)

    family = Family.objects.get()
    page = response.content.decode()
    assert "De gezin" not in page and "was added" not in page
    assert f">{family}</a>” is toegevoegd." in page


def test_deleting_a_record_says_it_is_deleted_without_its_noun(client, coordinator, city):
    supporter = SupporterFactory(city=city)
    client.force_login(coordinator)
    _in_dutch(client, coordinator)

    deleted = client.post(reverse("admin:supporters_supporter_delete", args=[supporter.pk]), {"post": "yes"})

    assert _messages(deleted) == [f"“{supporter}” is verwijderd."]


def test_an_action_on_one_row_says_the_singular_in_dutch(client, coordinator, city):
    pending = SupporterFactory(city=city, approved_at=None)
    client.force_login(coordinator)
    _in_dutch(client, coordinator)

    response = client.post(
        reverse("admin:supporters_supporter_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
        follow=True,
    )

    assert "1 supporter goedgekeurd." in _messages(response)


def test_an_action_on_two_rows_says_the_plural_in_dutch(client, coordinator, city):
    pending = [SupporterFactory(city=city, approved_at=None) for _ in range(2)]
    client.force_login(coordinator)
    _in_dutch(client, coordinator)

    response = client.post(
        reverse("admin:supporters_supporter_changelist"),
        {"action": "approve", "_selected_action": [s.pk for s in pending]},
        follow=True,
    )

    assert "2 supporters goedgekeurd." in _messages(response)


def test_two_families_referred_in_one_city_get_consecutive_codes_of_one_format(city, district, referrer):
    first = _refer(city, district, referrer)
    second = _refer(city, district, referrer, family_name="Peeters")

    assert (first.reference, second.reference) == ("GEN-0001", "GEN-0002")


def test_the_next_reference_follows_the_highest_number_of_the_city_only(city, other_city, district):
    FamilyFactory(city=city, district=district, reference="GEN-0009")
    FamilyFactory(city=city, district=district, reference="GEN-10000")
    FamilyFactory(city=city, district=district, reference="TST-99999")
    FamilyFactory(city=other_city, reference="HAS-0042")

    assert services.new_reference(city) == "GEN-10001"
    assert services.new_reference(other_city) == "HAS-0043"


def test_the_demo_writes_references_in_the_same_format():
    from demo.cities import DemoCity

    assert DemoCity.named("Genk").reference(0) == services.reference_for("genk", 1) == "GEN-0001"


def test_two_families_selected_give_one_zip_with_a_file_each_and_an_audit_entry_each(
    client, coordinator, family
):
    other = FamilyFactory(city=family.city)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:families_family_changelist"),
        {"action": "export_file", "_selected_action": [family.pk, other.pk]},
    )

    assert response["Content-Type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert names == {f"family-{family.reference}.json", f"family-{other.reference}.json", "README.txt"}
    exported = AuditEntry.objects.filter(action="families.family.subject_access_exported")
    assert sorted(exported.values_list("target_id", flat=True)) == sorted([str(family.pk), str(other.pk)])
