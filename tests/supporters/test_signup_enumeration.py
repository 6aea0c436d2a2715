"""The supporter sign-up never tells whether an address has an account, and cannot be tried in bulk."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from genk_village.models import User
from supporters.models import Supporter
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


def _signup(client, city, email: str):
    return client.post(
        reverse("account_signup"),
        {"kind": "person", "display_name": "Jan", "city": city.pk, "email": email,
         "password1": "a-long-enough-secret-42", "password2": "a-long-enough-secret-42"},
        follow=True,
    )  # fmt: skip


def _text(response, email: str) -> str:
    html = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(email, "EMAIL").strip()


def test_a_sign_up_with_a_taken_address_shows_the_same_page_as_a_fresh_one(client, city):
    owner = SupporterFactory(city=city, user__email="taken@example.org", display_name="Mieke").user
    before = User.objects.count()

    fresh = _signup(client, city, "new@example.org")
    client.logout()
    client.cookies.clear()
    taken = _signup(client, city, "taken@example.org")

    assert fresh.status_code == taken.status_code == 200
    assert fresh.redirect_chain == taken.redirect_chain
    assert fresh.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert _text(fresh, "new@example.org") == _text(taken, "taken@example.org")
    assert "exists" not in _text(taken, "taken@example.org")
    assert User.objects.count() == before + 1
    assert Supporter.objects.get(user=owner).display_name == "Mieke"


def test_the_owner_of_a_taken_address_gets_an_e_mail_and_nobody_is_signed_in(client, city):
    SupporterFactory(city=city, user__email="taken@example.org")

    _signup(client, city, "taken@example.org")

    (message,) = mail.outbox
    assert message.to == ["taken@example.org"]
    assert "/accounts/password/reset/" in message.body  # allauth's "you already have an account"
    assert "_auth_user_id" not in client.session


def test_the_eleventh_sign_up_from_one_address_within_ten_minutes_is_refused(client, city):
    for number in range(10):
        _signup(client, city, f"person{number}@example.org")
        client.logout()
    before = User.objects.count()

    response = _signup(client, city, "person10@example.org")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert User.objects.count() == before
