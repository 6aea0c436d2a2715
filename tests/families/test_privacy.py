"""The families app's privacy step: everything a family file holds is exported, and erased for good."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from families.models import Family, Goal, KindEnGezinAssessment, Offer
from genk_village import privacy
from genk_village.models import AuditEntry
from tests.families.factories import (
    ChildFactory,
    ConsentFactory,
    DeprivationCheckFactory,
    FamilyFactory,
    GuardianFactory,
)
from tests.genk_village.factories import language
from tests.genk_village.privacy_checks import (
    EMAIL,
    NAME,
    PERSONAL,
    PHONE,
    assert_admin_log_forgotten,
    assert_forgotten,
    log_in_admin,
    snapshot,
)


@pytest.fixture
def file(city, district):
    """A family file with the person's text in every free-text field this app holds."""
    family = FamilyFactory(
        city=city,
        district=district,
        family_name=PERSONAL,
        address=f"Stalenstraat 12, {PERSONAL}",
        referral_note=f"Referred by the school, call {PERSONAL}",
        plan_summary=f"{PERSONAL} wants swimming lessons for the children",
        status=Family.Status.CLOSED,
        closed_on=datetime.date(2024, 1, 31),
    )
    family.household_languages.set([language("tr")])
    child = ChildFactory(
        family=family, first_name=NAME, school=PERSONAL, birth_date=datetime.date(2019, 3, 14)
    )
    guardian = GuardianFactory(family=family, first_name=NAME, last_name=NAME, phone=PHONE, email=EMAIL)
    consent = ConsentFactory(family=family, purpose="data")
    check = DeprivationCheckFactory(child=child, has_books=False, has_internet=False)
    assessment = KindEnGezinAssessment.objects.create(
        family=family, assessed_on=datetime.date(2023, 9, 1), low_income=True, poor_housing=True
    )
    goal = Goal.objects.create(
        family=family, domain="leisure", description=f"Swimming for {PERSONAL}", next_step=f"Ask {PERSONAL}"
    )
    offer = Offer.objects.create(
        family=family, title=f"Baklava from {PERSONAL}", description=f"Ring {PERSONAL}", exchange_mode="gift"
    )
    return {
        "family": family,
        "child": child,
        "guardian": guardian,
        "consent": consent,
        "check": check,
        "assessment": assessment,
        "goal": goal,
        "offer": offer,
    }


def test_erasing_a_family_leaves_the_persons_text_in_no_field_of_its_records(file, coordinator):
    assert privacy.family_anonymise(family=file["family"], actor=coordinator) is True

    assert_forgotten(file["family"], file["child"], file["guardian"], file["goal"], file["offer"])


def test_erasing_a_family_blanks_each_field_it_names(file, coordinator):
    privacy.family_anonymise(family=file["family"], actor=coordinator)

    family = Family.objects.get(pk=file["family"].pk)
    assert (family.family_name, family.address, family.referral_note, family.plan_summary) == (
        "—",
        "",
        "",
        "",
    )
    assert family.anonymised_at is not None and not family.household_languages.exists()
    child = family.children.get()
    assert (child.first_name, child.school, child.birth_date) == ("—", "", datetime.date(2019, 7, 1))
    guardian = family.guardians.get()
    assert (guardian.first_name, guardian.last_name, guardian.phone, guardian.email) == ("—", "—", "", "")
    goal = Goal.objects.get(pk=file["goal"].pk)
    assert (goal.description, goal.next_step) == ("—", "")
    offer = Offer.objects.get(pk=file["offer"].pk)
    assert (offer.title, offer.description) == ("—", "")


def test_erasing_a_family_keeps_what_the_figures_need(file, coordinator):
    privacy.family_anonymise(family=file["family"], actor=coordinator)

    family = Family.objects.get(pk=file["family"].pk)
    assert (family.status, family.district.name, family.closed_on) == (
        "closed",
        "Winterslag",
        datetime.date(2024, 1, 31),
    )
    assert family.children.get().birth_date.year == 2019
    assert family.consents.get().purpose == "data"
    assert family.children.get().deprivation_checks.get().missing_count == 2
    assert family.kind_en_gezin_assessments.get().criteria_met == 2
    assert (family.goals.count(), family.offers.count()) == (1, 1)


def test_erasing_a_family_scrubs_the_admin_history_of_each_of_its_records(file, coordinator):
    log_in_admin(coordinator, file["family"], file["child"], file["guardian"], file["goal"], file["offer"])

    privacy.family_anonymise(family=file["family"], actor=coordinator)

    assert_admin_log_forgotten()
    assert LogEntry.objects.count() == 5  # the history stays: who changed what record when


def test_a_second_erasure_of_a_family_returns_false_and_changes_nothing(file, coordinator):
    log_in_admin(coordinator, file["family"])
    privacy.family_anonymise(family=file["family"], actor=coordinator)
    family = file["family"]
    rows = (
        Family.objects.filter(pk=family.pk),
        family.children.all(),
        family.guardians.all(),
        family.goals.all(),
        family.offers.all(),
        LogEntry.objects.all(),
        AuditEntry.objects.all(),
    )
    before = snapshot(*rows)

    assert privacy.family_anonymise(family=family, actor=coordinator) is False

    assert snapshot(*rows) == before
    assert AuditEntry.objects.filter(action="families.family.anonymised").count() == 1


def test_the_family_export_holds_the_families_section(file):
    data = privacy.family_file(file["family"])

    assert data["family"]["family_name"] == PERSONAL
    assert data["family"]["household_languages"] == ["tr"]
    assert data["children"][0]["school"] == PERSONAL
    assert data["guardians"][0]["email"] == EMAIL
    assert [c["purpose"] for c in data["consents"]] == ["data"]
    assert data["deprivation_checks"][0]["items_missing"] == 2
    assert data["kind_en_gezin_assessments"][0]["low_income"] is True
    assert data["plan_goals"][0]["next_step"] == f"Ask {PERSONAL}"
    assert data["offers"][0]["title"] == f"Baklava from {PERSONAL}"


def test_the_families_step_is_registered_and_lists_the_files_due_for_retention(file, city):
    FamilyFactory(city=city, status="closed", closed_on=datetime.date(2025, 6, 1))
    step = {s.name: s for s in privacy.registered()}["families"]

    due = list(step.families_due(datetime.date(2024, 12, 31)))

    assert due == [file["family"]]
    privacy.family_anonymise(family=file["family"], actor=None)
    assert list(step.families_due(datetime.date(2024, 12, 31))) == []


def test_a_child_renamed_through_the_admin_leaves_no_name_in_its_history_once_erased(
    client, file, coordinator
):
    child = file["child"]
    client.force_login(coordinator)
    prefix = "deprivation_checks"
    response = client.post(
        reverse("admin:families_child_change", args=[child.pk]),
        {
            "family": file["family"].pk,
            "first_name": f"{NAME} junior",
            "birth_date": "2019-03-14",
            "school": PERSONAL,
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert LogEntry.objects.filter(object_repr__startswith=f"{NAME} junior").exists()

    privacy.family_anonymise(family=file["family"], actor=coordinator)

    assert_admin_log_forgotten()
