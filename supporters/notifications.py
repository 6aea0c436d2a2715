"""Notifications: one row per (person, subject) shown in the app, then e-mail and text messages as chosen.

`notify()` is idempotent: the row's unique (user, key) is claimed first, so a job that runs twice sends
nothing the second time. Each e-mail goes out in its own job after the commit, retried on SMTP failures.
Every e-mail carries a signed unsubscribe link that works without signing in.
Text messages go through a pluggable backend named by the SMS_BACKEND setting (console by default).
"""

import logging
from smtplib import SMTPException
from typing import Protocol

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from genk_village.links import absolute_url

from .models import Notification, NotificationKind, NotificationPreference, PhoneVerification

logger = logging.getLogger(__name__)
# The salt keeps the module's old name: links in e-mails already sent must keep working.
UNSUBSCRIBE_SALT = "genk_village.notifications.unsubscribe"


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """Logs text messages instead of sending them: the embedded default, until a provider is set up."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class LocmemSmsBackend:
    """Keeps text messages in `sms_outbox`, like Django's locmem e-mail backend: for the tests."""

    def send(self, *, to: str, text: str) -> None:
        sms_outbox.append({"to": to, "text": text})


sms_outbox: list[dict[str, str]] = []


def sms_backend() -> SmsBackend:
    """The adapter named by SMS_BACKEND (a dotted path to a class with `send(*, to, text)`)."""
    return import_string(settings.SMS_BACKEND)()


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a link was made for; None for a forged or mangled link."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in NotificationKind.values:
        return None
    return int(data["u"]), data["k"]


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    path = reverse("challenges:unsubscribe", args=[unsubscribe_token(user_id=user_id, kind=kind)])
    return absolute_url(path)


def preference(user, kind: str) -> NotificationPreference:
    """The person's choice for this kind, or the default: in the app and by e-mail, no texts."""
    found = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return found or NotificationPreference(user=user, kind=kind)


def phone_of(user) -> str:
    """The mobile number a text message goes to: the person's verified number, "" without one.

    A number typed into a profile is never enough: only one proved with a code receives texts."""
    found = PhoneVerification.objects.filter(user=user, verified_at__isnull=False).values_list(
        "number", flat=True
    )
    return found.first() or ""


def notify(*, user, kind: str, key: str, title: str, body: str = "", url: str = "", challenge=None):
    """Notify once per (user, key) by the channels the person chose; returns the notification or None."""
    choice = preference(user, kind)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, key=key, title=title, body=body, url=url, challenge=challenge,
                read_at=None if choice.in_app else timezone.now(),  # not wanted in the app: filed as read
            )  # fmt: skip
    except IntegrityError:
        return None  # notified already, by an earlier run of the same job
    link = absolute_url(url) if url else ""
    if choice.email and user.email:
        from .tasks import send_notification_email

        # its own job, after the commit: a failed SMTP send is retried without redoing the whole job
        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    phone = phone_of(user)
    if choice.sms and phone:
        sms_backend().send(to=phone, text=f"{title} {link}".strip())
    return notification


def notification_email_send(*, notification: Notification) -> bool:
    """Send a notification's e-mail at most once: the row is claimed with a conditional update first,
    and given back when the SMTP send fails, so that the retry sends it and a rerun sends nothing."""
    user = notification.user
    now = timezone.now()
    if not user.email or not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=now
    ):
        return False
    link = absolute_url(notification.url) if notification.url else ""
    stop = unsubscribe_url(user_id=user.pk, kind=notification.kind)
    # title and body were written in the person's language when notified; the footer follows it
    with translation.override(user.language):
        footer = _("You get this e-mail because you chose “%(kind)s”. Stop these e-mails: %(link)s") % {
            "kind": NotificationKind(notification.kind).label,
            "link": stop,
        }
    text = "\n\n".join(part for part in (notification.body, link, footer) if part)
    try:
        send_mail(notification.title, text, None, [user.email])
    except (SMTPException, OSError):
        Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
        raise
    return True
