"""The REST API of CONTRACT.md, role by role."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Challenge
from challenges.services import ChallengeError, pledge_add
from genk_village.models import AuditEntry
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import TEST_PASSWORD
from tests.supporters.factories import SupporterFactory

CHALLENGE_FIELDS = {
    "id",
    "title",
    "description",
    "category",
    "district",
    "needed_by",
    "status",
    "exchange_mode",
    "created_at",
    "claimed_at",
}


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


@pytest.mark.django_db
def test_a_token_is_given_for_a_correct_email_and_password_and_then_authenticates(api, supporter):
    response = api.post(
        "/api/v1/auth/token/", {"email": supporter.email, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    me = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/")

    assert me.status_code == 200
    body = me.json()
    assert body.pop("calendar_url").startswith("http")
    assert body == {"email": supporter.email, "roles": ["supporter"], "points": 0}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", [{"email": "supporter1@example.org", "password": "nope"}, {"email": "x"}, {}]
)
def test_a_wrong_or_incomplete_token_request_is_a_400_with_detail(api, supporter, body):
    response = api.post("/api/v1/auth/token/", body, format="json")

    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db
def test_anonymous_callers_get_401_or_403_with_detail(api):
    for url in ["/api/v1/me/", "/api/v1/challenges/", "/api/v1/families/", "/api/v1/me/points/"]:
        response = api.get(url)
        assert response.status_code in {401, 403}
        assert "detail" in response.json()


def test_a_supporter_sees_open_challenges_and_their_own_never_the_family(api, family, coach, supporter):
    open_one = ChallengeFactory(family=family, title="Bike lessons")
    taken_by_other = ChallengeFactory(
        family=family,
        status="claimed",
        claimant=SupporterFactory(city=family.city),
        claimed_at=timezone.now(),
    )
    mine = ChallengeFactory(
        family=family, status="claimed", claimant=supporter.supporter, claimed_at=timezone.now()
    )
    ChallengeFactory(family=FamilyFactory())  # another city

    response = _as(api, supporter).get("/api/v1/challenges/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"results", "next"}
    assert {c["id"] for c in body["results"]} == {open_one.pk, mine.pk}
    assert set(body["results"][0]) == CHALLENGE_FIELDS
    text = response.content.decode()
    for personal in (family.family_name, family.address, "Elif", "Ayse", family.reference):
        assert personal not in text
    assert _as(api, supporter).get(f"/api/v1/challenges/{taken_by_other.pk}/").status_code == 404


def test_challenges_filter_by_status_category_and_district(api, family, coach, coordinator):
    ChallengeFactory(family=family, category="transport")
    ChallengeFactory(family=family, category="material")

    api = _as(api, coordinator)
    assert len(api.get("/api/v1/challenges/?category=transport").json()["results"]) == 1
    assert len(api.get("/api/v1/challenges/?district=winterslag").json()["results"]) == 2
    assert len(api.get("/api/v1/challenges/?status=confirmed").json()["results"]) == 0
    bad = api.get("/api/v1/challenges/?status=flying")
    assert bad.status_code == 400 and "status" in bad.json()


def test_a_coach_posts_a_challenge_for_their_family_only(api, family, coach, other_coach):
    needed_by = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    body = {
        "family": family.pk,
        "title": "Ride to CoderDojo",
        "category": "transport",
        "needed_by": needed_by,
        "exchange_mode": "gift",
    }

    created = _as(api, coach).post("/api/v1/challenges/", body, format="json")
    refused = _as(APIClient(), other_coach).post("/api/v1/challenges/", body, format="json")

    assert created.status_code == 201
    assert created.json()["district"] == "Winterslag" and created.json()["status"] == "open"
    assert refused.status_code == 400 and "family" in refused.json()
    assert Challenge.objects.count() == 1


def test_a_supporter_cannot_post_a_challenge(api, family, supporter):
    response = _as(api, supporter).post("/api/v1/challenges/", {"family": family.pk}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("body", [{"family": "x"}, {"title": "t" * 500}, {"needed_by": "31-12-2020"}, []])
def test_bad_input_to_post_is_a_400_never_a_500(api, family, coach, body):
    response = _as(api, coach).post("/api/v1/challenges/", body, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_claim_deliver_confirm_pays_the_claimant_once(
    api, family, coach, supporter, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(family=family)
    supporter_api = _as(APIClient(), supporter)

    assert supporter_api.post(f"/api/v1/challenges/{challenge.pk}/claim/").json()["status"] == "claimed"
    assert supporter_api.post(f"/api/v1/challenges/{challenge.pk}/deliver/").json()["status"] == "delivered"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = _as(api, coach).post(f"/api/v1/challenges/{challenge.pk}/confirm/")
    again = _as(api, coach).post(f"/api/v1/challenges/{challenge.pk}/confirm/")

    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert again.status_code == 409 and "detail" in again.json()
    points = supporter_api.get("/api/v1/me/points/").json()
    assert points["balance"] == 15
    assert sorted(e["reason"] for e in points["entries"]) == ["challenge_confirmed", "speed_bonus"]
    assert supporter_api.get("/api/v1/me/").json()["points"] == 15


def test_a_second_claim_is_a_409_with_a_clear_message(api, family, coach, supporter):
    challenge = ChallengeFactory(family=family)
    rival = SupporterFactory(city=family.city).user
    _as(api, rival).post(f"/api/v1/challenges/{challenge.pk}/claim/")

    response = _as(APIClient(), supporter).post(f"/api/v1/challenges/{challenge.pk}/claim/")

    assert response.status_code == 409
    assert response.json() == {"detail": "Someone else has just taken this challenge."}


def test_a_supporter_the_city_has_not_approved_yet_cannot_claim_or_pledge(api, family, supporter):
    city = family.city
    city.supporters_need_approval = True
    city.save()
    challenge = ChallengeFactory(family=family)
    sponsored = ChallengeFactory(family=family, category="sponsoring", target_quantity=10)

    response = _as(api, supporter).post(f"/api/v1/challenges/{challenge.pk}/claim/")

    assert response.status_code == 403
    assert "checks every new supporter first" in response.json()["detail"]
    challenge.refresh_from_db()
    assert challenge.status == "open" and challenge.claimant is None
    with pytest.raises(ChallengeError, match="checks every new supporter first"):
        pledge_add(challenge=sponsored, supporter=supporter.supporter, quantity=1, actor=supporter)
    sponsored.refresh_from_db()
    assert sponsored.pledged_quantity == 0


def test_only_the_claimant_releases_and_it_is_open_again(api, family, coach, supporter):
    challenge = ChallengeFactory(family=family)
    _as(api, supporter).post(f"/api/v1/challenges/{challenge.pk}/claim/")
    other = SupporterFactory(city=family.city).user

    refused = _as(APIClient(), other).post(f"/api/v1/challenges/{challenge.pk}/release/")
    released = _as(APIClient(), supporter).post(f"/api/v1/challenges/{challenge.pk}/release/")

    assert refused.status_code == 403
    assert released.status_code == 200 and released.json()["status"] == "open"


def test_a_supporter_cannot_confirm_and_another_coach_gets_404(api, family, coach, other_coach, supporter):
    challenge = ChallengeFactory(
        family=family, status="delivered", claimant=supporter.supporter, claimed_at=timezone.now()
    )

    assert _as(api, supporter).post(f"/api/v1/challenges/{challenge.pk}/confirm/").status_code == 403
    assert (
        _as(APIClient(), other_coach).post(f"/api/v1/challenges/{challenge.pk}/confirm/").status_code == 404
    )


def test_families_are_for_their_coach_and_the_citys_coordinators(
    api, family, coach, other_coach, coordinator, other_coordinator, supporter, steering, referrer
):
    FamilyFactory(city=family.city)

    assert [f["id"] for f in _as(api, coach).get("/api/v1/families/").json()["results"]] == [family.pk]
    assert len(_as(APIClient(), coordinator).get("/api/v1/families/").json()["results"]) == 2
    assert _as(APIClient(), other_coach).get("/api/v1/families/").json()["results"] == []
    assert _as(APIClient(), other_coordinator).get(f"/api/v1/families/{family.pk}/").status_code == 404
    for user in (supporter, steering, referrer):
        assert _as(APIClient(), user).get("/api/v1/families/").status_code == 403


def test_opening_a_family_through_the_api_is_audited(api, family, coach):
    response = _as(api, coach).get(f"/api/v1/families/{family.pk}/")

    assert response.status_code == 200
    assert response.json()["children"] == ["Elif"]
    assert AuditEntry.objects.filter(action="families.family.viewed", actor=coach).count() == 1


@pytest.mark.django_db
def test_the_openapi_schema_and_its_documentation_page_are_served_by_the_project(client):
    schema = client.get("/api/v1/schema/")
    docs = client.get("/api/v1/docs/")

    assert schema.status_code == 200 and b"/api/v1/challenges/{id}/claim/" in schema.content
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower() and b"unpkg" not in docs.content.lower()
