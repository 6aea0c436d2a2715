"""A supporter's progress: points then badges awarded once from the ledger, and the progress page."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Challenge, ChallengeEvent, PointsEntry
from challenges.services import badges_award
from challenges.tasks import award_points_for_event
from supporters.models import AwardedBadge, Badge
from tests.challenges.factories import ChallengeFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


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


def test_an_earned_badge_reads_in_the_readers_language_whatever_language_awarded_it(
    client, supporter, family
):
    with translation.override("nl"):
        award_points_for_event(_confirmed(family, supporter.supporter).pk)
    assert Badge.objects.get(code="first-help").name == "Eerste keer geholpen"
    supporter.language = "ar"
    supporter.save(update_fields=["language"])
    client.force_login(supporter)
    page = client.get(reverse("challenges:progress")).content.decode()
    assert 'class="badge earned"><strong>أول مساعدة</strong> <span>أنجزت مهمتك الأولى.</span>' in page
    assert "Eerste keer geholpen" not in page
