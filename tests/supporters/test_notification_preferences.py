"""A supporter's notification choices: text messages only with a mobile number."""

import pytest
from django.urls import reverse

from supporters.models import NotificationKind, NotificationPreference


@pytest.mark.django_db
def test_a_supporter_without_a_phone_cannot_choose_text_messages(supporter, client):
    client.force_login(supporter)
    page = client.get(reverse("challenges:notifications"))
    assert page.context["form"]["match_sms"].field.disabled
    assert "Text messages need a mobile phone number" in page.content.decode()
    client.post(reverse("challenges:notifications"), {"match_in_app": "on", "match_sms": "on"})
    assert NotificationPreference.objects.get(user=supporter, kind=NotificationKind.MATCH).sms is False


@pytest.mark.django_db
def test_a_supporter_with_a_phone_can_choose_text_messages(supporter, client):
    supporter.supporter.phone = "+32 470 12 34 56"
    supporter.supporter.save(update_fields=["phone"])
    client.force_login(supporter)
    client.post(reverse("challenges:notifications"), {"match_in_app": "on", "match_sms": "on"})
    assert NotificationPreference.objects.get(user=supporter, kind=NotificationKind.MATCH).sms is True
