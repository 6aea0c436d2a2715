"""Sign-up as a person or a group, the profile page, progress with points and badges, idempotent badges."""

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, ChallengeEvent, PointsEntry
from challenges.tasks import award_points_for_event
from genk_village.models import Language, User
from supporters.models import AwardedBadge, Supporter
from supporters.services import badges_award
from tests.challenges.factories import ChallengeFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


def _signup(client, city, kind: str, name: str, email: str):
    return client.post(
        reverse("account_signup"),
        {"kind": kind, "display_name": name, "city": city.pk, "email": email,
         "password1": "a-long-enough-secret-42", "password2": "a-long-enough-secret-42"},
    )  # fmt: skip


def test_signing_up_as_a_person_makes_a_supporter_of_the_city(client, city):
    response = _signup(client, city, "person", "Jan", "jan@example.org")
    assert response.status_code == 302
    user = User.objects.get(email="jan@example.org")
    assert user.is_supporter and user.city == city
    assert Supporter.objects.get(user=user).kind == "person"
    assert client.get("/challenges/").status_code == 200


def test_a_group_signs_up_with_its_contact_person_and_adds_a_member(client, city):
    member = SupporterFactory(city=city, user__email="member@example.org", kind="person")
    _signup(client, city, "group", "FC Genk U12", "coach.fc@example.org")
    group = Supporter.objects.get(user__email="coach.fc@example.org")
    assert group.kind == "group" and group.display_name == "FC Genk U12"
    client.post(reverse("challenges:member_add"), {"email": "member@example.org"})
    assert list(group.memberships.values_list("member", flat=True)) == [member.pk]
    response = client.post(reverse("challenges:member_add"), {"email": "member@example.org"}, follow=True)
    assert "This supporter is a member already." in response.content.decode()


def test_the_sign_up_page_asks_person_or_group(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="kind"' in page and 'for="id_display_name"' in page


def test_a_supporter_says_what_where_and_when_on_the_profile(client, supporter, district):
    client.force_login(supporter)
    dutch = Language.objects.get(code="nl")
    response = client.post(
        reverse("challenges:profile"),
        {"display_name": "Jan", "categories": ["transport", "homework"], "districts": [district.pk],
         "languages": [dutch.pk], "available_evenings": "on", "has_car": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    profile = Supporter.objects.get(user=supporter)
    assert profile.categories == ["transport", "homework"] and profile.has_car and profile.available_evenings
    assert list(profile.districts.all()) == [district] and list(profile.languages.all()) == [dutch]
    assert not profile.wants_digest


def test_the_profile_refuses_a_coach(client, coach):
    client.force_login(coach)
    assert client.get(reverse("challenges:profile")).status_code == 403


def _confirmed(family, supporter) -> ChallengeEvent:
    now = timezone.now()
    challenge = ChallengeFactory(family=family, status=Challenge.Status.CONFIRMED, claimant=supporter,
                                 claimed_at=now, confirmed_at=now)  # fmt: skip
    return ChallengeEvent.objects.create(challenge=challenge, kind="confirmed", created_at=now)


def test_points_then_badges_are_awarded_once_however_often_the_job_runs(supporter, family):
    profile = supporter.supporter
    event = _confirmed(family, profile)
    award_points_for_event(event.pk)
    award_points_for_event(event.pk)
    assert PointsEntry.objects.filter(supporter=profile).count() == 2  # done, and the bonus for speed
    assert set(AwardedBadge.objects.filter(supporter=profile).values_list("badge__code", flat=True)) == {
        "first-help",
        "fast-helper",
    }
    assert badges_award(supporter=profile) == []


def test_five_helps_and_a_group_milestone_earn_their_badges(city, family):
    group = SupporterFactory(city=city, kind="group")
    members = [SupporterFactory(city=city) for _ in range(2)]
    group.memberships.create(member=members[0])
    group.memberships.create(member=members[1])
    for helper in [members[0]] * 5 + [members[1]] * 4 + [group]:
        award_points_for_event(_confirmed(family, helper).pk)
    assert AwardedBadge.objects.filter(supporter=members[0], badge__code="five-helps").exists()
    assert AwardedBadge.objects.filter(supporter=group, badge__code="group-ten").exists()


def test_the_progress_page_shows_my_points_badges_and_the_group_ranking(client, city, supporter, family):
    group = SupporterFactory(city=city, kind="group", display_name="Team Ford")
    group.memberships.create(member=supporter.supporter)
    award_points_for_event(_confirmed(family, supporter.supporter).pk)
    client.force_login(supporter)
    page = client.get(reverse("challenges:progress")).content.decode()
    assert 'id="points-balance">15<' in page
    assert "First help" in page and "Team Ford" in page and "your group" in page


def test_the_progress_page_refuses_an_anonymous_visitor(client):
    assert client.get(reverse("challenges:progress")).status_code == 302
