"""The family file's back office writes through the families services only: a coordinator posting the
real admin forms gets the services' rules, their refusals as form errors and their audit entries."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone

from families.models import ConsentRecord, DeprivationCheck, Family, Goal
from genk_village.models import AuditEntry
from tests.families.factories import ChildFactory, ConsentFactory
from tests.families.test_admin_journey import _new_family_form
from tests.genk_village.factories import language

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def _value(value):
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def _page_data(page) -> dict:
    """What the browser would post back from an admin add or change page, unchanged."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field, forms.BooleanField):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if hasattr(value, "pk"):
                value = value.pk
            data[form.add_prefix(name)] = _value(value)

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.initial_forms:
            add(form)
    return data


def _withdraw(client, *consents):
    return client.post(
        reverse("admin:families_consentrecord_changelist"),
        {"action": "withdraw", "_selected_action": [consent.pk for consent in consents]},
        follow=True,
    )


def test_withdrawing_the_language_consent_in_the_admin_empties_the_household_languages(
    client, coordinator, family
):
    consent = ConsentFactory(family=family, purpose=ConsentRecord.Purpose.LANGUAGE)
    family.household_languages.set([language("tr")])
    client.force_login(coordinator)

    page = _withdraw(client, consent).content.decode()

    assert "1 consent withdrawn" in page
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert not family.household_languages.exists()
    assert AuditEntry.objects.filter(action="families.consent.withdrawn", actor=coordinator).count() == 1


def test_withdrawing_a_consent_twice_in_the_admin_is_refused_with_a_message(client, coordinator, family):
    consent = family.consents.get(purpose="programme")
    client.force_login(coordinator)
    _withdraw(client, consent)

    page = _withdraw(client, consent).content.decode()

    assert "withdrawn already" in page
    assert AuditEntry.objects.filter(action="families.consent.withdrawn").count() == 1


def test_a_recorded_consent_is_read_only_on_its_page_and_on_the_family_page(client, coordinator, family):
    consent = family.consents.get(purpose="programme")
    client.force_login(coordinator)

    own_page = client.get(reverse("admin:families_consentrecord_change", args=[consent.pk]))
    assert own_page.status_code == 200
    assert 'name="withdrawn_on"' not in own_page.content.decode()
    assert 'name="given_on"' not in own_page.content.decode()

    url = reverse("admin:families_family_change", args=[family.pk])
    data = _page_data(client.get(url))
    index = next(i for i in range(2) if data[f"consents-{i}-id"] == consent.pk)
    data[f"consents-{index}-withdrawn_on"] = TODAY.isoformat()
    data[f"consents-{index}-given_on"] = (TODAY - datetime.timedelta(days=30)).isoformat()
    assert client.post(url, data).status_code == 302

    consent.refresh_from_db()
    assert (consent.given_on, consent.withdrawn_on) == (TODAY, None)


def test_household_languages_without_a_language_consent_are_refused_with_the_services_message(
    client, coordinator, family
):
    client.force_login(coordinator)
    url = reverse("admin:families_family_change", args=[family.pk])
    data = _page_data(client.get(url))
    data["household_languages"] = [language("tr").pk]

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert "Record the family&#x27;s consent to use its languages for matching first." in (
        refused.content.decode()
    )
    assert not family.household_languages.exists()


def test_a_language_consent_added_with_the_languages_on_the_family_page_lets_them_through(
    client, coordinator, family
):
    client.force_login(coordinator)
    url = reverse("admin:families_family_change", args=[family.pk])
    turkish = language("tr")
    data = _page_data(client.get(url))
    data |= {
        "household_languages": [turkish.pk],
        "consents-TOTAL_FORMS": "3",
        "consents-2-purpose": "language",
        "consents-2-given_on": TODAY.isoformat(),
    }

    assert client.post(url, data).status_code == 302

    assert list(family.household_languages.all()) == [turkish]
    consent = family.consents.get(purpose="language")
    assert consent.recorded_by == coordinator
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"families.consent.recorded", "families.family.languages_set"} <= actions


def test_a_family_added_in_the_admin_is_referred_with_its_audit_entry(client, coordinator, district):
    client.force_login(coordinator)

    response = client.post(reverse("admin:families_family_add"), _new_family_form(district))

    assert response.status_code == 302
    family = Family.objects.get()
    entry = AuditEntry.objects.get(action="families.family.referred")
    assert (entry.actor, entry.target_id) == (coordinator, str(family.pk))
    assert family.reference.startswith("GEN-")


def test_a_consent_dated_in_the_future_is_refused_on_the_family_page(client, coordinator, district):
    client.force_login(coordinator)
    data = _new_family_form(district)
    data["consents-1-given_on"] = TOMORROW.isoformat()

    refused = client.post(reverse("admin:families_family_add"), data)

    assert refused.status_code == 200
    assert "Consent cannot be dated in the future." in refused.content.decode()
    assert not Family.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_a_consent_dated_in_the_future_is_refused_on_the_consent_records_page(client, coordinator, family):
    client.force_login(coordinator)

    refused = client.post(
        reverse("admin:families_consentrecord_add"),
        {"family": family.pk, "purpose": "photo", "given_on": TOMORROW.isoformat()},
    )

    assert refused.status_code == 200
    assert "Consent cannot be dated in the future." in refused.content.decode()
    assert not family.consents.filter(purpose="photo").exists()


