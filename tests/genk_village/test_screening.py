"""Free text that supporters read is screened: no names of the family, no phone, e-mail, address or
national register number, no invisible text-direction characters."""

import pytest
from django.core.exceptions import ValidationError

from genk_village.screening import is_national_number, no_bidi_controls, screen, screen_texts

NAMES = ["Yilmaz", "Hamiyet", "Elif", "Ayse", "Van den Broeck", "Bo"]


def problems(text: str) -> list[str]:
    return screen(text, field_label="Description", names=NAMES)


@pytest.mark.parametrize(
    "text", ["Hamiyet wil voetballen", "hamiyet", "HAMIYET", "Hamiyét", "Hämiyet", "voor Elif."]
)
def test_the_family_names_are_refused_whatever_the_case_or_accents(text):
    (problem,) = problems(text)
    assert problem.startswith("Description:") and "names" in problem


def test_a_family_name_of_several_words_is_refused_whole_and_by_its_own_part():
    assert problems("voor de familie Van den Broeck")
    assert problems("voor Broeck")


def test_names_are_matched_as_whole_words_and_short_names_or_particles_are_ignored():
    assert problems("Hamiyetje") == []
    assert problems("een fiets van 20 inch voor het kind") == []
    assert problems("Bo is 7") == []


@pytest.mark.parametrize(
    "phone", ["0477 57 32 44", "+32 477 57 32 44", "0032477573244", "089 65 43 21", "0477/57.32.44"]
)
def test_belgian_and_international_phone_numbers_are_refused(phone):
    (problem,) = problems(f"Bel me op {phone} na vijf uur")
    assert "phone number" in problem and phone in problem


def test_e_mail_addresses_are_refused():
    (problem,) = problems("mail naar mama.k@example.be")
    assert "e-mail address" in problem and "mama.k@example.be" in problem


@pytest.mark.parametrize(
    "address",
    ["Weg naar As 12", "Stalenstraat 32", "Kerkplein 3 bus 2", "32 Stalenstraat", "Hasseltweg 104a",
     "Steenweg op Leuven 4", "rue de la Gare 12", "avenue Louise 54", "Frankrijklei 7", "Molenkaai 2"],
)  # fmt: skip
def test_street_and_house_number_addresses_are_refused(address):
    (problem,) = problems(f"we wonen {address}, kom gerust")
    assert "street and house number" in problem


@pytest.mark.parametrize("number", ["85.07.30-033.28", "85073003328", "85 07 30 033 28", "17.01.01-001.71"])
def test_national_register_numbers_with_a_valid_check_are_refused(number):
    assert problems(f"rijksregister {number}") == ["Description: remove the national register number."]


def test_the_national_register_check_knows_the_births_from_2000():
    assert is_national_number("85073003328") and is_national_number("17010100171")
    assert not is_national_number("85073003329") and not is_national_number("1701010017")


@pytest.mark.parametrize(
    "text",
    ["3 paar schoenen maat 28", "2 keer per week", "voetbal bij de U7", "tegen 12/05", "tegen 12/05/2026",
     "een fiets voor op de weg, 2 keer", "maat 128, 2 stuks", "van 9 tot 17 uur", "schooljaar 2025-2026",
     "kinderfiets 16 inch, 25 euro", "10 tot 12 jaar", "Une veste taille 8 ans", "Kapsalon op het plein"],
)  # fmt: skip
def test_ordinary_descriptions_pass(text):
    assert problems(text) == []


def test_every_problem_of_a_text_is_listed_and_names_its_field():
    found = problems(
        "Hamiyet wil graag bij KRC Genk U7 spelen. Bel me op 0477 57 32 44, we wonen Weg naar As 12."
    )
    assert len(found) == 3 and all(problem.startswith("Description:") for problem in found)
    assert "“Hamiyet”" in found[0] and "“0477 57 32 44”" in found[1] and "“Weg naar As 12”" in found[2]


def test_several_fields_are_screened_under_their_own_labels():
    found = screen_texts({"Title": "Schoenen voor Elif", "Description": "maat 31"}, names=NAMES)
    assert len(found) == 1 and found[0].startswith("Title:")


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u200e"])
def test_bidirectional_controls_are_refused(control):
    with pytest.raises(ValidationError):
        no_bidi_controls(f"Fiets{control}gnitsetrop")
    assert problems(f"Fiets{control}") == ["Description: remove the invisible text-direction characters."]


def test_text_without_controls_passes_the_bidi_validator():
    assert no_bidi_controls("Fiets voor Genk – 20 inch ✓") is None
