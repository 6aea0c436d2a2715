"""The life of a challenge, shared by the service tests: a family with a coach, a posted and a claimed
challenge, and the supporters who take it."""

import datetime

import pytest
from django.utils import timezone

from challenges.models import Challenge
from challenges.services import challenge_claim, challenge_post
from tests.supporters.factories import SupporterFactory


@pytest.fixture
def matched_family(coach, family):
    """`family` with an active coach (the `coach` persona), so challenges can be posted for it."""
    family.refresh_from_db()
    return family


@pytest.fixture
def posted(matched_family, coach):
    return challenge_post(
        family=matched_family,
        title="Football shoes, size 31",
        category=Challenge.Category.MATERIAL,
        needed_by=timezone.localdate() + datetime.timedelta(days=14),
        actor=coach,
    )


@pytest.fixture
def helper(supporter):
    """The `supporter` persona's profile."""
    return supporter.supporter


@pytest.fixture
def other_helper(city):
    return SupporterFactory(city=city, user__email="supporter2@example.org")


@pytest.fixture
def claimed(posted, helper, supporter):
    return challenge_claim(challenge=posted, supporter=helper, actor=supporter)
