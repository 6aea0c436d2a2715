"""Personal calendar feeds: a secret, revocable iCalendar (RFC 5545) address per person.

The core knows no domain app: each installed app may provide a `calendar` module with
`events_for(user) -> Iterable[dict]`, each dict {"uid", "summary", "start", "end", "description", "url"}
("start" and "end" a date or an aware datetime, "end" and "url" may be None). The feed gathers them all.
"""

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from importlib import import_module
from urllib.parse import urlsplit

import icalendar
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import module_has_submodule

from .audit import audit
from .models import CalendarFeed

HMAC_SALT = "genk_village.calendar.feed"
# An event without an end: a day for a date, an hour for a moment.
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def _token(salt: str) -> str:
    return salted_hmac(HMAC_SALT, salt, algorithm="sha256").hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_salt() -> tuple[str, str]:
    salt = secrets.token_hex(32)
    return salt, _hash(_token(salt))


def feed_token(user) -> str:
    """The person's current secret, issued on first ask."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        salt, token_hash = _new_salt()
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(user=user, salt=salt, token_hash=token_hash)
        except IntegrityError:  # issued a moment ago by a parallel request
            feed = CalendarFeed.objects.get(user=user)
    return _token(feed.salt)


def feed_url(user) -> str | None:
    """The absolute address a calendar app subscribes to; None for someone signed out."""
    if not getattr(user, "is_authenticated", False):
        return None
    return settings.SITE_URL.rstrip("/") + reverse("calendar_feed", args=[feed_token(user)])


@transaction.atomic
def calendar_feed_revoke(*, user, actor) -> str:
    """A new secret: the old address answers 404 from now on. Returns the new one."""
    salt, token_hash = _new_salt()
    CalendarFeed.objects.update_or_create(user=user, defaults={"salt": salt, "token_hash": token_hash})
    audit(actor=actor, action="genk_village.calendar.revoked", target=user, city_id=user.city_id)
    return feed_url(user)


def user_for_token(token: str):
    """The active person a secret belongs to, or None."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def events_for(user) -> list[dict]:
    """Every installed app's events for the person, in the order of INSTALLED_APPS."""
    events = []
    for config in apps.get_app_configs():
        if config.name == __package__ or not module_has_submodule(config.module, "calendar"):
            continue
        provider = getattr(import_module(f"{config.name}.calendar"), "events_for", None)
        if provider is not None:
            events.extend(provider(user))
    return events


def _moment(value):
    """Aware moments go out in UTC ("Z"), which every calendar reads; dates stay all-day dates."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC)
    return value


def ical(events: Iterable[dict], *, name: str) -> bytes:
    """The feed as RFC 5545 text."""
    host = urlsplit(settings.SITE_URL).hostname or "genk-village"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Genk Village//calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for item in events:
        start = item["start"]
        end = item.get("end") or (
            start + DEFAULT_LENGTH
            if isinstance(start, datetime.datetime)
            else start + datetime.timedelta(days=1)
        )
        event = icalendar.Event()
        event.add("uid", f"{item['uid']}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", _moment(start))
        event.add("dtend", _moment(end))
        event.add("summary", item["summary"])
        if item.get("description"):
            event.add("description", item["description"])
        if item.get("url"):
            event.add("url", item["url"])
        calendar.add_component(event)
    return calendar.to_ical()
