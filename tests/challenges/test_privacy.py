"""The challenges app's privacy step: a family's challenges lose their text, a supporter keeps the points."""

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from challenges.models import Challenge, ChallengeEvent, Pledge, PointsEntry
from genk_village import privacy
from supporters.models import Notification
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.privacy_checks import (
    PERSONAL,
    assert_admin_log_forgotten,
    assert_forgotten,
    log_in_admin,
    snapshot,
)


@pytest.fixture
def challenge(family, supporter):
    """A confirmed challenge whose title and description name the family, with the points it paid."""
    challenge = ChallengeFactory(
        family=family,
        title=f"Bike for {PERSONAL}",
        description=f"Bring it to {PERSONAL}",
        status="confirmed",
        claimant=supporter.supporter,
        claimed_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    event = ChallengeEvent.objects.create(challenge=challenge, kind="confirmed")
    PointsEntry.objects.create(
        supporter=supporter.supporter, points=10, reason="challenge_confirmed", challenge_event=event
    )
    return challenge


@pytest.fixture
def notifications(challenge, supporter, coordinator):
    """What the matching jobs wrote about the challenge: a match, an alert, and a digest listing it."""
    return [
        Notification.objects.create(
            user=supporter, kind="match", key=f"match:{challenge.pk}", title="A challenge that fits you",
            body=challenge.title, challenge=challenge,
        ),
        Notification.objects.create(
            user=coordinator, kind="alert", key=f"alert:{challenge.pk}", title="Unclaimed for three days",
            body=f"{challenge.title} (Winterslag)", challenge=challenge,
        ),
        Notification.objects.create(
            user=supporter, kind="digest", key="digest:2025-03-01", title="Challenges that fit you today",
            body=f"- Homework help\n- {challenge.title}",
        ),
    ]  # fmt: skip


def test_erasing_a_family_erases_the_title_and_description_of_its_challenges(family, challenge):
    assert privacy.family_anonymise(family=family, actor=None) is True

    assert_forgotten(challenge)
    assert (challenge.title, challenge.description) == ("—", "")
    assert (challenge.status, challenge.category, challenge.district.name) == (
        "confirmed",
        "material",
        "Winterslag",
    )
    assert challenge.claimant is not None and PointsEntry.objects.get().points == 10


def test_erasing_a_family_erases_the_notifications_that_repeat_its_challenges(
    family, challenge, notifications
):
    privacy.family_anonymise(family=family, actor=None)

    assert_forgotten(*notifications)


def test_erasing_a_family_leaves_other_families_challenges_and_digests_alone(
    family, challenge, supporter, city
):
    other = ChallengeFactory(family__city=city, title="Homework help", description="Tuesdays")
    digest = Notification.objects.create(
        user=supporter, kind="digest", key="digest:2025-03-02", title="Today", body="- Homework help"
    )

    privacy.family_anonymise(family=family, actor=None)

    other.refresh_from_db()
    digest.refresh_from_db()
    assert (other.title, other.description, digest.body) == ("Homework help", "Tuesdays", "- Homework help")


def test_erasing_a_family_scrubs_the_admin_history_of_its_challenges(family, challenge, coordinator):
    log_in_admin(coordinator, challenge)

    privacy.family_anonymise(family=family, actor=coordinator)

    assert_admin_log_forgotten()


def test_a_second_erasure_of_a_family_leaves_its_challenges_alone(
    family, challenge, notifications, coordinator
):
    log_in_admin(coordinator, challenge)
    privacy.family_anonymise(family=family, actor=coordinator)
    rows = (Challenge.objects.all(), Notification.objects.all(), LogEntry.objects.all())
    before = snapshot(*rows)

    assert privacy.family_anonymise(family=family, actor=coordinator) is False

    assert snapshot(*rows) == before


def test_the_family_export_holds_its_challenges_and_reciprocity_points(family, challenge):
    data = privacy.family_file(family)

    assert [(c["title"], c["description"]) for c in data["challenges"]] == [
        (f"Bike for {PERSONAL}", f"Bring it to {PERSONAL}")
    ]
    assert "claimant" not in data["challenges"][0]
    assert data["reciprocity_points"] == []


def test_a_supporter_export_holds_points_claimed_challenges_and_pledges(challenge, supporter, city):
    sponsor = ChallengeFactory(family__city=city, category="sponsoring", target_quantity=20)
    Pledge.objects.create(challenge=sponsor, supporter=supporter.supporter, quantity=5)

    data = privacy.person_file(supporter)

    assert [p["points"] for p in data["points"]] == [10]
    assert [c["id"] for c in data["claimed_challenges"]] == [challenge.pk]
    assert [(p["challenge"], p["quantity"]) for p in data["pledges"]] == [(sponsor.pk, 5)]


def test_erasing_a_supporter_keeps_their_claims_and_points(challenge, supporter, coordinator):
    privacy.user_anonymise(user=supporter, actor=coordinator)

    challenge.refresh_from_db()
    assert challenge.claimant.user_id == supporter.pk
    assert PointsEntry.objects.get(supporter__user=supporter).points == 10


def test_the_challenges_step_is_registered_for_families_and_persons():
    step = {s.name: s for s in privacy.registered()}["challenges"]

    assert step.family_export and step.family_erase and step.person_export
