"""The family's proposal pages in the family's language, from catalogues compiled in the build."""

import shutil

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coaches.models import Match
from coaches.services import proposal_link_create
from families.models import ConsentRecord, Family
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import language

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "fr", "tr", "ar")


def _family_speaking(code: str, city, district, coordinator) -> Family:
    """A family in matching whose household language (recorded with its consent) is `code`."""
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    ConsentRecord.objects.create(
        family=family,
        purpose=ConsentRecord.Purpose.LANGUAGE,
        given_on=timezone.localdate(),
        recorded_by=coordinator,
    )
    family.household_languages.set([language(code)])
    coach = ReadyCoachFactory(city=city, display_name="Zeynep", available_weekends=True)
    Match.objects.create(family=family, coach=coach, rank=1)
    return family


def _link_page(client, family, coordinator, suffix: str = "") -> str:
    _link, token = proposal_link_create(family=family, actor=coordinator)
    response = client.get(reverse("proposals:by_link", args=[token]) + suffix)
    assert response.status_code == 200
    return response.content.decode()


def test_a_turkish_speaking_family_reads_its_proposal_page_in_turkish(client, city, district, coordinator):
    page = _link_page(client, _family_speaking("tr", city, district, coordinator), coordinator)
    assert '<html lang="tr" dir="ltr"' in page
    assert "Koçunuzu seçin" in page  # "Choose your coach"
    assert "<bdi>Zeynep</bdi> adlı koçu seçin" in page  # "Choose Zeynep"
    assert "hafta sonları" in page  # "weekends"
    assert "Choose your coach" not in page


def test_an_arabic_speaking_family_reads_its_page_right_to_left_in_arabic(
    client, city, district, coordinator
):
    family = _family_speaking("ar", city, district, coordinator)
    page = _link_page(client, family, coordinator)
    assert '<html lang="ar" dir="rtl"' in page
    assert "اختر مرشد عائلتك" in page  # "Choose your coach"
    assert "نسخة للطباعة" in page  # "Printable version"
    printable = _link_page(client, family, coordinator, "print/")
    assert '<html lang="ar" dir="rtl"' in printable
    assert "التوقيع" in printable  # "Signature"
    assert 'action="/language/"' not in printable  # paper has no switcher: ?lang= chose the language


def test_arabic_lists_use_the_arabic_comma_and_the_printable_page_keeps_the_language(
    client, city, district, coordinator
):
    family = _family_speaking("ar", city, district, coordinator)
    Match.objects.get(family=family).coach.languages.set([language("nl"), language("ar")])
    _link, token = proposal_link_create(family=family, actor=coordinator)
    page = client.get(reverse("proposals:by_link", args=[token]) + "?lang=fr").content.decode()
    assert f'href="{reverse("proposals:print_by_link", args=[token])}?lang=fr"' in page
    page = client.get(reverse("proposals:by_link", args=[token])).content.decode()
    coach = Match.objects.get(family=family).coach
    names = sorted(language.name for language in coach.languages.all())
    assert any(f"{first}، {second}" in page for first, second in (names, names[::-1]))


@pytest.mark.parametrize(("code", "phrase"), [("nl", "Kies je coach"), ("fr", "Choisissez votre coach")])
def test_the_family_switches_the_page_to_another_language(client, city, district, coordinator, code, phrase):
    family = _family_speaking("tr", city, district, coordinator)
    page = _link_page(client, family, coordinator, f"?lang={code}")
    assert f'<html lang="{code}" dir="ltr"' in page
    assert phrase in page


def test_compile_catalogues_turns_every_po_file_into_a_mo_file(tmp_path, settings):
    for code in LANGUAGES:
        (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
        source = settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"
        shutil.copy(source, tmp_path / code / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_catalogues", verbosity=0)
    for code in LANGUAGES:
        compiled = polib.mofile(str(tmp_path / code / "LC_MESSAGES" / "django.mo"))
        assert compiled.find("Choose your coach").msgstr
    assert not list(tmp_path.glob("*/LC_MESSAGES/*.mo.*"))  # no partial file left behind
