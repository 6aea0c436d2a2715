"""The supporters' board at /challenges/: browse, filter, page, claim, release and deliver."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from challenges.selectors import DONE_SHOWN
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.factories import DistrictFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

BOARD = "/challenges/"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def many(family, count: int, **fields) -> list[Challenge]:
    return Challenge.objects.bulk_create(
        Challenge(
            city=family.city, family=family, district=family.district, title=f"Need {n}",
            category=fields.get("category", "material"), needed_by=in_days(3 + n % 20),
        )
        for n in range(count)
    )  # fmt: skip


def test_a_supporter_sees_open_challenges_most_urgent_first(client, supporter, family):
    later = ChallengeFactory(family=family, title="Bike lessons", needed_by=in_days(20))
    sooner = ChallengeFactory(family=family, title="Winter coat", needed_by=in_days(2))
    ChallengeFactory(family=family, title="Expired thing", status="expired", needed_by=in_days(5))
    client.force_login(supporter)
    response = client.get(BOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(sooner.title) < page.index(later.title)
    assert "Expired thing" not in page
    assert 'role="img"' in page  # the category pictogram has an accessible name


@pytest.mark.parametrize("persona", ["coach", "coordinator", "referrer", "steering"])
def test_the_board_refuses_people_who_are_not_supporters(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(BOARD).status_code == 403


def test_the_board_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(BOARD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_board_never_shows_who_the_family_is(client, supporter, family):
    ChallengeFactory(family=family, title="Football shoes")
    client.force_login(supporter)
    page = client.get(BOARD).content.decode()
    assert "Football shoes" in page
    for secret in ("Yilmaz", "Stalenstraat", "Elif", "Ayse", "470 12 34 56", family.reference):
        assert secret not in page


def test_filters_narrow_the_board_and_htmx_gets_only_the_list(client, supporter, family, city):
    other = DistrictFactory(city=city, name="Zwartberg")
    ChallengeFactory(family=family, title="A ride to CoderDojo", category="transport")
    ChallengeFactory(family=family, title="A costume", category="material")
    ChallengeFactory(family=family, title="Loan of a pram", category="material", exchange_mode="loan")
    ChallengeFactory(family=family, title="Somewhere else", category="transport", district=other)
    client.force_login(supporter)

    query = {"category": "transport", "district": family.district_id}
    response = client.get(BOARD, query, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board-list")
    page = response.content.decode()
    assert "A ride to CoderDojo" in page and "A costume" not in page and "Somewhere else" not in page
    assert "<html" not in page  # the partial the full page includes, not the whole page
    page = client.get(BOARD, {"exchange_mode": "loan"}).content.decode()
    assert "Loan of a pram" in page and "A costume" not in page and "<html" in page


def test_fits_me_shows_only_my_categories_and_districts(client, city, family):
    profile = SupporterFactory(city=city, categories=["homework"])
    profile.districts.set([family.district])
    ChallengeFactory(family=family, title="Homework help", category="homework")
    ChallengeFactory(family=family, title="Football shoes", category="material")
    client.force_login(profile.user)
    page = client.get(BOARD, {"fits_me": "on"}).content.decode()
    assert "Homework help" in page and "Football shoes" not in page


def test_needed_by_filter_keeps_only_challenges_needed_by_that_date(client, supporter, family):
    ChallengeFactory(family=family, title="Soon", needed_by=in_days(2))
    ChallengeFactory(family=family, title="Much later", needed_by=in_days(30))
    client.force_login(supporter)
    page = client.get(BOARD, {"needed_by": in_days(7).isoformat()}).content.decode()
    assert "Soon" in page and "Much later" not in page


def test_keyset_pagination_walks_every_open_challenge_once(client, supporter, family):
    created = many(family, 45)
    client.force_login(supporter)
    seen, query = [], {}
    for _page in range(5):
        response = client.get(BOARD, query)
        seen += [c.pk for c in response.context["challenges"]]
        if not response.context["next_query"]:
            break
        query = dict(pair.split("=") for pair in response.context["next_query"].split("&"))
    assert sorted(seen) == sorted(c.pk for c in created)
    assert len(seen) == len(set(seen))
    ordered = list(
        Challenge.objects.filter(pk__in=seen).order_by("needed_by", "id").values_list("pk", flat=True)
    )
    assert seen == ordered


def test_a_mangled_cursor_starts_from_the_top(client, supporter, family):
    ChallengeFactory(family=family, title="Winter coat")
    client.force_login(supporter)
    response = client.get(BOARD, {"after": "not-a-cursor"})
    assert response.status_code == 200 and "Winter coat" in response.content.decode()


def test_the_board_does_the_same_number_of_queries_for_few_and_many_cards(client, supporter, family):
    client.force_login(supporter)
    many(family, 3)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(BOARD).context["challenges"]) == 3
    many(family, 17)
    with CaptureQueriesContext(connection) as full:
        assert len(client.get(BOARD).context["challenges"]) == 20
    assert len(full) == len(few)


def test_claiming_from_the_board_makes_it_mine(client, supporter, family):
    challenge = ChallengeFactory(family=family)
    client.force_login(supporter)
    response = client.post(reverse("challenges:claim", args=[challenge.pk]), follow=True)
    challenge.refresh_from_db()
    assert challenge.status == "claimed" and challenge.claimant == supporter.supporter
    assert response.redirect_chain[-1][0] == reverse("challenges:mine")
    assert "It is yours" in response.content.decode()


def test_claiming_with_htmx_answers_with_the_card_and_its_outcome(client, supporter, family):
    challenge = ChallengeFactory(family=family)
    client.force_login(supporter)
    response = client.post(reverse("challenges:claim", args=[challenge.pk]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert f'id="challenge-{challenge.pk}"' in page and "It is yours" in page


def test_a_challenge_someone_else_took_is_refused_with_a_clear_message(client, city, supporter, family):
    challenge = ChallengeFactory(family=family)
    other = SupporterFactory(city=city)
    client.force_login(other.user)
    client.post(reverse("challenges:claim", args=[challenge.pk]))
    client.force_login(supporter)
    response = client.post(reverse("challenges:claim", args=[challenge.pk]), follow=True)
    assert "Someone else has just taken this challenge." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.claimant == other


def test_an_expired_challenge_is_refused_with_a_clear_message(client, supporter, family):
    challenge = ChallengeFactory(family=family, status="expired")
    client.force_login(supporter)
    response = client.post(reverse("challenges:claim", args=[challenge.pk]), HTTP_HX_REQUEST="true")
    assert "This challenge has expired." in response.content.decode()


def test_a_challenge_of_another_city_is_not_found(client, supporter, other_city):
    from tests.families.factories import FamilyFactory

    challenge = ChallengeFactory(family=FamilyFactory(city=other_city))
    client.force_login(supporter)
    assert client.post(reverse("challenges:claim", args=[challenge.pk])).status_code == 404


def test_a_coach_cannot_claim_from_the_board(client, coach, family):
    challenge = ChallengeFactory(family=family)
    client.force_login(coach)
    assert client.post(reverse("challenges:claim", args=[challenge.pk])).status_code == 403
    challenge.refresh_from_db()
    assert challenge.status == "open"


def _claimed(family, supporter_user) -> Challenge:
    return ChallengeFactory(family=family, status="claimed", claimant=supporter_user.supporter,
                            claimed_at=timezone.now())  # fmt: skip


def test_my_challenges_lists_what_i_hold_and_i_can_mark_it_delivered(client, supporter, family):
    challenge = _claimed(family, supporter)
    client.force_login(supporter)
    assert challenge.title in client.get(reverse("challenges:mine")).content.decode()
    response = client.post(reverse("challenges:deliver", args=[challenge.pk]), follow=True)
    challenge.refresh_from_db()
    assert challenge.status == "delivered"
    assert "The coach will confirm" in response.content.decode()


def test_a_long_history_never_buries_the_challenge_i_hold(client, supporter, family):
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    done = [
        ChallengeFactory(family=family, status="confirmed", claimant=supporter.supporter, needed_by=long_ago,
                         claimed_at=timezone.now(), confirmed_at=timezone.now(), title=f"Done {n}")
        for n in range(DONE_SHOWN + 5)
    ]  # fmt: skip
    held = _claimed(family, supporter)
    client.force_login(supporter)
    page = client.get(reverse("challenges:mine")).content.decode()
    assert page.index(held.title) < page.index(done[-1].title)  # what I hold comes first
    assert sum(f">{challenge.title}<" in page for challenge in done) == DONE_SHOWN  # then the latest done


def test_i_can_give_a_challenge_back_with_htmx(client, supporter, family):
    challenge = _claimed(family, supporter)
    client.force_login(supporter)
    response = client.post(reverse("challenges:release", args=[challenge.pk]), HTTP_HX_REQUEST="true")
    assert 'id="mine-list"' in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == "open" and challenge.claimant is None


def test_i_cannot_deliver_a_challenge_that_is_not_mine(client, city, supporter, family):
    challenge = _claimed(family, SupporterFactory(city=city).user)
    client.force_login(supporter)
    response = client.post(reverse("challenges:deliver", args=[challenge.pk]), follow=True)
    assert "This challenge is held by someone else." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == "claimed"


def test_an_unapproved_supporter_waits_when_the_city_asks_for_approval(client, city, supporter, family):
    city.supporters_need_approval = True
    city.save()
    ChallengeFactory(family=family, title="Winter coat")
    client.force_login(supporter)
    response = client.get(BOARD)
    assert response.status_code == 403
    assert "Winter coat" not in response.content.decode()
    supporter.supporter.approved_at = timezone.now()
    supporter.supporter.save(update_fields=["approved_at"])
    assert client.get(BOARD).status_code == 200


def test_my_challenges_does_the_same_number_of_queries_for_few_and_many(client, supporter, family):
    client.force_login(supporter)
    for _n in range(2):
        _claimed(family, supporter)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("challenges:mine"))
    for _n in range(8):
        _claimed(family, supporter)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(reverse("challenges:mine")).context["challenges"]) == 10
    assert len(more) == len(few)
