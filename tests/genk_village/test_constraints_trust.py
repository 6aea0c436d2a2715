"""The named database rules of API tokens, moderation and group invitations, on PostgreSQL (the list
of every rule is kept complete by test_constraints.py)."""

import datetime

import pytest
from django.utils import timezone

from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.test_constraints import assert_violates
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.postgres


@pytest.fixture
def helper(city):
    return SupporterFactory(city=city)


@pytest.fixture
def family(city, district):
    return FamilyFactory(city=city, district=district, status="matching")


# --- API tokens ------------------------------------------------------------------------------------


def test_an_api_token_expires_after_it_was_issued(supporter):
    from genk_village.models import ApiToken

    now = timezone.now()
    assert_violates(
        "genk_village_apitoken_expires_after_issue",
        lambda: ApiToken.objects.create(
            user=supporter,
            key_hash="0" * 64,
            roles="supporter",
            user_fingerprint="f",
            created_at=now,
            expires_at=now,
        ),
    )


# --- moderation and group invitations --------------------------------------------------------------


def test_a_supporter_has_one_open_report_per_challenge(helper, family):
    from challenges.models import ChallengeReport

    challenge = ChallengeFactory(family=family)
    ChallengeReport.objects.create(challenge=challenge, reporter=helper, reason="other")
    assert_violates(
        "challenges_report_one_open_per_supporter",
        lambda: ChallengeReport.objects.create(challenge=challenge, reporter=helper, reason="other"),
    )
    # a handled report makes room for a new one
    ChallengeReport.objects.filter(challenge=challenge).update(handled_at=timezone.now(), outcome="dismissed")
    ChallengeReport.objects.create(challenge=challenge, reporter=helper, reason="other")


def test_a_handled_report_has_an_outcome_and_an_open_one_none(helper, family):
    from challenges.models import ChallengeReport

    challenge = ChallengeFactory(family=family)
    assert_violates(
        "challenges_report_handled_has_outcome",
        lambda: ChallengeReport.objects.create(
            challenge=challenge, reporter=helper, reason="other", handled_at=timezone.now()
        ),
    )


def test_a_group_cannot_invite_itself(city):
    from supporters.models import GroupInvitation

    group = SupporterFactory(city=city, kind="group")
    assert_violates(
        "supporters_invitation_not_self",
        lambda: GroupInvitation.objects.create(
            group=group, member=group, expires_at=timezone.now() + datetime.timedelta(days=14)
        ),
    )
