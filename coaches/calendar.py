"""The coach's events for their personal calendar feed: the support rhythm's contact moments, the health
check-ins due and the city's training sessions. A feed may end up in a third-party calendar app, so no
event names the family, its address or its child: a generic summary and a link to the app."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Coach, HealthCheckIn, Match, TrainingSession
from .support import MET, coach_contact_days, health_by_match, match_moments

HORIZON_DAYS = 400  # a little over a year of moments ahead; a feed is read again every few hours


def _link(name: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse(name)}"


def _day_event(uid: str, day: datetime.date, summary: str, description: str, url: str) -> dict:
    return {
        "uid": uid,
        "summary": summary,
        "start": day,
        "end": day + datetime.timedelta(days=1),
        "description": description,
        "url": url,
    }


def events_for(user, *, today: datetime.date | None = None) -> Iterable[dict]:
    """Each event a dict {"uid", "summary", "start", "end", "description", "url"}; all-day events have
    dates, training sessions aware datetimes (two hours)."""
    today = today or timezone.localdate()
    if not user.is_coach:
        return []
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    matches = list(
        Match.objects.visible_to(user).filter(status=Match.Status.ACTIVE, started_on__isnull=False)
    )
    days = coach_contact_days(match.pk for match in matches)
    events = []
    for match in matches:
        moments = match_moments(match, today=horizon, days=days[match.pk])
        for moment in moments:
            if moment.due_on < today or moment.status(today) == MET:
                continue
            events.append(
                _day_event(
                    f"support-{match.pk}-{moment.due_on.isoformat()}@genk-village",
                    moment.due_on,
                    _("Contact moment with your family"),
                    _("A contact with your family is due by this day. Log it on your coach pages."),
                    _link("coaches:contact_new"),
                )
            )
    for match_id, health in health_by_match(matches, today=today).items():
        due_on = health.due_on.get(HealthCheckIn.Respondent.COACH)
        if due_on is not None:
            events.append(
                _day_event(
                    f"check-in-{match_id}-{due_on.isoformat()}@genk-village",
                    max(due_on, today),
                    _("Check-in on your match"),
                    _("Five short statements on how it goes, for you and with your family."),
                    _link("coaches:check_in"),
                )
            )
    coach = Coach.objects.filter(user=user).first()
    if coach is not None:
        sessions = TrainingSession.objects.filter(
            city_id=coach.city_id, starts_at__gte=timezone.now(), starts_at__date__lte=horizon
        ).order_by("starts_at")
        for session in sessions:
            events.append(
                {
                    "uid": f"training-{session.pk}@genk-village",
                    "summary": session.title,
                    "start": session.starts_at,
                    "end": session.starts_at + datetime.timedelta(hours=2),
                    "description": session.location,
                    "url": _link("coaches:home"),
                }
            )
    return events
