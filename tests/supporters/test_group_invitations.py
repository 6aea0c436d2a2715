"""A group invites members by e-mail; they join only when they accept, and the group learns nothing else."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from supporters.models import GroupInvitation, GroupMembership, Notification
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(city):
    return SupporterFactory(city=city, kind="group", display_name="FC Genk U12", user__email="fc@example.org")


@pytest.fixture
def member(city):
    return SupporterFactory(city=city, kind="person", user__email="member@example.org", display_name="Mieke")


def _invite(client, group, email: str) -> str:
    client.force_login(group.user)
    response = client.post(reverse("challenges:member_add"), {"email": email}, follow=True)
    assert response.status_code == 200
    return response.content.decode().split('class="messages"', 1)[-1].split("</ul>", 1)[0]


def test_an_unknown_and_a_known_address_get_the_same_answer(client, group, member):
    known = _invite(client, group, "member@example.org")
    unknown = _invite(client, group, "nobody@example.org")
    assert known == unknown
    assert "If this address belongs to a supporter of Genk, they get an invitation." in known
    assert GroupInvitation.objects.count() == 1  # an unknown address leaves no trace


def test_the_invited_supporter_is_no_member_before_accepting(
    client, group, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, group, "member@example.org")
    assert not GroupMembership.objects.exists()
    invitation = GroupInvitation.objects.get()
    notification = Notification.objects.get(user=member.user)
    assert notification.url == f"/challenges/profile/invitations/{invitation.pk}/"
    assert any("member@example.org" in message.to for message in mail.outbox)
    client.force_login(group.user)
    assert "Mieke" not in client.get(reverse("challenges:profile")).content.decode()


def test_accepting_the_invitation_makes_the_membership(client, group, member):
    _invite(client, group, "member@example.org")
    invitation = GroupInvitation.objects.get()
    client.force_login(member.user)
    url = reverse("challenges:invitation", args=[invitation.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"answer": "accept"})

    assert response.status_code == 302
    assert list(group.memberships.values_list("member", flat=True)) == [member.pk]
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.post(url, {"answer": "accept"}).status_code == 302  # a second answer changes nothing
    assert GroupMembership.objects.count() == 1


def test_declining_the_invitation_makes_no_membership(client, group, member):
    _invite(client, group, "member@example.org")
    invitation = GroupInvitation.objects.get()
    client.force_login(member.user)
    client.post(reverse("challenges:invitation", args=[invitation.pk]), {"answer": "decline"})
    assert not GroupMembership.objects.exists()
    assert GroupInvitation.objects.get().declined_at is not None


def test_an_expired_invitation_cannot_be_accepted(client, group, member):
    _invite(client, group, "member@example.org")
    invitation = GroupInvitation.objects.get()
    GroupInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    client.force_login(member.user)
    client.post(reverse("challenges:invitation", args=[invitation.pk]), {"answer": "accept"})
    assert not GroupMembership.objects.exists()


def test_another_supporter_cannot_accept_someone_elses_invitation(client, city, group, member):
    _invite(client, group, "member@example.org")
    invitation = GroupInvitation.objects.get()
    other = SupporterFactory(city=city, kind="person")
    client.force_login(other.user)
    url = reverse("challenges:invitation", args=[invitation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(group.user)
    assert client.post(url, {"answer": "accept"}).status_code == 404  # not even the group itself
    assert not GroupMembership.objects.exists()


def test_a_supporter_of_another_city_is_never_invited(client, group, other_city):
    stranger = SupporterFactory(city=other_city, kind="person", user__email="hasselt@example.org")
    answer = _invite(client, group, "hasselt@example.org")
    assert "If this address belongs to a supporter of Genk, they get an invitation." in answer
    assert not GroupInvitation.objects.exists()
    assert not Notification.objects.filter(user=stranger.user).exists()
