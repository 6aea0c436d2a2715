"""Supporter jobs: each takes ids, loads, and delegates; each is safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from .models import Notification
from .notifications import notification_email_send


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification; a failed SMTP send is retried, and a second run sends nothing."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    return notification_email_send(notification=notification) if notification else False