def test_a_consent_added_on_the_consent_records_page_goes_through_consent_record(client, coordinator, family):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:families_consentrecord_add"),
        {"family": family.pk, "purpose": "photo", "given_on": TODAY.isoformat()},
    )

    assert response.status_code == 302
    assert family.consents.get(purpose="photo").recorded_by == coordinator
    assert AuditEntry.objects.filter(action="families.consent.recorded", target_id=str(family.pk)).exists()


def test_a_deprivation_check_dated_in_the_future_is_refused_on_its_page(client, coordinator, family):
    client.force_login(coordinator)

    refused = client.post(
        reverse("admin:families_deprivationcheck_add"),
        {"child": family.children.get().pk, "checked_on": TOMORROW.isoformat()},
    )

    assert refused.status_code == 200
    assert "A check cannot be dated in the future." in refused.content.decode()
    assert not DeprivationCheck.objects.exists()


def test_a_deprivation_check_dated_in_the_future_is_refused_on_the_childs_page(client, coordinator, family):
    child = family.children.get()
    client.force_login(coordinator)
    url = reverse("admin:families_child_change", args=[child.pk])
    data = _page_data(client.get(url))
    data |= {"deprivation_checks-TOTAL_FORMS": "1", "deprivation_checks-0-checked_on": TOMORROW.isoformat()}

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert "A check cannot be dated in the future." in refused.content.decode()
    assert not DeprivationCheck.objects.exists()


def test_a_deprivation_check_added_on_the_childs_page_goes_through_its_service(client, coordinator, city):
    child = ChildFactory(family__city=city)
    client.force_login(coordinator)
    url = reverse("admin:families_child_change", args=[child.pk])
    data = _page_data(client.get(url))
    data |= {
        "deprivation_checks-TOTAL_FORMS": "1",
        "deprivation_checks-0-checked_on": TODAY.isoformat(),
        "deprivation_checks-0-has_three_meals": "on",
    }

    assert client.post(url, data).status_code == 302

    check = DeprivationCheck.objects.get()
    assert (check.child, check.missing_count, check.recorded_by) == (child, 13, coordinator)
    assert AuditEntry.objects.filter(action="families.deprivation_check.recorded").count() == 1


def test_an_offer_marked_given_in_the_admin_earns_its_points_once_and_its_status_is_not_edited(
    client, coordinator, family
):
    from challenges.models import PointsEntry
    from families.models import Offer

    offer = Offer.objects.create(family=family, title="Soup for the street party", exchange_mode="gift")
    client.force_login(coordinator)
    changelist = reverse("admin:families_offer_changelist")

    for _attempt in range(2):
        client.post(changelist, {"action": "mark_given", "_selected_action": [offer.pk]}, follow=True)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.TAKEN
    assert PointsEntry.objects.count() == 1
    change_page = client.get(reverse("admin:families_offer_change", args=[offer.pk])).content.decode()
    assert 'name="status"' not in change_page


def test_a_goal_saved_as_reached_in_the_admin_gets_its_date_from_goal_update(client, coordinator, family):
    goal = Goal.objects.create(family=family, domain="leisure", description="Swimming lessons")
    client.force_login(coordinator)
    url = reverse("admin:families_goal_change", args=[goal.pk])
    data = _page_data(client.get(url))
    assert "reached_on" not in data  # the date is the service's to set
    data.update(status="reached", next_step="Celebrate")

    assert client.post(url, data).status_code == 302

    goal.refresh_from_db()
    assert (goal.status, goal.reached_on, goal.next_step) == ("reached", TODAY, "Celebrate")
    assert AuditEntry.objects.filter(action="families.goal.updated", actor=coordinator).count() == 1


def test_a_goal_added_as_reached_in_the_admin_is_saved_with_todays_date(client, coordinator, family):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:families_goal_add"),
        {"family": family.pk, "domain": "leisure", "description": "Library card", "status": "reached"},
    )

    assert response.status_code == 302
    goal = Goal.objects.get(description="Library card")
    assert (goal.status, goal.reached_on) == ("reached", TODAY)


def test_a_goal_reached_on_the_family_page_gets_its_date_and_a_reopened_one_loses_it(
    client, coordinator, family
):
    goal = Goal.objects.create(family=family, domain="leisure", description="Swimming lessons")
    client.force_login(coordinator)
    url = reverse("admin:families_family_change", args=[family.pk])
    data = _page_data(client.get(url))
    data["goals-0-status"] = "reached"

    assert client.post(url, data).status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.reached_on) == ("reached", TODAY)

    data = _page_data(client.get(url))
    data["goals-0-status"] = "in_progress"
    assert client.post(url, data).status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.reached_on) == ("in_progress", None)
