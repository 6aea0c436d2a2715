"""The back office's pickers name what a coordinator chooses the way they know it: a child with its family's
reference, a language by its Dutch, English or own name. Asked through the admin's autocomplete endpoint,
which the select2 pickers call."""

import pytest

from tests.families.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def _autocomplete(client, app_label, model_name, field_name, term):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_child_picker_shows_each_child_with_its_family_reference(client, coordinator, city, district):
    first = FamilyFactory(city=city, district=district, reference="GEN-0001")
    second = FamilyFactory(city=city, district=district, reference="GEN-0002")
    ChildFactory(family=first, first_name="Elif")
    ChildFactory(family=second, first_name="Elif")
    client.force_login(coordinator)

    shown = _autocomplete(client, "families", "deprivationcheck", "child", "Elif")

    assert sorted(shown) == ["Elif (GEN-0001)", "Elif (GEN-0002)"]


def test_child_picker_finds_a_child_by_its_family_reference(client, coordinator, city, district):
    ChildFactory(
        family=FamilyFactory(city=city, district=district, reference="GEN-0007"), first_name="Hamiyet"
    )
    client.force_login(coordinator)

    assert _autocomplete(client, "families", "deprivationcheck", "child", "GEN-0007") == [
        "Hamiyet (GEN-0007)"
    ]


def test_a_check_s_page_names_its_child_with_the_family_reference(client, coordinator, city, district):
    from families.models import DeprivationCheck

    child = ChildFactory(
        family=FamilyFactory(city=city, district=district, reference="GEN-0009"), first_name="Can"
    )
    check = DeprivationCheck.objects.create(child=child, checked_on=child.birth_date)
    client.force_login(coordinator)

    page = client.get(f"/admin/families/deprivationcheck/{check.pk}/change/")

    assert page.status_code == 200
    assert "Can (GEN-0009)" in page.content.decode()


@pytest.mark.parametrize("term", ["Turks", "Turkish", "Türkçe", "turk"])
def test_language_picker_finds_turkish_by_its_dutch_english_and_own_name(client, coordinator, term):
    client.force_login(coordinator)

    assert "Türkçe" in _autocomplete(client, "coaches", "coach", "languages", term)


def test_language_picker_finds_arabic_by_its_dutch_name_and_not_by_an_unrelated_word(client, coordinator):
    client.force_login(coordinator)

    assert _autocomplete(client, "coaches", "coach", "languages", "Arabisch") == ["العربية"]
    assert _autocomplete(client, "coaches", "coach", "languages", "Klingon") == []
