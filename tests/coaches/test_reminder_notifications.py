"""Coach reminders are notifications: seen in the app, sent by the channels the person chose, stoppable."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from coaches.models import Match, Reminder
from coaches.services import reminders_send_no_contact
from supporters.models import Notification, NotificationKind, NotificationPreference
from supporters.notifications import read_unsubscribe_token
from tests.families.factories import FamilyFactory

TODAY = datetime.date(2026, 3, 16)


@pytest.fixture
def silent_match(coach, family):
    match = Match.objects.get(coach__user=coach, family=family)
    match.started_on = TODAY - datetime.timedelta(days=60)
    match.save(update_fields=["started_on"])
    return match


def run_no_contact_job():
    with TestCase.captureOnCommitCallbacks(execute=True):
        return reminders_send_no_contact(today=TODAY)


@pytest.mark.django_db
def test_a_no_contact_reminder_is_a_notification_in_the_app_and_by_e_mail(silent_match, coach):
    run_no_contact_job()
    (notice,) = Notification.objects.filter(user=coach)
    assert notice.kind == NotificationKind.NO_CONTACT
    assert notice.url == reverse("coaches:contact_new")
    (message,) = mail.outbox
    assert message.subject == notice.title
    assert reverse("challenges:unsubscribe", args=["x"]).rsplit("x", 1)[0] in message.body
    assert Reminder.objects.filter(match=silent_match, kind=Reminder.Kind.NO_CONTACT).count() == 1


@pytest.mark.django_db
def test_the_unsubscribe_link_of_a_reminder_stops_its_e_mails_but_not_the_notice(silent_match, coach, client):
    run_no_contact_job()
    token = mail.outbox[0].body.rsplit("/unsubscribe/", 1)[1].split("/")[0]
    assert read_unsubscribe_token(token) == (coach.pk, NotificationKind.NO_CONTACT)
    client.post(reverse("challenges:unsubscribe", args=[token]))
    mail.outbox.clear()
    other = Match.objects.create(
        family=FamilyFactory(city=coach.city, status="matched"),
        coach=silent_match.coach,
        status=Match.Status.ACTIVE,
        started_on=TODAY - datetime.timedelta(days=45),
    )
    assert run_no_contact_job() == 1  # the new silence; the first one was told already
    assert mail.outbox == []
    assert Notification.objects.filter(user=coach, key__startswith=f"match:{other.pk}:").exists()


@pytest.mark.django_db
def test_a_coach_sees_their_reminders_on_their_notifications_page(silent_match, coach, client):
    run_no_contact_job()
    client.force_login(coach)
    home = client.get(reverse("coaches:home"))
    assert reverse("coaches:notifications") in home.content.decode()
    page = client.get(reverse("coaches:notifications"))
    assert page.status_code == 200
    assert "time for a contact with your family" in page.content.decode()
    assert not Notification.objects.filter(user=coach, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_coach_can_stop_reminder_e_mails_from_the_page(coach, client):
    client.force_login(coach)
    response = client.post(
        reverse("coaches:notifications"),
        {"no_contact_in_app": "on", "screening_lapse_in_app": "on", "screening_lapse_email": "on"},
    )
    assert response.status_code == 302
    choice = NotificationPreference.objects.get(user=coach, kind=NotificationKind.NO_CONTACT)
    assert (choice.in_app, choice.email, choice.sms) == (True, False, False)
