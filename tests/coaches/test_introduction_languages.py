"""A coach's short introduction in several languages: the proposal pages show the one in the page's
language, and the default (Dutch) one when the coach wrote none in it."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from coaches.models import Coach, Match
from coaches.services import proposal_link_create
from families.models import Family
from tests.coaches.factories import ReadyCoachFactory
from tests.coaches.test_admin_writes import _coach_page
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import language

DUTCH = "Ik kook graag en wandel in Bokrijk."
TURKISH = "Yemek yapmayı ve Bokrijk'te yürümeyi seviyorum."
ARABIC = "أحب الطبخ والمشي في بوكرايك."


@pytest.fixture
def family(city, district):
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    family.household_languages.set([language("tr")])
    return family


def _propose(family, **introductions) -> Coach:
    coach = ReadyCoachFactory(city=family.city, display_name="Zeynep", introduction=DUTCH, **introductions)
    coach.languages.set([language("tr"), language("nl")])
    Match.objects.create(family=family, coach=coach, rank=1)
    return coach


def _intro(page: str, text: str) -> bool:
    return f'<p class="proposal-intro" dir="auto">{escape(text)}</p>' in page


def test_the_introduction_falls_back_to_the_default_one():
    coach = Coach(introduction=DUTCH, introduction_tr=TURKISH)
    assert coach.introduction_in("tr") == TURKISH
    assert coach.introduction_in("ar") == DUTCH
    assert coach.introduction_in("nl") == DUTCH
    assert coach.introduction_in("xx") == DUTCH


def test_a_turkish_family_reads_the_turkish_introduction_on_every_proposal_page(client, coordinator, family):
    _propose(family, introduction_tr=TURKISH, introduction_ar=ARABIC)
    _link, token = proposal_link_create(family=family, actor=coordinator)

    for path in (f"/proposals/link/{token}/", f"/proposals/link/{token}/print/"):
        page = client.get(path).content.decode()
        assert _intro(page, TURKISH), path
        assert DUTCH not in page and escape(ARABIC) not in page

    client.force_login(coordinator)
    page = client.get(reverse("proposals:coordinator", args=[family.pk])).content.decode()
    assert _intro(page, TURKISH)
    assert DUTCH not in page


def test_the_page_in_another_language_shows_that_languages_introduction(client, coordinator, family):
    _propose(family, introduction_tr=TURKISH, introduction_ar=ARABIC)
    client.force_login(coordinator)
    url = reverse("proposals:coordinator", args=[family.pk])

    assert _intro(client.get(url, {"lang": "ar"}).content.decode(), ARABIC)
    assert _intro(client.get(url, {"lang": "nl"}).content.decode(), DUTCH)


def test_without_a_turkish_introduction_the_turkish_page_shows_the_default_one(client, coordinator, family):
    _propose(family, introduction_ar=ARABIC)
    _link, token = proposal_link_create(family=family, actor=coordinator)

    page = client.get(f"/proposals/link/{token}/").content.decode()

    assert _intro(page, DUTCH)
    assert ARABIC not in page


def test_the_coordinator_saves_the_introductions_in_the_admin(client, coordinator, city):
    coach = ReadyCoachFactory(city=city, introduction=DUTCH)
    client.force_login(coordinator)
    url, data = _coach_page(client, coach)
    for name in ("introduction_en", "introduction_fr", "introduction_tr", "introduction_ar"):
        assert name in data
    data.update(introduction_tr=TURKISH, introduction_ar=ARABIC, introduction_fr="J'aime cuisiner.")

    assert client.post(url, data).status_code == 302

    coach.refresh_from_db()
    assert (coach.introduction, coach.introduction_tr, coach.introduction_ar, coach.introduction_fr) == (
        DUTCH,
        TURKISH,
        ARABIC,
        "J'aime cuisiner.",
    )
    assert coach.introduction_en == ""


def test_a_volunteer_writes_the_introduction_in_other_languages_when_applying(client, city, district):
    language("nl")
    form = client.get(reverse("coach_application:apply")).content.decode()
    assert 'name="introduction_tr"' in form and 'name="introduction_ar"' in form

    response = client.post(
        reverse("coach_application:apply"),
        {
            "display_name": "Hatice",
            "email": "hatice@example.org",
            "password1": "a long enough pass phrase",
            "password2": "a long enough pass phrase",
            "languages": [language("tr").pk],
            "introduction": DUTCH,
            "introduction_tr": TURKISH,
            "consent": "on",
        },
    )

    assert response.status_code == 302
    coach = Coach.objects.get(user__email="hatice@example.org")
    assert (coach.introduction, coach.introduction_tr, coach.introduction_ar) == (DUTCH, TURKISH, "")
