"""Notification choices on the supporter's and the coach's page: text messages only with a mobile number."""

import pytest
from django.urls import reverse

from supporters.models import NotificationPreference

# (persona, its page, the profile that holds the phone, a kind of theirs)
PAGES = [
    ("supporter", "challenges:notifications", "supporter", "match"),
    ("coach", "coaches:notifications", "coach", "no_contact"),
]


def _with_phone(user, profile: str, phone: str):
    record = getattr(user, profile)
    record.phone = phone
    record.save(update_fields=["phone"])
    return user


def _choose_texts(client, page: str, kind: str) -> bool:
    client.post(reverse(page), {f"{kind}_in_app": "on", f"{kind}_sms": "on"})
    return NotificationPreference.objects.get(user_id=client.session["_auth_user_id"], kind=kind).sms


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "page", "profile", "kind"), PAGES)
def test_text_messages_cannot_be_chosen_without_a_phone_number(request, client, persona, page, profile, kind):
    client.force_login(_with_phone(request.getfixturevalue(persona), profile, ""))
    response = client.get(reverse(page))
    assert response.context["form"][f"{kind}_sms"].field.disabled
    assert "Text messages need a mobile phone number" in response.content.decode()
    assert _choose_texts(client, page, kind) is False


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "page", "profile", "kind"), PAGES)
def test_text_messages_can_be_chosen_with_a_phone_number(request, client, persona, page, profile, kind):
    client.force_login(_with_phone(request.getfixturevalue(persona), profile, "+32 470 12 34 56"))
    assert not client.get(reverse(page)).context["form"][f"{kind}_sms"].field.disabled
    assert _choose_texts(client, page, kind) is True
