"""Every e-mail the site sends is read outside the site: each link in it is a full address (SITE_URL),
never a bare path such as "/proposals/respond/34/"."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coaches.models import Match
from coaches.services import match_notify_chosen_coach
from coaches.services.reminders import reminders_send_no_contact
from supporters.models import Notification, NotificationKind
from supporters.notifications import notification_email_send, notify
from supporters.services import group_invitation_create
from tests.coaches.factories import ReadyCoachFactory
from tests.genk_village.factories import UserFactory, language
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

SITE = "https://genk.example.org"
# A path that stands on its own: after a space, a bracket or a quote, not after a host name.
BARE_PATH = re.compile(r"(?:^|[\s(\"'“«=])(/[\w\-.~%/?=&#]+)")
URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def links_of(message) -> tuple[list[str], list[str]]:
    """(full addresses, bare paths) in the text and the HTML part of an e-mail."""
    texts = [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    full, bare = [], []
    for text in texts:
        full += URL.findall(text)
        bare += BARE_PATH.findall(URL.sub("", text))
    return full, bare


def assert_every_link_is_absolute(message, *, at_least: int = 1) -> None:
    full, bare = links_of(message)
    assert not bare, f"bare paths in {message.subject!r}: {bare}"
    assert len(full) >= at_least, f"no link in {message.subject!r}"


def test_the_link_check_catches_a_bare_path():
    message = mail.EmailMessage("s", "accept or decline at /proposals/respond/34/")
    assert links_of(message) == ([], ["/proposals/respond/34/"])
    message = mail.EmailMessage("s", f"accept at {SITE}/proposals/respond/34/.")
    assert links_of(message)[1] == []


@pytest.mark.parametrize("kind", NotificationKind.values)
def test_a_notification_e_mail_of_every_kind_links_to_the_site_and_to_unsubscribe(city, kind):
    user = UserFactory(city=city, email=f"{kind}@example.org")
    notification = notify(user=user, kind=kind, key=f"k:{kind}", title="Hello", body="Body", url="/coach/")
    assert notification_email_send(notification=Notification.objects.get(pk=notification.pk))
    (message,) = mail.outbox
    assert_every_link_is_absolute(message, at_least=2)
    assert f"{SITE}/coach/" in message.body


def test_a_group_invitation_e_mail_links_to_the_invitation(city, django_capture_on_commit_callbacks):
    group = SupporterFactory(city=city, kind="group")
    member = SupporterFactory(city=city, user__email="member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = group_invitation_create(group=group, email=member.user.email, actor=group.user)
    (message,) = mail.outbox
    assert_every_link_is_absolute(message, at_least=2)
    assert SITE + reverse("challenges:invitation", args=[invitation.pk]) in message.body


def test_the_no_contact_reminder_links_to_the_contact_form(coach, django_capture_on_commit_callbacks):
    Match.objects.filter(coach__user=coach).update(
        started_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_no_contact() == 1
    (message,) = [m for m in mail.outbox if coach.email in m.to]
    assert_every_link_is_absolute(message, at_least=2)
    assert SITE + reverse("coaches:contact_new") in message.body


def test_the_owner_of_an_address_someone_applied_with_gets_a_full_sign_in_link(
    client, city, district, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org", city=city)
    data = {
        "display_name": "Hatice",
        "email": "taken@example.org",
        "password1": "a long enough pass phrase",
        "password2": "a long enough pass phrase",
        "languages": [language("nl").pk],
        "home_district": district.pk,
        "districts": [district.pk],
        "available_evenings": "on",
        "introduction": "Mother of three.",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coach_application:apply"), data)
    (message,) = [m for m in mail.outbox if "taken@example.org" in m.to]
    assert_every_link_is_absolute(message)
    assert SITE + reverse("account_login") in message.body


def test_the_password_reset_e_mail_links_to_a_full_address(client, city):
    UserFactory(email="reset@example.org", city=city)
    client.post(reverse("account_reset_password"), {"email": "reset@example.org"})
    (message,) = mail.outbox
    assert_every_link_is_absolute(message)


def test_the_sign_up_confirmation_and_the_taken_address_e_mails_link_to_full_addresses(client, city):
    SupporterFactory(city=city, user__email="taken@example.org")
    for email in ("fresh@example.org", "taken@example.org"):
        client.post(
            reverse("account_signup"),
            {"kind": "person", "display_name": "Jan", "city": city.pk, "email": email,
             "password1": "a-long-enough-secret-42", "password2": "a-long-enough-secret-42"},
        )  # fmt: skip
        client.logout()
    assert {address for message in mail.outbox for address in message.to} == {
        "fresh@example.org",
        "taken@example.org",
    }
    for message in mail.outbox:
        assert_every_link_is_absolute(message)


def test_the_chosen_coach_e_mail_links_to_the_full_address_of_the_answer_page(city, family):
    coach = ReadyCoachFactory(city=city, user__email="chosen@example.org")
    match = Match.objects.create(family=family, coach=coach, status=Match.Status.CHOSEN)
    assert match_notify_chosen_coach(match_id=match.pk)
    (message,) = mail.outbox
    assert SITE + reverse("proposals:respond", args=[match.pk]) in message.body
    assert_every_link_is_absolute(message)
