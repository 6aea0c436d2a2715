"""A notification's e-mail goes out in its own job after the commit; a failed SMTP send is retried,
and no run of the job ever sends it twice."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from genk_village.celery import app as celery_app
from supporters.models import Notification
from supporters.notifications import notify
from supporters.tasks import send_notification_email
from tests.genk_village.factories import UserFactory

pytestmark = pytest.mark.django_db


class FailsOnceBackend(EmailBackend):
    """The locmem outbox, behind an SMTP server that refuses the first message it is handed."""

    failures = 0

    def send_messages(self, messages):
        if FailsOnceBackend.failures:
            FailsOnceBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.supporters.test_email_retry.FailsOnceBackend"
    FailsOnceBackend.failures = 1
    yield FailsOnceBackend
    FailsOnceBackend.failures = 0


@pytest.fixture
def user(city):
    return UserFactory(city=city, email="helper@example.org")


def test_the_email_waits_for_the_commit_and_is_sent_once(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(user=user, kind="match", key="match:1", title="A challenge that fits you")
    assert mail.outbox == []  # nothing leaves before the notification row is committed

    for callback in callbacks:
        callback()
    assert send_notification_email(notification.pk) is False  # a second run sends nothing

    assert [message.to for message in mail.outbox] == [["helper@example.org"]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_failed_smtp_send_is_retried_and_the_email_arrives_once(
    user, flaky_smtp, django_capture_on_commit_callbacks, monkeypatch
):
    # as on a worker: the retry is scheduled instead of the error reaching the caller (eager: at once)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, kind="match", key="match:2", title="A challenge that fits you")

    assert flaky_smtp.failures == 0  # the server refused once
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert [message.subject for message in mail.outbox] == ["A challenge that fits you"]
    assert send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_send_that_fails_gives_the_claim_back_so_the_next_run_sends_it(user, flaky_smtp):
    notification = Notification.objects.create(user=user, kind="match", key="match:3", title="Hello")

    with pytest.raises(smtplib.SMTPException):
        send_notification_email.run(notification.pk)  # the task body alone, without Celery's retry
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert mail.outbox == []

    assert send_notification_email.run(notification.pk) is True
    assert send_notification_email.run(notification.pk) is False
    assert len(mail.outbox) == 1


def test_the_task_is_set_to_retry_smtp_and_network_errors_with_backoff():
    assert set(send_notification_email.autoretry_for) == {smtplib.SMTPException, OSError}
    assert send_notification_email.retry_backoff is True
    assert send_notification_email.max_retries == 5


def test_a_person_without_an_email_address_gets_no_email(city):
    nobody = UserFactory(city=city, email="")
    notification = Notification.objects.create(user=nobody, kind="match", key="match:4", title="Hello")

    assert send_notification_email(notification.pk) is False
    assert send_notification_email(999_999) is False
    assert mail.outbox == []
