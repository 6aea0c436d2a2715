"""A coordinator takes a family from referral to matching entirely in the back office."""

import datetime

from django.urls import reverse
from django.utils import timezone

from families.models import DeprivationCheck, Family
from genk_village.models import AuditEntry
from tests.genk_village.factories import language

TODAY = timezone.localdate()
INLINES = ["children", "guardians", "consents", "kind_en_gezin_assessments", "goals", "offers"]


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _new_family_form(district, **extra):
    data = {
        "family_name": "Rossi",
        "address": "Hoogstraat 3",
        "district": district.pk,
        "referral_source": "ocmw",
        "referral_note": "",
        "plan_summary": "",
    }
    for prefix in INLINES:
        data |= _management(prefix, 0)
    data |= _management("children", 1) | {
        "children-0-first_name": "Luca",
        "children-0-birth_date": (TODAY - datetime.timedelta(days=1900)).isoformat(),
    }
    data |= _management("guardians", 1) | {
        "guardians-0-first_name": "Giulia",
        "guardians-0-last_name": "Rossi",
        "guardians-0-relation": "mother",
        "guardians-0-phone": "+32 471 55 66 77",
    }
    data |= _management("consents", 2) | {
        "consents-0-purpose": "programme",
        "consents-0-given_on": TODAY.isoformat(),
        "consents-1-purpose": "data",
        "consents-1-given_on": TODAY.isoformat(),
    }
    return data | extra


def _action(client, action, family):
    return client.post(
        reverse("admin:families_family_changelist"),
        {"action": action, "_selected_action": [family.pk]},
        follow=True,
    )


def test_coordinator_enrols_a_family_from_referral_to_matching_in_the_admin(client, coordinator, district):
    client.force_login(coordinator)

    response = client.post(reverse("admin:families_family_add"), _new_family_form(district))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    family = Family.objects.get()
    assert (family.city, family.status, family.reference[:4]) == (coordinator.city, "referred", "GEN-")
    assert family.children.get().first_name == "Luca"
    assert {consent.recorded_by for consent in family.consents.all()} == {coordinator}  # added on its page

    _action(client, "start_intake", family)
    family.refresh_from_db()
    assert family.status == "intake"

    refused = _action(client, "start_matching", family)
    assert "deprivation check" in refused.content.decode()
    family.refresh_from_db()
    assert family.status == "intake"

    child = family.children.get()
    response = client.post(
        reverse("admin:families_deprivationcheck_add"),
        {
            "child": child.pk,
            "checked_on": TODAY.isoformat(),
            **{
                f"has_{item}": "on"
                for item in ["three_meals", "protein_meal", "fruit_vegetables", "indoor_games"]
            },
        },
    )
    assert response.status_code == 302
    check = DeprivationCheck.objects.get()
    assert check.missing_count == 10 and check.recorded_by == coordinator

    done = _action(client, "start_matching", family)
    assert "ready for matching" in done.content.decode()
    family.refresh_from_db()
    assert family.status == "matching"

    actions = list(
        AuditEntry.objects.filter(target_id=str(family.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions[0] == "families.family.referred"  # family_register, as a referral
    assert {
        "families.child.created",
        "families.guardian.created",
        "families.consent.recorded",
        "families.family.intake_started",
        "families.deprivation_check.recorded",
        "families.family.matching_started",
    } <= set(actions)
    assert actions[-1] == "families.family.matching_started"

    trail = client.get(
        reverse("admin:genk_village_auditentry_changelist"),
        {"target_type__model": "family", "target_id": family.pk},
    )
    assert trail.status_code == 200
    assert "families.family.matching_started" in trail.content.decode()


def test_opening_a_family_file_is_recorded_as_a_read(client, coordinator, family):
    client.force_login(coordinator)

    assert client.get(reverse("admin:families_family_change", args=[family.pk])).status_code == 200

    entry = AuditEntry.objects.get(action="families.family.viewed")
    assert (entry.actor, entry.target_id) == (coordinator, str(family.pk))


def test_household_languages_cannot_be_saved_in_the_admin_without_consent(client, coordinator, district):
    client.force_login(coordinator)
    turkish = language("tr")

    refused = client.post(
        reverse("admin:families_family_add"), _new_family_form(district, household_languages=[turkish.pk])
    )
    assert refused.status_code == 200
    assert not Family.objects.exists()

    with_consent = _new_family_form(district, household_languages=[turkish.pk])
    with_consent |= _management("consents", 3) | {
        "consents-2-purpose": "language",
        "consents-2-given_on": TODAY.isoformat(),
    }
    assert client.post(reverse("admin:families_family_add"), with_consent).status_code == 302
    assert list(Family.objects.get().household_languages.all()) == [turkish]


def test_exporting_families_gives_a_spreadsheet_and_an_audit_entry_per_family(client, coordinator, family):
    client.force_login(coordinator)

    for action, content_type in [("export_csv", "text/csv"), ("export_xlsx", "spreadsheetml")]:
        response = client.post(
            reverse("admin:families_family_changelist"), {"action": action, "_selected_action": [family.pk]}
        )
        assert response.status_code == 200
        assert content_type in response["Content-Type"]
    csv_text = client.post(
        reverse("admin:families_family_changelist"), {"action": "export_csv", "_selected_action": [family.pk]}
    ).content.decode("utf-8-sig")
    assert family.reference in csv_text and "Yilmaz" in csv_text
    assert AuditEntry.objects.filter(action="families.family.exported", target_id=str(family.pk)).count() == 3
