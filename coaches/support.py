"""Keeping a match alive: the support rhythm (when a contact is due) and the health check-ins (how the
relationship is doing). Pure reads, computed from the match's dates and its contacts, so the coach home,
the calendar, the work list, the reminders and the indicator all count the same moments."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import COACH_KINDS, ContactLog, HealthCheckIn, Match

FIRST, MONTHLY, QUARTERLY = "first", "monthly", "quarterly"
MET, MISSED, DUE, UPCOMING = "met", "missed", "due", "upcoming"

# The five statements of the health check-in, in this order; family-facing, so translated in every
# language of the site. Each is answered from 1 (not true) to 5 (always true).
STATEMENTS = [
    ("at_ease", _("We feel at ease with each other.")),
    ("look_forward", _("We look forward to our meetings.")),
    ("talk", _("We can talk about what matters to us.")),
    ("trust", _("We trust each other.")),
    ("forward", _("Our meetings help the family move forward.")),
]
SCALE = [
    (1, _("Not true")),
    (2, _("Rarely true")),
    (3, _("Sometimes true")),
    (4, _("Mostly true")),
    (5, _("Always true")),
]


@dataclass(frozen=True)
class Moment:
    """One due contact: a contact of the coach from `opens_on` to `due_on` (inclusive) meets it on time."""

    kind: str
    opens_on: datetime.date
    due_on: datetime.date
    met_on: datetime.date | None

    def status(self, today: datetime.date) -> str:
        if self.met_on is not None:
            return MET
        if self.due_on < today:
            return MISSED
        return DUE if self.opens_on <= today else UPCOMING


def due_dates(started_on: datetime.date, until: datetime.date) -> list[tuple[str, datetime.date]]:
    """The rhythm's due dates from the start up to `until`, and the first one after it."""
    dates = [(FIRST, started_on + datetime.timedelta(days=settings.SUPPORT_FIRST_CONTACT_DAYS))]
    months = 0
    while dates[-1][1] <= until:
        monthly = months < settings.SUPPORT_MONTHLY_UNTIL_MONTHS
        months += 1 if monthly else settings.SUPPORT_LATER_EVERY_MONTHS
        dates.append((MONTHLY if monthly else QUARTERLY, started_on + relativedelta(months=months)))
    return dates


def moments_of(
    *, started_on: datetime.date, contact_days: Iterable[datetime.date], until: datetime.date
) -> list[Moment]:
    """Every moment of a match started on `started_on`, up to the first one due after `until`, each
    with the first contact of the coach in its window (a contact after the due date is late)."""
    days = sorted(contact_days)
    moments = []
    opens_on = started_on
    for kind, due_on in due_dates(started_on, until):
        met_on = next((day for day in days if opens_on <= day <= due_on), None)
        moments.append(Moment(kind, opens_on, due_on, met_on))
        opens_on = due_on + datetime.timedelta(days=1)
    return moments


def coach_contact_days(match_ids: Iterable[int]) -> dict[int, list[datetime.date]]:
    """The days of the coach's own contacts per match, in one query."""
    days: dict[int, list[datetime.date]] = defaultdict(list)
    rows = ContactLog.objects.filter(match_id__in=list(match_ids), kind__in=COACH_KINDS).values_list(
        "match_id", "happened_on"
    )
    for match_id, day in rows:
        days[match_id].append(day)
    return days


def match_moments(
    match: Match, *, today: datetime.date, days: list[datetime.date] | None = None
) -> list[Moment]:
    """The moments of one match up to the next one due after `today` (or after its end, if closed)."""
    if match.started_on is None:
        return []
    if days is None:
        days = coach_contact_days([match.pk])[match.pk]
    until = min(today, match.ended_on) if match.ended_on else today
    moments = moments_of(started_on=match.started_on, contact_days=days, until=until)
    if match.ended_on:
        moments = [moment for moment in moments if moment.due_on <= match.ended_on]
    return moments


def next_moment(moments: list[Moment], today: datetime.date) -> Moment | None:
    """The moment the coach works towards now: the first not yet past."""
    return next((moment for moment in moments if moment.due_on >= today), None)


def behind(moments: list[Moment], today: datetime.date) -> Moment | None:
    """The last moment already past, when it was missed: the match is behind its rhythm."""
    past = [moment for moment in moments if moment.due_on < today]
    return past[-1] if past and past[-1].met_on is None else None


def on_schedule(
    matches: Iterable[Match], *, since: datetime.date, day: datetime.date
) -> tuple[int, int, dict[int, tuple[int, int]]]:
    """Of the moments due from `since` to `day` (inclusive), how many were met on time: (met, due) in
    all and per family district, for the indicator `matches.support_on_schedule`."""
    matches = list(matches)
    days = coach_contact_days(match.pk for match in matches)
    per_district: dict[int, tuple[int, int]] = {}
    for match in matches:
        met = due = 0
        for moment in match_moments(match, today=day, days=days[match.pk]):
            if since <= moment.due_on <= day:
                due += 1
                met += moment.met_on is not None
        district_met, district_due = per_district.get(match.family.district_id, (0, 0))
        per_district[match.family.district_id] = (district_met + met, district_due + due)
    return (
        sum(met for met, _due in per_district.values()),
        sum(due for _met, due in per_district.values()),
        per_district,
    )


# Match health


def health_score(answers: list[int]) -> int:
    return sum(answers)


@dataclass(frozen=True)
class Health:
    """Where a match's check-ins stand: the scores over time (oldest first), the next due date per
    respondent, whether one is missing and whether the latest score dropped."""

    scores: dict[str, list[tuple[datetime.date, int]]]
    due_on: dict[str, datetime.date]
    missing: list[str]
    dropped: list[str]


def health_of(match: Match, *, today: datetime.date, check_ins: list[HealthCheckIn] | None = None) -> Health:
    if check_ins is None:
        check_ins = list(match.health_check_ins.all())
    every = relativedelta(months=settings.HEALTH_CHECK_IN_EVERY_MONTHS)
    grace = datetime.timedelta(days=settings.HEALTH_CHECK_IN_GRACE_DAYS)
    scores: dict[str, list[tuple[datetime.date, int]]] = {}
    due_on, missing, dropped = {}, [], []
    for respondent in HealthCheckIn.Respondent.values:
        mine = sorted((c.answered_on, c.pk, c.score) for c in check_ins if c.respondent == respondent)
        scores[respondent] = [(day, score) for day, _pk, score in mine]
        last = mine[-1][0] if mine else match.started_on
        if last is None:
            continue
        due_on[respondent] = last + every
        if due_on[respondent] + grace < today:
            missing.append(respondent)
        if len(mine) >= 2 and mine[-2][2] - mine[-1][2] >= settings.HEALTH_SCORE_DROP:
            dropped.append(respondent)
    return Health(scores, due_on, missing, dropped)


def health_by_match(matches: Iterable[Match], *, today: datetime.date) -> dict[int, Health]:
    """The health of many matches, with their check-ins read in one query."""
    matches = list(matches)
    check_ins: dict[int, list[HealthCheckIn]] = defaultdict(list)
    for check_in in HealthCheckIn.objects.filter(match__in=matches):
        check_ins[check_in.match_id].append(check_in)
    return {match.pk: health_of(match, today=today, check_ins=check_ins[match.pk]) for match in matches}


def premature(match: Match) -> bool:
    """A closed match that ended before PREMATURE_CLOSURE_MONTHS: the steering group's figure to watch."""
    return bool(
        match.ended_on
        and match.started_on
        and match.ended_on < match.started_on + relativedelta(months=settings.PREMATURE_CLOSURE_MONTHS)
    )
