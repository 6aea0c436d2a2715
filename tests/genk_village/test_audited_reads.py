"""Every staff read of a family's records is audited in one place, the base admin: a GET of the change
page of a guardian, a child, a check, an assessment, a consent or a contact log files a `viewed` entry
under the family; saving the page is a change, not a second read."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coaches.models import ContactLog, Match
from families.models import Child, ConsentRecord, Guardian, KindEnGezinAssessment
from genk_village.models import AuditEntry
from tests.families.factories import DeprivationCheckFactory


def _guardian(family, coach):
    return Guardian.objects.get(family=family)


def _child(family, coach):
    return Child.objects.get(family=family)


def _check(family, coach):
    return DeprivationCheckFactory(child=Child.objects.get(family=family))


def _assessment(family, coach):
    return KindEnGezinAssessment.objects.create(family=family, assessed_on=timezone.localdate())


def _consent(family, coach):
    return ConsentRecord.objects.filter(family=family).first()


def _contact(family, coach):
    match = Match.objects.get(family=family, coach__user=coach)
    return ContactLog.objects.create(
        match=match, author=coach, kind="visit", happened_on=timezone.localdate(), note="Quiet visit."
    )


RECORDS = [
    ("families", "guardian", _guardian),
    ("families", "child", _child),
    ("families", "deprivationcheck", _check),
    ("families", "kindengezinassessment", _assessment),
    ("families", "consentrecord", _consent),
    ("coaches", "contactlog", _contact),
]


def _reads(coordinator):
    return AuditEntry.objects.filter(actor=coordinator, action__endswith=".viewed")


@pytest.mark.parametrize(("app", "model", "make"), RECORDS, ids=[model for _app, model, _make in RECORDS])
def test_a_coordinator_opening_a_record_of_a_family_writes_a_read_into_its_audit_trail(
    client, coordinator, coach, family, app, model, make
):
    record = make(family, coach)
    client.force_login(coordinator)

    page = client.get(reverse(f"admin:{app}_{model}_change", args=[record.pk]))

    assert page.status_code == 200
    entry = _reads(coordinator).get()
    assert entry.action == f"{app}.{model}.viewed"
    assert entry.target_type.model == "family" and entry.target_id == str(family.pk)
    assert entry.city_id == family.city_id


def test_opening_the_family_file_keeps_its_own_action_name(client, coordinator, family):
    client.force_login(coordinator)

    client.get(reverse("admin:families_family_change", args=[family.pk]))

    assert list(_reads(coordinator).values_list("action", "target_id")) == [
        ("families.family.viewed", str(family.pk))
    ]


def test_saving_a_record_is_audited_as_a_change_and_not_as_a_second_read(client, coordinator, family):
    guardian = Guardian.objects.get(family=family)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:families_guardian_change", args=[guardian.pk]),
        {
            "family": family.pk,
            "first_name": guardian.first_name,
            "last_name": guardian.last_name,
            "relation": guardian.relation,
            "phone": "+32 470 99 99 99",
            "email": "",
        },
    )

    assert response.status_code == 302
    assert not _reads(coordinator).exists()
    assert AuditEntry.objects.filter(actor=coordinator, action="families.guardian.changed").count() == 1


def test_a_record_of_another_city_is_not_found_and_not_logged(client, other_coordinator, family):
    guardian = Guardian.objects.get(family=family)
    client.force_login(other_coordinator)

    response = client.get(reverse("admin:families_guardian_change", args=[guardian.pk]))

    assert response.status_code in (302, 404)
    assert not _reads(other_coordinator).exists()


def test_exporting_contact_logs_is_audited_under_their_family(client, coordinator, coach, family):
    contact = _contact(family, coach)
    client.force_login(coordinator)

    client.post(
        reverse("admin:coaches_contactlog_changelist"),
        {"action": "export_csv", "_selected_action": [contact.pk]},
    )

    entry = AuditEntry.objects.get(actor=coordinator, action="coaches.contactlog.exported")
    assert entry.target_type.model == "family" and entry.target_id == str(family.pk)
