"""The coaches' next steps on a family's case file (propose the shortlist, record the family's choice)
and their lines on its timeline; a contact's note never shows there."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coaches.models import ContactLog, Match
from families.models import Family
from tests.coaches.factories import MatchFactory, ReadyCoachFactory
from tests.families.factories import FamilyFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def family(city, district):
    return FamilyFactory(city=city, district=district, reference="GEN-0007", status=Family.Status.MATCHING)


@pytest.fixture
def desk(client, coordinator):
    client.force_login(coordinator)
    return client


def _file(desk, family):
    return desk.get(reverse("admin:families_family_change", args=[family.pk]))


def _steps(page) -> list[str]:
    return [entry["step"].key for entry in page.context["next_steps"]]


def _step(desk, family, step, **data):
    return desk.post(
        reverse("admin:families_family_step", args=[family.pk]), {"step": step, **data}, follow=True
    )


def _messages(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def test_a_family_in_matching_shows_propose_a_shortlist_and_the_button_proposes_it(desk, family, city):
    for name in ("Zeynep", "Marc"):
        ReadyCoachFactory(city=city, display_name=name, capacity=2)
    assert _steps(_file(desk, family)) == ["propose_shortlist", "close"]
    page = _step(desk, family, "propose_shortlist")
    assert family.matches.filter(status=Match.Status.PROPOSED).count() == 2
    (message,) = _messages(page)
    assert message.startswith("Proposed 2 coaches to GEN-0007: ") and "Zeynep" in message
    assert _steps(_file(desk, family)) == ["record_choice", "close"]


def test_without_a_ready_coach_the_shortlist_refusal_is_shown(desk, family):
    page = _step(desk, family, "propose_shortlist")
    assert _messages(page) == ["No ready coach with a free place for GEN-0007."]
    assert not family.matches.exists()


def test_record_the_choice_offers_the_proposed_coaches_and_records_the_chosen_one(desk, family, city):
    zeynep = MatchFactory(family=family, coach__display_name="Zeynep", coach__city=city, rank=1)
    marc = MatchFactory(family=family, coach__display_name="Marc", coach__city=city, rank=2)
    (entry,) = [e for e in _file(desk, family).context["next_steps"] if e["step"].key == "record_choice"]
    assert entry["choices"] == [(str(zeynep.pk), "Zeynep"), (str(marc.pk), "Marc")]
    page = _step(desk, family, "record_choice", choice=marc.pk)
    assert "Marc is asked to accept GEN-0007." in _messages(page)
    marc.refresh_from_db()
    zeynep.refresh_from_db()
    assert (marc.status, zeynep.status) == (Match.Status.CHOSEN, Match.Status.NOT_CHOSEN)
    assert _steps(_file(desk, family)) == ["close"]  # now the coach answers


def test_recording_a_choice_without_a_coach_or_with_another_familys_match_is_refused(desk, family, city):
    MatchFactory(family=family, coach__city=city)
    elsewhere = MatchFactory(family=FamilyFactory(city=city, status=Family.Status.MATCHING), coach__city=city)
    for data in ({}, {"choice": "x"}, {"choice": elsewhere.pk}):
        page = _step(desk, family, "record_choice", **data)
        assert _messages(page) == ["Choose the coach the family chose."]
    assert not Match.objects.filter(status=Match.Status.CHOSEN).exists()


def test_closing_the_file_of_a_matched_family_is_refused_until_its_match_is_closed(desk, family, city):
    MatchFactory(family=family, coach__city=city, status=Match.Status.ACTIVE, started_on=TODAY)
    family.status = Family.Status.MATCHED
    family.save()
    page = desk.post(reverse("admin:families_family_close", args=[family.pk]), follow=True)
    assert _messages(page) == ["Close the family's active match first."]
    assert Family.objects.get(pk=family.pk).status == Family.Status.MATCHED


def test_the_timeline_shows_proposals_the_choice_the_match_and_contacts_without_their_note(
    desk, family, city
):
    match = MatchFactory(
        family=family,
        coach__display_name="Zeynep",
        coach__city=city,
        status=Match.Status.ACTIVE,
        chosen_at=timezone.now(),
        started_on=TODAY,
    )
    ContactLog.objects.create(
        match=match, author=match.coach.user, kind="visit", happened_on=TODAY, note="Talked about money"
    )
    page = _file(desk, family)
    lines = [(entry.what, entry.detail) for entry in page.context["timeline"]]
    assert ("Proposed", "Zeynep") in lines
    assert ("Chosen by the family", "Zeynep") in lines
    assert ("Match started", "Zeynep") in lines
    assert any(what == "Contact" and "Zeynep" in detail for what, detail in lines)
    assert "Talked about money" not in page.content.decode()
