"""The family's page as its case file: the next step as a button that calls the step's service, the
refusals as messages, the timeline from the records, closing behind a confirmation, and the guided intake
that never saves a silent "lacks nothing"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import ConsentRecord, DeprivationCheck, Family, KindEnGezinAssessment
from genk_village.models import AuditEntry
from tests.families.factories import (
    ChildFactory,
    ConsentFactory,
    DeprivationCheckFactory,
    FamilyFactory,
    GuardianFactory,
)
from tests.genk_village.factories import language

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def family(city, district):
    family = FamilyFactory(city=city, district=district, reference="GEN-0042", family_name="Nowak")
    ChildFactory(family=family, first_name="Zofia")
    GuardianFactory(family=family, first_name="Anna", last_name="Nowak", phone="+32 470 99 88 77")
    return family


@pytest.fixture
def desk(client, coordinator):
    client.force_login(coordinator)
    return client


def _file(desk, family):
    return desk.get(reverse("admin:families_family_change", args=[family.pk]))


def _step(desk, family, step, **data):
    return desk.post(
        reverse("admin:families_family_step", args=[family.pk]), {"step": step, **data}, follow=True
    )


def _steps(page) -> list[str]:
    return [entry["step"].key for entry in page.context["next_steps"]]


def _messages(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def _consented(family, *purposes):
    for purpose in purposes or ("programme", "data"):
        ConsentFactory(family=family, purpose=purpose)


def test_a_referred_family_shows_start_the_intake_and_the_button_starts_it(desk, family):
    page = _file(desk, family)
    assert _steps(page) == ["start_intake", "close"]
    assert b'id="step-start_intake"' in page.content
    page = _step(desk, family, "start_intake")
    family.refresh_from_db()
    assert (family.status, family.intake_on) == (Family.Status.INTAKE, TODAY)
    assert page.redirect_chain[-1][0] == reverse("admin:families_family_intake", args=[family.pk])
    assert AuditEntry.objects.filter(action="families.family.intake_started", target_id=family.pk).exists()


def test_a_step_the_service_refuses_is_shown_as_its_refusal_and_changes_nothing(desk, family):
    family.status = Family.Status.MATCHING
    family.save()
    page = _step(desk, family, "start_intake")
    assert "that step is not possible now" in " ".join(_messages(page))
    assert Family.objects.get(pk=family.pk).status == Family.Status.MATCHING


def test_in_intake_the_button_names_what_is_missing_first(desk, family):
    family.status = Family.Status.INTAKE
    family.save()
    assert _file(desk, family).context["next_steps"][0]["label"] == "Record the consent"
    _consented(family)
    page = _file(desk, family)
    assert page.context["next_steps"][0]["label"] == "Deprivation check"
    assert page.context["next_steps"][0]["url"] == reverse("admin:families_family_intake", args=[family.pk])
    DeprivationCheckFactory(child=family.children.get())
    assert _steps(_file(desk, family)) == ["start_matching", "close"]


def test_ready_for_matching_calls_the_service_and_its_refusal_says_what_to_record(desk, family):
    family.status = Family.Status.INTAKE
    family.save()
    page = _step(desk, family, "start_matching")
    assert "Record the family's consent first" in " ".join(_messages(page))
    assert Family.objects.get(pk=family.pk).status == Family.Status.INTAKE
    _consented(family)
    DeprivationCheckFactory(child=family.children.get())
    page = _step(desk, family, "start_matching")
    assert Family.objects.get(pk=family.pk).status == Family.Status.MATCHING
    assert "GEN-0042 is ready for matching." in _messages(page)


def test_an_unknown_step_is_a_message_not_an_error(desk, family):
    page = _step(desk, family, "no_such_step")
    assert "That step does not exist" in " ".join(_messages(page))


def test_the_step_view_takes_only_posts(desk, family):
    assert desk.get(reverse("admin:families_family_step", args=[family.pk])).status_code == 405


def test_closing_asks_first_and_closes_only_when_confirmed(desk, family):
    url = reverse("admin:families_family_close", args=[family.pk])
    page = desk.get(url)
    assert page.status_code == 200
    assert b"Yes, close the file" in page.content
    assert Family.objects.get(pk=family.pk).status == Family.Status.REFERRED
    page = desk.post(url, follow=True)
    family.refresh_from_db()
    assert (family.status, family.closed_on) == (Family.Status.CLOSED, TODAY)
    assert "The file of GEN-0042 is closed." in _messages(page)
    assert "close" not in _steps(_file(desk, family))


def test_the_timeline_tells_the_file_from_its_records(desk, family):
    family.status = Family.Status.INTAKE
    family.intake_on = TODAY
    family.save()
    _consented(family, "programme")
    DeprivationCheckFactory(child=family.children.get(), has_books=False, has_internet=False)
    KindEnGezinAssessment.objects.create(family=family, assessed_on=TODAY, low_income=True)
    family.offers.create(title="Soup for the street party", exchange_mode="gift")
    timeline = _file(desk, family).context["timeline"]
    lines = [(entry.what, entry.detail) for entry in timeline]
    assert lines[0] == ("Referred", "school")
    assert ("Intake started", "") in lines
    assert ("Consent given", "taking part in the programme") in lines
    assert ("Deprivation check", "Zofia lacks 2 of 14") in lines
    assert ("Kind en Gezin assessment", "1 of 6 criteria") in lines
    assert ("Offered back", "Soup for the street party") in lines
    assert [entry.day for entry in timeline] == sorted(entry.day for entry in timeline)


def test_another_citys_coordinator_finds_none_of_the_case_file_pages(client, other_coordinator, family):
    client.force_login(other_coordinator)
    for name in ("families_family_intake", "families_family_close"):
        assert client.get(reverse(f"admin:{name}", args=[family.pk])).status_code == 404
    for name, data in (("families_family_step", {"step": "start_intake"}), ("families_family_close", {})):
        assert client.post(reverse(f"admin:{name}", args=[family.pk]), data).status_code == 404
    family.refresh_from_db()
    assert family.status == Family.Status.REFERRED


def test_a_person_without_the_coordinator_role_cannot_post_a_step(client, referrer, family):
    client.force_login(referrer)
    response = client.post(reverse("admin:families_family_step", args=[family.pk]), {"step": "start_intake"})
    assert response.status_code == 403
    assert Family.objects.get(pk=family.pk).status == Family.Status.REFERRED


# The guided intake --------------------------------------------------------------------------------------


def _intake(desk, family, **fields):
    guardian = family.guardians.get()
    data = {
        "given_on": TODAY.isoformat(),
        "child_first_name": "Zofia",
        "child_birth_date": (TODAY - datetime.timedelta(days=5 * 365)).isoformat(),
        "child_school": "",
        "guardians-TOTAL_FORMS": "2",
        "guardians-INITIAL_FORMS": "1",
        "guardians-0-pk": guardian.pk,
        "guardians-0-first_name": guardian.first_name,
        "guardians-0-last_name": guardian.last_name,
        "guardians-0-relation": guardian.relation,
        "guardians-0-phone": guardian.phone,
        "guardians-0-email": "",
        **fields,
    }
    return desk.post(reverse("admin:families_family_intake", args=[family.pk]), data, follow=True)


def test_the_intake_starts_with_nothing_ticked(desk, family):
    page = desk.get(reverse("admin:families_family_intake", args=[family.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="lacks"' in html and 'name="lacks_none"' in html
    assert "checked" not in html.split('id="intake-lacks"')[1].split("</fieldset>")[0]
    assert AuditEntry.objects.filter(action="families.family.viewed", target_id=family.pk).exists()


def test_nothing_ticked_without_lacks_none_is_refused_with_what_to_do(desk, family):
    page = _intake(desk, family)
    assert page.status_code == 200
    assert "Tick what the child lacks, or tick “The child lacks none of these”" in page.content.decode()
    assert not DeprivationCheck.objects.exists()
    assert Family.objects.get(pk=family.pk).status == Family.Status.REFERRED


def test_lacks_none_and_ticked_items_together_are_refused(desk, family):
    page = _intake(desk, family, lacks=["books"], lacks_none="on")
    assert "keep only one of the two" in page.content.decode()
    assert not DeprivationCheck.objects.exists()


def test_lacks_none_records_an_explicit_nought_of_fourteen(desk, family):
    _consented(family)
    _intake(desk, family, lacks_none="on", criteria_none="on")
    check = DeprivationCheck.objects.get(child__family=family)
    assert (check.missing_count, check.is_deprived) == (0, False)
    assert KindEnGezinAssessment.objects.get(family=family).criteria_met == 0


def test_languages_without_their_consent_are_refused_with_what_to_tick(desk, family):
    turkish = language("tr")
    page = _intake(desk, family, household_languages=[turkish.pk], lacks=["books"])
    assert "Tick the consent “using household languages for matching” above" in page.content.decode()
    assert not family.household_languages.exists()


def test_a_saved_intake_goes_through_the_services_and_starts_matching(desk, family):
    _consented(family)
    turkish = language("tr")
    page = _intake(
        desk,
        family,
        consents=["language"],
        household_languages=[turkish.pk],
        lacks=["books", "leisure_activity"],
        criteria=["low_income", "poor_housing", "poor_health"],
        child_school="De Klimop",
        **{
            "guardians-1-first_name": "Piotr",
            "guardians-1-last_name": "Nowak",
            "guardians-1-relation": "father",
        },
        _matching="1",
    )
    family.refresh_from_db()
    assert family.status == Family.Status.MATCHING
    assert page.redirect_chain[-1][0] == reverse("admin:families_family_change", args=[family.pk])
    assert list(family.household_languages.values_list("code", flat=True)) == ["tr"]
    assert family.consents.filter(purpose=ConsentRecord.Purpose.LANGUAGE, recorded_by__isnull=False).exists()
    check = DeprivationCheck.objects.get(child__family=family)
    assert (check.missing_count, check.has_books, check.has_leisure_activity) == (2, False, False)
    assert KindEnGezinAssessment.objects.get(family=family).in_deprivation
    assert family.children.get().school == "De Klimop"
    assert sorted(family.guardians.values_list("first_name", flat=True)) == ["Anna", "Piotr"]
    actions = set(AuditEntry.objects.filter(target_id=family.pk).values_list("action", flat=True))
    assert {
        "families.family.intake_started",
        "families.consent.recorded",
        "families.family.languages_set",
        "families.deprivation_check.recorded",
        "families.kind_en_gezin.recorded",
        "families.family.matching_started",
    } <= actions


def test_save_and_start_matching_without_the_consents_keeps_the_intake_and_says_what_is_missing(desk, family):
    page = _intake(desk, family, lacks=["books"], _matching="1")
    assert "Record the family's consent first" in " ".join(_messages(page))
    family.refresh_from_db()
    assert family.status == Family.Status.INTAKE
    assert DeprivationCheck.objects.filter(child__family=family).exists()


def test_a_child_outside_the_programme_age_is_refused_on_the_intake(desk, family):
    page = _intake(desk, family, lacks=["books"], child_birth_date="2014-03-01")
    assert "the programme is for children aged" in page.content.decode()
    assert not DeprivationCheck.objects.exists()


def test_the_intake_of_a_family_in_matching_is_refused_with_where_to_change_it(desk, family):
    _consented(family)
    family.status = Family.Status.MATCHING
    family.save()
    page = _intake(desk, family, lacks=["books"])
    assert "The intake of this family is complete; change the file on its page." in page.content.decode()
    assert not DeprivationCheck.objects.exists()
