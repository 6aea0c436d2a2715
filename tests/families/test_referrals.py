import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from families import services
from families.models import Family
from genk_village.models import AuditEntry
from tests.families.factories import FamilyFactory

TODAY = timezone.localdate()


def _form(district, **extra):
    return {
        "family_name": "Benali",
        "district": district.pk,
        "address": "Vennestraat 4",
        "referral_source": "school",
        "child_first_name": "Amira",
        "child_birth_date": (TODAY - datetime.timedelta(days=5 * 365)).isoformat(),
        "guardian_first_name": "Samira",
        "guardian_last_name": "Benali",
        "guardian_relation": "mother",
        "guardian_phone": "+32 489 11 22 33",
        "referral_note": "Moved here this summer.",
        "consent": "on",
        "consent_given_on": TODAY.isoformat(),
        **extra,
    }


def test_a_referrer_refers_a_family_and_then_sees_only_its_status(client, referrer, district):
    client.force_login(referrer)

    response = client.post(reverse("families:referral_new"), _form(district), follow=True)

    family = Family.objects.get()
    assert (family.family_name, family.referred_by, family.status) == ("Benali", referrer, "referred")
    assert family.children.get().first_name == "Amira"
    assert family.consents.count() == 2
    page = response.content.decode()
    assert family.reference in page
    for personal in ("Benali", "Amira", "Samira", "Vennestraat", "+32 489"):
        assert personal not in page


def test_a_referral_without_consent_is_refused_and_nothing_is_saved(client, referrer, district):
    client.force_login(referrer)

    response = client.post(reverse("families:referral_new"), _form(district, consent=""))

    assert response.status_code == 200
    assert "only with its consent" in response.content.decode()
    assert not Family.objects.exists()


def test_a_referral_with_a_birth_date_in_the_future_shows_a_field_error(client, referrer, district):
    client.force_login(referrer)
    future = (TODAY + datetime.timedelta(days=3)).isoformat()

    response = client.post(reverse("families:referral_new"), _form(district, child_birth_date=future))

    assert "birth date cannot be in the future" in response.content.decode()
    assert not Family.objects.exists()


def test_a_referrer_never_sees_families_referred_by_someone_else(client, referrer, city):
    FamilyFactory(city=city, reference="GEN-OTHER1")
    mine = FamilyFactory(
        city=city,
        reference="GEN-MINE01",
        referred_by=referrer,
        status="matched",
        family_name="Vandersteenhoven",
    )
    client.force_login(referrer)

    page = client.get(reverse("families:referral_list")).content.decode()

    assert "GEN-MINE01" in page and "GEN-OTHER1" not in page
    assert mine.family_name not in page


def test_referral_form_offers_only_districts_of_the_referrers_city(client, referrer, district, other_city):
    from tests.genk_village.factories import DistrictFactory

    elsewhere = DistrictFactory(city=other_city, name="Kiewit")
    client.force_login(referrer)

    response = client.post(reverse("families:referral_new"), _form(elsewhere))

    assert "Kiewit" not in client.get(reverse("families:referral_new")).content.decode()
    assert response.status_code == 200
    assert not Family.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "coach", "supporter", "steering"])
@pytest.mark.parametrize("url_name", ["families:referral_list", "families:referral_new"])
def test_only_referrers_open_the_referral_pages(client, personas, persona, url_name):
    client.force_login(personas[persona])

    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", ["families:referral_list", "families:referral_new"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# The programme's age ------------------------------------------------------------------------------
TWELVE_YEARS_OLD = TODAY - datetime.timedelta(days=12 * 365 + 30)


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
        "consent_given_on": TODAY,
        "actor": actor,
    }
    return services.family_refer(**(data | extra))


def test_the_service_refuses_a_twelve_year_old_naming_the_birth_date_and_the_age_range(
    city, district, referrer
):
    with pytest.raises(services.FamilyError) as refused:
        _refer(city, district, referrer, child_birth_date=TWELVE_YEARS_OLD)

    message = str(refused.value)
    assert date_format(TWELVE_YEARS_OLD, "SHORT_DATE_FORMAT") in message
    assert "is 12 years old" in message and "aged 4 to 6 years" in message
    assert not Family.objects.exists()


@pytest.mark.parametrize("years", [4, 5, 6])
def test_a_child_of_four_five_or_six_is_referred(city, district, referrer, years):
    born = datetime.date(TODAY.year - years, TODAY.month, 1)

    family = _refer(city, district, referrer, child_birth_date=born)

    assert family.children.get().birth_date == born


def test_the_age_range_is_a_setting(city, district, referrer, settings):
    settings.PROGRAMME_AGE_YEARS = (10, 14)

    family = _refer(city, district, referrer, child_birth_date=TWELVE_YEARS_OLD)

    assert family.children.get().birth_date == TWELVE_YEARS_OLD


def test_a_twelve_year_old_is_refused_on_the_form_with_the_message(client, referrer, district):
    client.force_login(referrer)

    response = client.post(
        reverse("families:referral_new"), _form(district, child_birth_date=TWELVE_YEARS_OLD.isoformat())
    )

    assert response.status_code == 200
    assert "is 12 years old" in response.content.decode()
    assert "child_birth_date" in response.context["form"].errors
    assert not Family.objects.exists()


