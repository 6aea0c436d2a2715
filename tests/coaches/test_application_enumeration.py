"""The coach application never tells whether an address has an account, and cannot be tried in bulk."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coaches.models import Coach
from genk_village.models import User
from tests.genk_village.factories import UserFactory, language

pytestmark = pytest.mark.django_db


@pytest.fixture
def _apply(client, district):
    def apply(email: str):
        data = {
            "display_name": "Hatice",
            "email": email,
            "password1": "a long enough pass phrase",
            "password2": "a long enough pass phrase",
            "languages": [language("nl").pk],
            "home_district": district.pk,
            "districts": [district.pk],
            "available_evenings": "on",
            "introduction": "Mother of three, I love the outdoors.",
            "consent": "on",
        }
        return client.post(reverse("coach_application:apply"), data, follow=True)

    return apply


def _text(response) -> str:
    """The page as a person reads it: the markup's text, without the per-request CSRF token."""
    html = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_an_address_with_an_account_gets_the_same_answer_as_a_new_one(client, city, _apply):
    owner = UserFactory(email="taken@example.org", city=city, language="fr", first_name="Amélie")
    before = User.objects.count()

    fresh = _apply("new@example.org")
    client.logout()
    client.cookies.clear()
    taken = _apply("Taken@Example.org")

    assert fresh.status_code == taken.status_code == 200
    assert fresh.redirect_chain == taken.redirect_chain == [(reverse("coach_application:thanks"), 302)]
    assert _text(fresh) == _text(taken)
    assert User.objects.count() == before + 1  # the new applicant only
    owner.refresh_from_db()
    assert not owner.is_coach and owner.first_name == "Amélie" and not Coach.objects.filter(user=owner)


def test_the_owner_of_the_address_is_told_in_their_language(
    client, city, _apply, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org", city=city, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        _apply("taken@example.org")

    (message,) = [m for m in mail.outbox if "taken@example.org" in m.to]
    assert "coach" in message.subject.lower() and "/accounts/login/" in message.body
    assert message.subject != "Someone applied as a coach with your e-mail address"  # French, not English


def test_the_eleventh_application_from_one_address_within_ten_minutes_is_refused(client, city, _apply):
    for number in range(10):
        assert _apply(f"volunteer{number}@example.org").status_code == 200
    before = User.objects.count()

    response = _apply("volunteer10@example.org")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert User.objects.count() == before
    assert client.get(reverse("coach_application:apply")).status_code == 200  # reading is never limited
