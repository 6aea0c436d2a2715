import datetime

import pytest
from django.utils import timezone

from families import services
from families.models import DEPRIVATION_ITEMS, ConsentRecord, Family, KindEnGezinAssessment
from genk_village.models import AuditEntry
from tests.families.factories import ChildFactory, ConsentFactory, FamilyFactory
from tests.genk_village.factories import language

TODAY = timezone.localdate()


def _refer(city, district, actor, **extra):
    data = {
        "city": city,
        "district": district,
        "family_name": "Kaya",
        "referral_source": Family.Source.SCHOOL,
        "child_first_name": "Yusuf",
        "child_birth_date": TODAY - datetime.timedelta(days=5 * 365),
        "guardian_first_name": "Fatma",
        "guardian_last_name": "Kaya",
        "guardian_phone": "+32 470 00 00 00",
        "consent_given_on": TODAY,
        "actor": actor,
    }
    return services.family_refer(**(data | extra))


def test_referring_a_family_files_child_guardian_consents_and_an_audit_entry(city, district, referrer):
    family = _refer(city, district, referrer)

    assert family.status == Family.Status.REFERRED
    assert family.referred_by == referrer
    assert family.reference.startswith("GEN-")
    assert family.children.get().first_name == "Yusuf"
    assert family.guardians.get().phone == "+32 470 00 00 00"
    assert set(family.consents.values_list("purpose", flat=True)) == {"programme", "data"}
    entry = AuditEntry.objects.get(target_id=str(family.pk))
    assert (entry.actor, entry.action, entry.city) == (referrer, "families.family.referred", city)


def test_a_referral_is_refused_for_a_district_of_another_city(city, other_city, referrer):
    from tests.genk_village.factories import DistrictFactory

    with pytest.raises(services.FamilyError, match="district"):
        _refer(city, DistrictFactory(city=other_city), referrer)
    assert not Family.objects.exists()


def test_a_referral_is_refused_with_consent_dated_in_the_future(city, district, referrer):
    with pytest.raises(services.FamilyError, match="future"):
        _refer(city, district, referrer, consent_given_on=TODAY + datetime.timedelta(days=1))


def test_intake_then_matching_once_consent_child_and_deprivation_check_are_on_file(
    city, district, coordinator
):
    family = _refer(city, district, coordinator)
    services.family_start_intake(family=family, actor=coordinator)
    assert family.status == Family.Status.INTAKE and family.intake_on == TODAY

    with pytest.raises(services.FamilyError, match="deprivation check"):
        services.family_start_matching(family=family, actor=coordinator)
    services.deprivation_check_record(
        child=family.children.get(), checked_on=TODAY, missing=["books"], actor=coordinator
    )
    services.family_start_matching(family=family, actor=coordinator)

    family.refresh_from_db()
    assert family.status == Family.Status.MATCHING
    actions = list(
        AuditEntry.objects.filter(target_id=str(family.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "families.family.referred",
        "families.family.intake_started",
        "families.deprivation_check.recorded",
        "families.family.matching_started",
    ]


def test_matching_is_refused_without_the_familys_consent(city, coordinator):
    family = FamilyFactory(city=city, status=Family.Status.INTAKE)
    services.deprivation_check_record(
        child=ChildFactory(family=family), checked_on=TODAY, missing=[], actor=coordinator
    )

    with pytest.raises(services.FamilyError, match="consent"):
        services.family_start_matching(family=family, actor=coordinator)


def test_a_step_out_of_order_is_refused_with_the_current_status(city, coordinator):
    family = FamilyFactory(city=city, status=Family.Status.MATCHED)

    with pytest.raises(services.FamilyError, match="matched"):
        services.family_start_intake(family=family, actor=coordinator)


@pytest.mark.parametrize(
    ("missing", "deprived"),
    [
        ([], False),
        (["books"], False),
        (["books", "internet"], True),
        ([code for code, _l in DEPRIVATION_ITEMS], True),
    ],
)
def test_a_child_lacking_two_or_more_items_is_deprived(city, coordinator, missing, deprived):
    child = ChildFactory(family__city=city)

    check = services.deprivation_check_record(
        child=child, checked_on=TODAY, missing=missing, actor=coordinator
    )
    check.refresh_from_db()

    assert check.missing_count == len(missing)
    assert check.is_deprived is deprived


def test_unknown_deprivation_items_are_refused(city, coordinator):
    with pytest.raises(services.FamilyError, match="Unknown"):
        services.deprivation_check_record(
            child=ChildFactory(family__city=city), checked_on=TODAY, missing=["pony"], actor=coordinator
        )


@pytest.mark.parametrize(("criteria", "in_deprivation"), [(2, False), (3, True), (6, True)])
def test_a_family_scoring_on_three_kind_en_gezin_criteria_is_in_deprivation(city, criteria, in_deprivation):
    names = [
        "low_income",
        "low_education",
        "weak_labour",
        "delayed_development",
        "poor_housing",
        "poor_health",
    ]
    assessment = KindEnGezinAssessment.objects.create(
        family=FamilyFactory(city=city), assessed_on=TODAY, **dict.fromkeys(names[:criteria], True)
    )
    assessment.refresh_from_db()

    assert assessment.criteria_met == criteria
    assert assessment.in_deprivation is in_deprivation


def test_household_languages_need_consent_and_go_when_it_is_withdrawn(city, coordinator):
    family = FamilyFactory(city=city)
    turkish = language("tr")

    with pytest.raises(services.FamilyError, match="consent"):
        services.family_set_languages(family=family, languages=[turkish], actor=coordinator)
    consent = services.consent_record(
        family=family, purpose=ConsentRecord.Purpose.LANGUAGE, given_on=TODAY, actor=coordinator
    )
    services.family_set_languages(family=family, languages=[turkish], actor=coordinator)
    assert list(family.household_languages.all()) == [turkish]

    services.consent_withdraw(consent=consent, actor=coordinator)

    assert not family.household_languages.exists()


def test_closing_a_file_is_refused_while_a_match_is_active(family, coach, coordinator):
    with pytest.raises(services.FamilyError, match="active match"):
        services.family_close(family=family, actor=coordinator)


def test_visible_to_gives_a_coach_only_the_matched_family(
    family, coach, other_coach, coordinator, other_coordinator, supporter, steering, referrer
):
    FamilyFactory(city=family.city)

    assert list(Family.objects.visible_to(coach)) == [family]
    assert Family.objects.visible_to(coordinator).count() == 2
    for user in (other_coach, other_coordinator, supporter, steering, referrer):
        assert not Family.objects.visible_to(user).exists()


def test_consent_records_are_listed_per_purpose(city):
    family = FamilyFactory(city=city)
    ConsentFactory(family=family, purpose="programme", withdrawn_on=None)
    ConsentFactory(
        family=family,
        purpose="data",
        given_on=TODAY - datetime.timedelta(days=9),
        withdrawn_on=TODAY - datetime.timedelta(days=1),
    )

    assert services.active_consents(family) == {"programme"}