# The referrer's list --------------------------------------------------------------------------------
def test_the_list_shows_the_referrers_own_note_the_date_and_the_status(client, referrer, district):
    client.force_login(referrer)

    response = client.post(
        reverse("families:referral_new"), _form(district, referrer_label="Amira, class 3B"), follow=True
    )

    family = Family.objects.get()
    assert family.referrer_label == "Amira, class 3B"
    page = response.content.decode()
    assert "Amira, class 3B" in page
    assert date_format(timezone.localtime(family.created_at), "SHORT_DATE_FORMAT") in page
    assert str(family.get_status_display()) in page
    assert "<table" not in page  # cards: nothing to scroll sideways on a phone


def test_a_referrer_never_sees_the_note_of_another_referrers_family(client, referrer, city):
    from tests.genk_village.factories import UserFactory

    colleague = UserFactory(email="ocmw@example.org", city=city, is_referrer=True)
    FamilyFactory(city=city, referred_by=colleague, referrer_label="Twins from the summer school")
    client.force_login(referrer)

    assert (
        "Twins from the summer school" not in client.get(reverse("families:referral_list")).content.decode()
    )


# Correcting a referral ------------------------------------------------------------------------------
@pytest.fixture
def referred(city, district, referrer):
    return _refer(city, district, referrer, referrer_label="Yusuf")


def _correction(family, **extra):
    child, guardian = family.children.get(), family.guardians.get()
    return {
        "referrer_label": family.referrer_label,
        "family_name": family.family_name,
        "district": family.district_id,
        "address": family.address,
        "referral_source": family.referral_source,
        "child_first_name": child.first_name,
        "child_birth_date": child.birth_date.isoformat(),
        "guardian_first_name": guardian.first_name,
        "guardian_last_name": guardian.last_name,
        "guardian_relation": guardian.relation,
        "guardian_phone": guardian.phone,
        "referral_note": family.referral_note,
        **extra,
    }


def test_a_referrer_corrects_the_childs_birth_date_before_the_intake_and_it_is_audited(
    client, referrer, referred
):
    client.force_login(referrer)
    url = reverse("families:referral_edit", args=[referred.pk])
    corrected = TODAY - datetime.timedelta(days=5 * 365 + 100)

    assert client.get(url).status_code == 200
    response = client.post(url, _correction(referred, child_birth_date=corrected.isoformat()))

    assert response.status_code == 302 and response.url == reverse("families:referral_list")
    assert referred.children.get().birth_date == corrected
    entry = AuditEntry.objects.get(action="families.family.referral_corrected")
    assert (entry.actor, entry.target_id, entry.fields) == (referrer, str(referred.pk), ["child"])


def test_a_correction_to_a_twelve_year_old_is_refused_with_the_message(client, referrer, referred):
    client.force_login(referrer)

    response = client.post(
        reverse("families:referral_edit", args=[referred.pk]),
        _correction(referred, child_birth_date=TWELVE_YEARS_OLD.isoformat()),
    )

    assert response.status_code == 200
    assert "is 12 years old" in response.content.decode()
    assert referred.children.get().birth_date != TWELVE_YEARS_OLD
    assert not AuditEntry.objects.filter(action="families.family.referral_corrected").exists()


def test_another_referrers_family_is_not_found_on_edit(client, city, referred):
    from tests.genk_village.factories import UserFactory

    colleague = UserFactory(email="ocmw@example.org", city=city, is_referrer=True)
    client.force_login(colleague)
    url = reverse("families:referral_edit", args=[referred.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, _correction(referred, family_name="Changed")).status_code == 404
    assert Family.objects.get().family_name == "Kaya"


def test_editing_after_the_intake_started_is_refused_with_a_message(client, referrer, referred, coordinator):
    services.family_start_intake(family=referred, actor=coordinator)
    client.force_login(referrer)
    url = reverse("families:referral_edit", args=[referred.pk])

    shown = client.get(url, follow=True)
    posted = client.post(url, _correction(referred, family_name="Changed"), follow=True)

    for response in (shown, posted):
        assert response.redirect_chain[-1][0] == reverse("families:referral_list")
        assert "intake of this family has started" in response.content.decode()
    assert Family.objects.get().family_name == "Kaya"
    assert not AuditEntry.objects.filter(action="families.family.referral_corrected").exists()


def test_the_service_refuses_a_correction_once_the_intake_started(referred, referrer, coordinator):
    services.family_start_intake(family=referred, actor=coordinator)
    child, guardian = referred.children.get(), referred.guardians.get()

    with pytest.raises(services.FamilyError, match="intake of this family has started"):
        services.family_referral_correct(
            family=referred,
            actor=referrer,
            district=referred.district,
            family_name="Changed",
            referral_source=referred.referral_source,
            child_first_name=child.first_name,
            child_birth_date=child.birth_date,
            guardian_first_name=guardian.first_name,
            guardian_last_name=guardian.last_name,
        )
    assert Family.objects.get().family_name == "Kaya"


def test_the_list_offers_a_correction_only_before_the_intake(client, referrer, referred, coordinator):
    client.force_login(referrer)
    url = reverse("families:referral_edit", args=[referred.pk])

    assert url in client.get(reverse("families:referral_list")).content.decode()
    services.family_start_intake(family=referred, actor=coordinator)
    assert url not in client.get(reverse("families:referral_list")).content.decode()


def test_erasing_a_family_forgets_the_referrers_own_note(referred, coordinator):
    from genk_village import privacy

    privacy.family_anonymise(family=referred, actor=coordinator)

    assert Family.objects.get(pk=referred.pk).referrer_label == ""


def test_the_referrers_own_note_is_at_most_60_characters(client, referrer, district):
    client.force_login(referrer)

    response = client.post(reverse("families:referral_new"), _form(district, referrer_label="x" * 61))

    assert "referrer_label" in response.context["form"].errors
    assert not Family.objects.exists()
