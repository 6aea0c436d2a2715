"""City isolation in the back office: a coordinator of one city never writes to, nor reads the names of,
another city's records, through any form field, error page, list filter or autocomplete."""

import datetime

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from coaches.models import ContactLog, Match
from families.models import Child, DeprivationCheck, Goal, Guardian, Offer
from genk_village.admin_base import CityScopedAdmin
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import ChildFactory, FamilyFactory
from tests.genk_village.factories import CityFactory, DistrictFactory, UserFactory
from tests.supporters.factories import SupporterFactory
from tests.worlds import one_of_everything

B_CHILD = "Zeynepke"
B_FAMILY = "Vandermeulen"
B_DISTRICT = "Kuringen"
B_COACH = "Jozefien"


@pytest.fixture
def city_b(db):
    """A second city with one record of every model, around a family with an active match."""
    city = CityFactory(name="Hasselt", slug="hasselt")
    district = DistrictFactory(city=city, name=B_DISTRICT)
    family = FamilyFactory(city=city, district=district, family_name=B_FAMILY, reference="HAS-00001")
    ChildFactory(family=family, first_name=B_CHILD)
    coach = ReadyCoachFactory(city=city, display_name=B_COACH, active_matches=1)
    Match.objects.create(family=family, coach=coach, status="active", started_on=timezone.localdate())
    supporter = SupporterFactory(city=city, display_name="Hasseltse helper").user
    coordinator_b = UserFactory(email="coordinator@hasselt.example.org", city=city, is_coordinator=True)
    one_of_everything(city=city, family=family, supporter=supporter, coordinator=coordinator_b)
    return city


@pytest.fixture
def city_a(city, district, family, coordinator):
    """The coordinator's own city, with a family and a child of its own."""
    return city


def _b_names() -> list[str]:
    return [B_CHILD, B_FAMILY, B_DISTRICT, B_COACH, "HAS-00001"]


def _assert_no_b_names(response) -> None:
    content = response.content.decode()
    for name in _b_names():
        assert name not in content, f"{name!r} of the other city is on the page"


def _b_family():
    return FamilyFactory._meta.model.objects.get(family_name=B_FAMILY)


def _add(client, model, data):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    return client.post(url, data)


def _field_errors(response) -> dict:
    return response.context["adminform"].form.errors


def test_coordinator_cannot_add_a_deprivation_check_for_a_child_of_another_city(
    client, city_a, city_b, coordinator
):
    child = Child.objects.get(first_name=B_CHILD)
    client.force_login(coordinator)

    response = _add(client, DeprivationCheck, {"child": child.pk, "checked_on": "2026-01-15"})

    assert response.status_code == 200
    assert "child" in _field_errors(response)
    assert not DeprivationCheck.objects.filter(child=child, checked_on=datetime.date(2026, 1, 15)).exists()
    _assert_no_b_names(response)


def test_a_form_error_never_echoes_the_other_citys_child_as_the_selected_option(
    client, city_a, city_b, coordinator
):
    child = Child.objects.get(first_name=B_CHILD)
    client.force_login(coordinator)

    response = _add(client, DeprivationCheck, {"child": child.pk, "checked_on": "not a date"})

    assert response.status_code == 200
    assert f'<option value="{child.pk}" selected>' not in response.content.decode()
    _assert_no_b_names(response)


def test_coordinator_cannot_log_a_contact_on_a_match_of_another_city(client, city_a, city_b, coordinator):
    match = Match.objects.get(family__family_name=B_FAMILY)
    before = ContactLog.objects.filter(match=match).count()
    client.force_login(coordinator)

    response = _add(client, ContactLog, {"match": match.pk, "kind": "visit", "happened_on": "2026-01-15"})

    # contacts are logged by their coach only (contact_log_record): the admin adds none, in any city
    assert response.status_code == 403
    assert ContactLog.objects.filter(match=match).count() == before
    _assert_no_b_names(response)


