"""A mobile number is proved with a code sent by text message: validated and normalised with
phonenumbers, the code kept only as an HMAC, five tries, fifteen minutes; texts go only to it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from supporters import notifications
from supporters.models import PhoneVerification
from supporters.notifications import phone_of
from supporters.phone import phone_code_check, phone_code_send
from supporters.services import SupporterError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms(settings):
    settings.SMS_BACKEND = "supporters.notifications.LocmemSmsBackend"
    notifications.sms_outbox.clear()
    return notifications.sms_outbox


def code_in(sms) -> str:
    return re.search(r"\b(\d{6})\b", sms[-1]["text"]).group(1)


def test_a_supporter_adds_a_number_receives_a_code_and_enters_it_on_the_page(
    client, supporter, sms, django_capture_on_commit_callbacks
):
    client.force_login(supporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("phone"), {"action": "send", "number": "0470 12 34 56"})
    assert response.status_code == 302
    assert sms[-1]["to"] == "+32470123456"
    assert phone_of(supporter) == ""  # not before the code

    response = client.post(reverse("phone"), {"action": "check", "code": code_in(sms)})

    assert response.status_code == 302
    assert phone_of(supporter) == "+32470123456"
    assert "+32470123456" in client.get(reverse("phone")).content.decode()
    stored = PhoneVerification.objects.get(user=supporter)
    assert code_in(sms) not in (stored.code_hash, stored.number)


@pytest.mark.parametrize(
    ("number", "message"),
    [("hello", "not a phone number"), ("0470 12", "does not exist"), ("011 23 45 67", "mobile number")],
)
def test_a_number_that_is_not_a_mobile_is_refused_with_a_reason(client, coach, sms, number, message):
    client.force_login(coach)
    response = client.post(reverse("phone"), {"action": "send", "number": number})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PhoneVerification.objects.exists() and not sms


def test_a_wrong_code_counts_and_the_sixth_try_is_refused_even_when_right(
    supporter, sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        phone_code_send(user=supporter, number="+32 470 12 34 56", actor=supporter)
    right = code_in(sms)
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(5):
        with pytest.raises(SupporterError, match="not right"):
            phone_code_check(user=supporter, code=wrong, actor=supporter)

    with pytest.raises(SupporterError, match="expired"):
        phone_code_check(user=supporter, code=right, actor=supporter)
    assert phone_of(supporter) == ""


def test_a_code_expires_after_fifteen_minutes(supporter, sms, django_capture_on_commit_callbacks):
    sent = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        phone_code_send(user=supporter, number="0470123456", actor=supporter, now=sent)

    with pytest.raises(SupporterError, match="expired"):
        phone_code_check(
            user=supporter, code=code_in(sms), actor=supporter, now=sent + datetime.timedelta(minutes=16)
        )


def test_a_new_number_is_unverified_until_its_own_code_and_codes_wait_a_minute(
    supporter, sms, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        phone_code_send(user=supporter, number="0470123456", actor=supporter, now=start)
    phone_code_check(user=supporter, code=code_in(sms), actor=supporter, now=start)
    with pytest.raises(SupporterError, match="less than a minute"):
        phone_code_send(user=supporter, number="0471999999", actor=supporter, now=start)

    with django_capture_on_commit_callbacks(execute=True):
        phone_code_send(
            user=supporter, number="0471 99 99 99", actor=supporter, now=start + datetime.timedelta(minutes=2)
        )

    assert phone_of(supporter) == ""
    assert sms[-1]["to"] == "+32471999999"


def test_removing_the_number_stops_texts(client, supporter):
    PhoneVerification.objects.create(user=supporter, number="+32470123456", verified_at=timezone.now())
    client.force_login(supporter)

    assert client.post(reverse("phone"), {"action": "remove"}).status_code == 302
    assert phone_of(supporter) == ""
