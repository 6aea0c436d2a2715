import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Family
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
    mine = FamilyFactory(city=city, reference="GEN-MINE01", referred_by=referrer, status="matched")
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
