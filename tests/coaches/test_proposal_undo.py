"""The family's choice is confirmed before it counts, and can be undone for a few minutes: by the family
through its link, by the coach who recorded it with the family, and by a coordinator in the admin
until the coach answers. Names on the pages are isolated for right-to-left reading."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coaches.models import Match, ProposalLink
from coaches.services import CoachError, match_choice_undo, proposal_link_create
from families.models import Family
from genk_village.models import AuditEntry
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import language

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlist(city, district):
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    family.household_languages.set([language("tr")])
    matches = []
    for rank, name in enumerate(("Adal T.", "Marc", "Lotte"), start=1):
        coach = ReadyCoachFactory(city=city, display_name=name, user__email=f"c{rank}@example.org")
        matches.append(Match.objects.create(family=family, coach=coach, rank=rank))
    return family, matches


@pytest.fixture
def link(shortlist, coordinator):
    return proposal_link_create(family=shortlist[0], actor=coordinator)[1]


def statuses(matches) -> list[str]:
    return [Match.objects.get(pk=match.pk).status for match in matches]


def test_the_first_tap_asks_are_you_sure_and_records_nothing(client, shortlist, link):
    _family, matches = shortlist
    page = reverse("proposals:by_link", args=[link])
    response = client.post(f"{page}?lang=en", {"match": matches[0].pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Is this your choice?" in body and "Yes, choose <bdi>Adal T.</bdi>" in body
    assert 'name="confirmed" value="1"' in body and "No, back to the coaches" in body
    assert statuses(matches) == ["proposed"] * 3
    assert ProposalLink.objects.get().used_at is None


def test_the_family_confirms_then_undoes_within_the_window_and_may_choose_again(client, shortlist, link):
    _family, matches = shortlist
    page = reverse("proposals:by_link", args=[link])
    done = client.post(f"{page}?lang=en", {"match": matches[0].pk, "confirmed": "1"}).content.decode()
    assert statuses(matches) == ["chosen", "not_chosen", "not_chosen"]
    undo = reverse("proposals:undo_by_link", args=[link])
    assert f'action="{undo}?lang=en"' in done and "Undo my choice" in done
    assert "Your choice: <bdi>Adal T.</bdi>" in done

    response = client.post(f"{undo}?lang=en")
    assert response.status_code == 302 and response["Location"].startswith(page)
    assert statuses(matches) == ["proposed"] * 3
    assert ProposalLink.objects.get().used_at is None
    assert AuditEntry.objects.filter(action="coaches.match.choice_undone").exists()
    assert "Your choice is undone." in client.get(response["Location"]).content.decode()
    client.post(page, {"match": matches[1].pk, "confirmed": "1"})
    assert statuses(matches) == ["not_chosen", "chosen", "not_chosen"]


def test_after_the_window_the_family_cannot_undo_but_a_coordinator_can_in_the_admin(
    client, shortlist, link, coordinator
):
    _family, matches = shortlist
    client.post(reverse("proposals:by_link", args=[link]), {"match": matches[0].pk, "confirmed": "1"})
    Match.objects.filter(pk=matches[0].pk).update(chosen_at=timezone.now() - datetime.timedelta(minutes=11))
    assert client.post(reverse("proposals:undo_by_link", args=[link])).status_code == 409
    assert statuses(matches) == ["chosen", "not_chosen", "not_chosen"]

    client.force_login(coordinator)
    page = client.post(
        reverse("admin:coaches_match_changelist"),
        {"action": "undo_choice", "_selected_action": [matches[0].pk]},
        follow=True,
    ).content.decode()
    assert "1 choice undone" in page
    assert statuses(matches) == ["proposed"] * 3


def test_an_undo_leaves_the_not_chosen_coaches_of_an_earlier_shortlist_alone(shortlist, coordinator):
    family, matches = shortlist
    earlier = Match.objects.create(family=family, coach=ReadyCoachFactory(city=family.city), rank=9)
    Match.objects.filter(pk=earlier.pk).update(
        status=Match.Status.NOT_CHOSEN, updated_at=timezone.now() - datetime.timedelta(days=90)
    )
    from coaches.services import match_choose

    chosen = match_choose(match=matches[1], actor=coordinator)
    match_choice_undo(match=chosen, actor=coordinator, window=None)
    assert statuses(matches) == ["proposed"] * 3
    assert Match.objects.get(pk=earlier.pk).status == Match.Status.NOT_CHOSEN


def test_an_answered_choice_cannot_be_undone(shortlist, coordinator):
    from coaches.services import match_activate, match_choose

    _family, matches = shortlist
    match = match_activate(match=match_choose(match=matches[0], actor=coordinator), actor=coordinator)
    with pytest.raises(CoachError):
        match_choice_undo(match=match, actor=coordinator, window=None)
    assert Match.objects.get(pk=match.pk).status == Match.Status.ACTIVE


def test_the_coach_who_recorded_it_undoes_and_no_one_else_can(client, shortlist, other_coach):
    family, matches = shortlist
    adal = matches[0].coach.user
    client.force_login(adal)
    page = reverse("proposals:with_coach", args=[family.pk])
    client.post(page, {"match": matches[2].pk, "confirmed": "1"})
    undo = reverse("proposals:undo", args=[family.pk])
    client.force_login(other_coach)
    assert client.post(undo).status_code == 404
    client.force_login(adal)
    assert client.post(undo).status_code == 302
    assert statuses(matches) == ["proposed"] * 3


def test_in_arabic_every_coach_name_is_isolated_on_the_page_and_its_buttons(client, shortlist, link):
    body = client.get(reverse("proposals:by_link", args=[link]) + "?lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in body
    assert body.count("<bdi>Adal T.</bdi>") == 2  # the card's heading and its button
    assert "Adal T.<" not in body.replace("<bdi>Adal T.</bdi>", "")


def test_the_turkish_thank_you_line_has_no_double_full_stop(client, shortlist, link):
    _family, matches = shortlist
    page = reverse("proposals:by_link", args=[link])
    done = client.post(f"{page}?lang=tr", {"match": matches[0].pk, "confirmed": "1"}).content.decode()
    assert "Seçiminiz: <bdi>Adal T.</bdi>" in done
    assert ".." not in done.replace("...", "")
