"""Sign-up as a person or a group, and the profile page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from genk_village.models import User
from supporters.models import Supporter
from tests.genk_village.factories import language
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


def _signup(client, city, kind: str, name: str, email: str):
    return client.post(
        reverse("account_signup"),
        {"kind": kind, "display_name": name, "city": city.pk, "email": email,
         "password1": "a-long-enough-secret-42", "password2": "a-long-enough-secret-42"},
    )  # fmt: skip


def _confirm(client, to: str):
    """Open the confirmation link allauth e-mailed and confirm; the sign-up's browser is signed in."""
    (message,) = [m for m in mail.outbox if to in m.to]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    return client.post(link)


def test_signing_up_as_a_person_makes_a_supporter_of_the_city(client, city):
    response = _signup(client, city, "person", "Jan", "jan@example.org")
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="jan@example.org")
    assert user.is_supporter and user.city == city
    assert Supporter.objects.get(user=user).kind == "person"
    assert client.get("/challenges/").status_code == 302  # not signed in before the address is confirmed
    _confirm(client, "jan@example.org")
    assert client.get("/challenges/").status_code == 200


def test_a_group_signs_up_with_its_contact_person_and_invites_a_member(client, city):
    member = SupporterFactory(city=city, user__email="member@example.org", kind="person")
    _signup(client, city, "group", "FC Genk U12", "coach.fc@example.org")
    group = Supporter.objects.get(user__email="coach.fc@example.org")
    assert group.kind == "group" and group.display_name == "FC Genk U12"
    _confirm(client, "coach.fc@example.org")
    client.post(reverse("challenges:member_add"), {"email": "member@example.org"})
    assert not group.memberships.exists()  # a member joins by accepting the invitation
    client.force_login(member.user)
    invitation = member.group_invitations.get()
    client.post(reverse("challenges:invitation", args=[invitation.pk]), {"answer": "accept"})
    assert list(group.memberships.values_list("member", flat=True)) == [member.pk]


def test_the_sign_up_page_asks_person_or_group(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="kind"' in page and 'for="id_display_name"' in page


def test_a_supporter_says_what_where_and_when_on_the_profile(client, supporter, district):
    client.force_login(supporter)
    dutch = language("nl")
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
