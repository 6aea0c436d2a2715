"""The supporters app's privacy step: the profile, groups, notifications and answers to offers."""

import pytest
from django.contrib.admin.models import LogEntry

from challenges.models import OfferAnswer
from families.models import Offer
from genk_village import privacy
from supporters.models import (
    Badge,
    GroupMembership,
    Notification,
    NotificationPreference,
    Supporter,
)
from tests.genk_village.privacy_checks import (
    NAME,
    PERSONAL,
    PHONE,
    assert_admin_log_forgotten,
    assert_forgotten,
    log_in_admin,
    snapshot,
)
from tests.supporters.factories import SupporterFactory


@pytest.fixture
def offer(family):
    return Offer.objects.create(family=family, title="Turkish lessons", exchange_mode="swap")


@pytest.fixture
def person(supporter, offer, city):
    """A supporter whose profile, group, notifications and answers all name the person."""
    profile = supporter.supporter
    profile.display_name, profile.phone = NAME, PHONE
    profile.save(update_fields=["display_name", "phone"])
    group = SupporterFactory(city=city, kind="group", display_name="FC Genk U10")
    GroupMembership.objects.create(group=group, member=profile)
    profile.badges.create(badge=Badge.objects.create(code="quick", name="Quick", description="Fast"))
    NotificationPreference.objects.create(user=supporter, kind="digest", email=False)
    return {
        "supporter": profile,
        "notification": Notification.objects.create(
            user=supporter, kind="match", key="match:1", title=f"Thank you, {NAME}", body=f"Dear {PERSONAL}"
        ),
        "answer": OfferAnswer.objects.create(offer=offer, supporter=profile, message=f"I am {PERSONAL}"),
    }


def test_erasing_a_supporter_erases_the_profile_notifications_and_answers(person, supporter, coordinator):
    assert privacy.user_anonymise(user=supporter, actor=coordinator) is True

    assert_forgotten(person["supporter"], person["notification"], person["answer"])
    assert (person["supporter"].display_name, person["supporter"].phone) == ("Supporter", "")
    assert (person["notification"].title, person["notification"].body) == ("—", "")
    assert person["answer"].message == ""


def test_erasing_a_supporter_keeps_the_group_and_its_membership(person, supporter, coordinator):
    privacy.user_anonymise(user=supporter, actor=coordinator)

    membership = GroupMembership.objects.get()
    assert (membership.group.display_name, membership.member_id) == ("FC Genk U10", person["supporter"].pk)


def test_erasing_a_supporter_scrubs_the_admin_history_of_their_records(person, supporter, coordinator):
    log_in_admin(coordinator, person["supporter"], person["notification"], person["answer"], supporter)

    privacy.user_anonymise(user=supporter, actor=coordinator)

    assert_admin_log_forgotten()


def test_a_second_erasure_of_a_supporter_returns_false_and_changes_nothing(person, supporter, coordinator):
    log_in_admin(coordinator, person["supporter"])
    privacy.user_anonymise(user=supporter, actor=coordinator)
    rows = (
        Supporter.objects.all(),
        Notification.objects.all(),
        OfferAnswer.objects.all(),
        LogEntry.objects.all(),
    )
    before = snapshot(*rows)

    assert privacy.user_anonymise(user=supporter, actor=coordinator) is False

    assert snapshot(*rows) == before


def test_erasing_a_family_erases_the_messages_answering_its_offers(person, family):
    privacy.family_anonymise(family=family, actor=None)

    assert_forgotten(person["answer"])
    assert OfferAnswer.objects.filter(supporter=person["supporter"]).exists()


def test_a_supporter_export_holds_the_supporters_section(person, supporter):
    data = privacy.person_file(supporter)

    assert (data["supporter"]["display_name"], data["supporter"]["phone"]) == (NAME, PHONE)
    assert data["group_memberships"][0]["group"] == "FC Genk U10"
    assert [b["badge"] for b in data["badges"]] == ["Quick"]
    assert data["notifications"][0]["body"] == f"Dear {PERSONAL}"
    assert data["notification_preferences"][0]["email"] is False
    assert data["answers_to_offers"][0]["message"] == f"I am {PERSONAL}"


def test_the_supporters_step_is_registered_for_persons_and_offer_answers_with_the_challenges():
    steps = {s.name: s for s in privacy.registered()}

    assert steps["supporters"].person_export and steps["supporters"].person_erase
    # The answers to offers live with the offers board, in challenges: its step erases them.
    assert steps["challenges"].family_erase and steps["challenges"].person_erase
