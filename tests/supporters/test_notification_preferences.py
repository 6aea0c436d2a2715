"""Notification choices on the supporter's and the coach's page: text messages only with a mobile number
that was verified with a code; choosing them without one is refused with a sentence saying why."""

import pytest
from django.urls import reverse
from django.utils import timezone

from supporters.models import NotificationPreference, PhoneVerification
from supporters.services import SupporterError, notification_preferences_set

# (persona, its page, a kind of theirs)
PAGES = [
    ("supporter", "challenges:notifications", "match"),
    ("coach", "coaches:notifications", "no_contact"),
]


def _choose_texts(client, page: str, kind: str):
    return client.post(reverse(page), {f"{kind}_in_app": "on", f"{kind}_sms": "on"})


def _wants_texts(user, kind: str) -> bool:
    return NotificationPreference.objects.filter(user=user, kind=kind, sms=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "page", "kind"), PAGES)
def test_text_messages_cannot_be_chosen_without_a_verified_number(request, client, persona, page, kind):
    user = request.getfixturevalue(persona)
    PhoneVerification.objects.create(user=user, number="+32470123456")  # a code sent, never entered
    client.force_login(user)

    response = _choose_texts(client, page, kind)

    assert response.status_code == 200
    assert "Text messages need a verified mobile number" in response.content.decode()
    assert reverse("phone") in response.content.decode()
    assert not _wants_texts(user, kind)


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "page", "kind"), PAGES)
def test_text_messages_can_be_chosen_with_a_verified_number(request, client, persona, page, kind):
    user = request.getfixturevalue(persona)
    PhoneVerification.objects.create(user=user, number="+32470123456", verified_at=timezone.now())
    client.force_login(user)

    assert _choose_texts(client, page, kind).status_code == 302
    assert _wants_texts(user, kind)


@pytest.mark.django_db
def test_the_service_refuses_texts_without_a_verified_number_whoever_calls_it(supporter):
    with pytest.raises(SupporterError, match="verified mobile number"):
        notification_preferences_set(user=supporter, choices={"match": {"in_app": True, "sms": True}})
    assert not _wants_texts(supporter, "match")