NO_INLINES = {"deprivation_checks-TOTAL_FORMS": "0", "deprivation_checks-INITIAL_FORMS": "0"}


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Goal, {"domain": "leisure", "description": "Swimming", "status": "planned"}),
        (Offer, {"title": "Soup", "exchange_mode": "gift", "status": "open"}),
        (Guardian, {"first_name": "Ann", "last_name": "Peeters", "relation": "mother"}),
        (Child, {"first_name": "Noor", "birth_date": "2021-03-01", **NO_INLINES}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_coordinator_cannot_add_a_record_to_a_family_of_another_city(
    client, city_a, city_b, coordinator, model, data
):
    family = _b_family()
    before = model.objects.filter(family=family).count()
    client.force_login(coordinator)

    response = _add(client, model, {"family": family.pk, **data})

    assert response.status_code == 200
    assert "family" in _field_errors(response)
    assert model.objects.filter(family=family).count() == before
    _assert_no_b_names(response)


def test_coordinator_cannot_post_a_challenge_for_a_family_of_another_city(
    client, city_a, city_b, coordinator
):
    family = _b_family()
    before = Challenge.objects.filter(family=family).count()
    client.force_login(coordinator)

    response = _add(
        client,
        Challenge,
        {"family": family.pk, "title": "Shoes", "category": "material", "needed_by": "2026-02-01"},
    )

    # Challenges are posted by the family's coach; the back office has no add form at all.
    assert response.status_code == 403
    assert Challenge.objects.filter(family=family).count() == before
    _assert_no_b_names(response)


@pytest.mark.parametrize(
    "model_name",
    [
        "families/family",
        "challenges/challenge",
        "coaches/coach",
        "coaches/waitingfamily",
        "supporters/supporter",
        "monitoring/indicatorsnapshot",
        "genk_village/user",
    ],
)
def test_list_filters_offer_no_district_or_city_of_another_city(
    client, city_a, city_b, coordinator, model_name
):
    client.force_login(coordinator)

    response = client.get(f"/admin/{model_name}/")

    assert response.status_code == 200
    choices = [
        str(label)
        for spec in response.context["cl"].filter_specs
        for _value, label in getattr(spec, "lookup_choices", [])
    ]
    assert B_DISTRICT not in choices
    assert "Hasselt" not in choices
    _assert_no_b_names(response)


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("families", "deprivationcheck", "child"),
        ("families", "goal", "family"),
        ("families", "family", "referred_by"),
        ("coaches", "contactlog", "match"),
        ("coaches", "coach", "districts"),
        ("coaches", "attendance", "session"),
        ("challenges", "challenge", "family"),
        ("supporters", "supporter", "districts"),
    ],
)
def test_autocomplete_returns_no_row_of_another_city(
    client, city_a, city_b, coordinator, app_label, model_name, field_name
):
    client.force_login(coordinator)

    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""},
    )

    assert response.status_code == 200
    related = apps.get_model(app_label, model_name)._meta.get_field(field_name).related_model
    b_ids = {
        str(pk)
        for pk in related.objects.filter(related.objects.all().in_city(city_b.pk)).values_list(
            "pk", flat=True
        )
    }
    assert b_ids, "the other city has no such record: the test would prove nothing"
    assert not b_ids & {row["id"] for row in response.json()["results"]}
    _assert_no_b_names(response)


def _choice_fields(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField) and hasattr(field.queryset, "visible_to"):
            yield name, field


def _forms_of(model_admin, request):
    yield model_admin.model._meta.label_lower, model_admin.get_form(request)
    for inline in model_admin.get_inline_instances(request):
        yield (
            f"{model_admin.model._meta.label_lower} > {inline.model._meta.label_lower}",
            inline.get_formset(request).form,
        )


def test_no_add_form_field_of_any_admin_offers_an_object_of_another_city(city_a, city_b, coordinator):
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    checked = []
    for model_admin in admin.site._registry.values():
        for where, form_class in _forms_of(model_admin, request):
            for name, field in _choice_fields(form_class):
                offered = field.queryset
                leaked = offered.filter(offered.model.objects.all().in_city(city_b.pk))
                assert not leaked.exists(), f"{where}.{name} offers {list(leaked)} of the other city"
                checked.append(f"{where}.{name}")
    assert "families.deprivationcheck.child" in checked
    assert "coaches.contactlog.match" in checked


class RawIdDeprivationCheckAdmin(CityScopedAdmin):
    raw_id_fields = ["child"]


def test_a_raw_id_input_never_names_an_object_of_another_city(city_a, city_b, coordinator):
    site = admin.AdminSite(name="raw_id_test")
    model_admin = RawIdDeprivationCheckAdmin(DeprivationCheck, site)
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    form_class = model_admin.get_form(request)
    own = Child.objects.get(first_name="Elif")
    other = Child.objects.get(first_name=B_CHILD)

    assert "Elif" in str(form_class(initial={"child": own.pk})["child"])
    html = str(form_class(data={"child": other.pk, "checked_on": "x"})["child"])

    assert B_CHILD not in html
