"""Measuring the registry's indicators: `measure(city=…, day=…)` computes every indicator for the city and
each of its districts as they stood at the end of `day`, in a fixed number of grouped queries whatever the
size of the data."""

import dataclasses
import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.utils import timezone

from challenges.models import Challenge, PointsEntry
from coaches.models import Attendance, Coach, ContactLog, Match
from families.models import DEPRIVED_AT, Child, DeprivationCheck, Family, Goal, LifeDomain, Offer
from genk_village.models import City
from leisure.models import Participation
from supporters.categories import Category
from supporters.models import Supporter

from .registry import CLAIM_BUCKETS, RETENTION_MONTHS, SURVIVAL_MONTHS, WINDOWS, Measure


class Median(Aggregate):
    """PostgreSQL's exact median; SQLite (the embedded demo) computes it in Python instead."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _end_of(day: datetime.date) -> datetime.datetime:
    # The programme's day is Brussels local time: the snapshot of a day counts what happened until midnight.
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _active_on(day: datetime.date, prefix: str = "") -> Q:
    """A match that had started and had not ended on `day` (by dates, so history can be rebuilt)."""
    return Q(
        **{f"{prefix}status__in": [Match.Status.ACTIVE, Match.Status.CLOSED], f"{prefix}started_on__lte": day}
    ) & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day}))


class _Collector:
    """Adds per-district values up to the city's, so each grouped query serves both levels."""

    def __init__(self) -> None:
        self.measures: list[Measure] = []

    def counts(self, code: str, per_district: dict[int, int], city_total: int | None = None) -> None:
        for district_id, count in per_district.items():
            self.measures.append(Measure(code, district_id, count, count, None))
        total = sum(per_district.values()) if city_total is None else city_total
        self.measures.append(Measure(code, None, total, total, None))

    def city_count(self, code: str, count: int) -> None:
        self.measures.append(Measure(code, None, count, count, None))

    def rate(self, code: str, district_id: int | None, numerator: int, denominator: int) -> None:
        value = numerator / denominator if denominator else None
        self.measures.append(Measure(code, district_id, value, numerator, denominator))

    def rates(self, code: str, parts: dict[int, tuple[int, int]]) -> None:
        for district_id, (numerator, denominator) in parts.items():
            self.rate(code, district_id, numerator, denominator)
        self.rate(code, None, sum(n for n, _d in parts.values()), sum(d for _n, d in parts.values()))


def measure(*, city: City, day: datetime.date, district_ids: Iterable[int] = ()) -> list[Measure]:
    """Every indicator of STORED for `city` and each district, as at the end of `day`: a windowed one for
    the window of each period (its code `code@days`).

    Districts without any data still get zeros for the per-district counts, so a table shows every district.
    """
    out = _Collector()
    end = _end_of(day)
    districts = list(district_ids)
    _reach(out, city, day, end, districts)
    _coaches(out, city, day, end)
    _challenges(out, city, day, end, districts)
    _reciprocity(out, city, end, districts)
    _outcomes(out, city, day, end)
    _match_survival(out, city, day)
    _leisure(out, city, day, districts)
    _premature(out, city, day, districts)
    for days in WINDOWS:
        window = _Window(out, days)
        _supporters(window, city, day, end, days)
        _timing(window, city, end, districts, days)
        _match_health(window, city, day, days)
        _match_support(window, city, day, districts, days)
    return out.measures


class _Window:
    """The collector of one window: what is written to it is stored under `code@days`."""

    def __init__(self, out: _Collector, days: int) -> None:
        self.out, self.suffix = out, f"@{days}"

    @property
    def measures(self) -> "_Window":
        return self

    def append(self, item: Measure) -> None:
        self.out.measures.append(Measure(item.code + self.suffix, *dataclasses.astuple(item)[1:]))

    def counts(self, code: str, *args) -> None:
        self.out.counts(code + self.suffix, *args)

    def city_count(self, code: str, count: int) -> None:
        self.out.city_count(code + self.suffix, count)

    def rates(self, code: str, parts) -> None:
        self.out.rates(code + self.suffix, parts)


def _zeros(districts: list[int], found: dict[int, int]) -> dict[int, int]:
    return {district: found.get(district, 0) for district in districts} | found


def _reach(out, city, day, end, districts) -> None:
    sources = Family.Source.values
    rows = (
        Family.objects.filter(city=city, created_at__lt=end)
        .values("district_id")
        .annotate(
            referred=Count("pk"),
            enrolled=Count("pk", filter=Q(intake_on__lte=day)),
            **{f"source_{source}": Count("pk", filter=Q(referral_source=source)) for source in sources},
        )
        .order_by()
    )
    rows = list(rows)
    for key in ["referred", "enrolled"]:
        out.counts(f"reach.{key}", _zeros(districts, {row["district_id"]: row[key] for row in rows}))
    for source in sources:
        found = {row["district_id"]: row[f"source_{source}"] for row in rows}
        out.counts(f"reach.referred.{source}", _zeros(districts, found))
    matched = (
        Match.objects.filter(_active_on(day), family__city=city)
        .values("family__district_id")
        .annotate(families=Count("family", distinct=True))
        .order_by()
    )
    found = {row["family__district_id"]: row["families"] for row in matched}
    out.counts("reach.matched", _zeros(districts, found))


def _coaches(out, city, day, end) -> None:
    totals = Coach.objects.filter(city=city).aggregate(
        recruited=Count("pk", filter=Q(created_at__lt=end)),
        screened=Count("pk", filter=Q(screening_status=Coach.Screening.APPROVED, screened_on__lte=day)),
    )
    out.city_count("coaches.recruited", totals["recruited"])
    out.city_count("coaches.screened", totals["screened"])
    trained = Attendance.objects.filter(
        coach__city=city, attended=True, session__starts_at__lt=end
    ).aggregate(coaches=Count("coach", distinct=True))
    out.city_count("coaches.trained", trained["coaches"])
    # One row per coach (at most a few hundred), reduced here: retention needs per-coach date arithmetic.
    careers = (
        Match.objects.filter(
            coach__city=city, status__in=[Match.Status.ACTIVE, Match.Status.CLOSED], started_on__lte=day
        )
        .values("coach_id")
        .annotate(
            first=Min("started_on"), last_end=Max("ended_on"), active=Count("pk", filter=_active_on(day))
        )
        .order_by()
    )
    careers = [(career["first"], None if career["active"] else career["last_end"]) for career in careers]
    out.city_count("coaches.active", sum(1 for _first, end in careers if end is None))
    for months in RETENTION_MONTHS:
        out.rate(f"coaches.retention_{months}m", None, *_surviving(careers, months, day))
    for months in SURVIVAL_MONTHS:
        out.rate(f"survival.coaches.{months}m", None, *_surviving(careers, months, day))


def _surviving(spells: list[tuple], months: int, day: datetime.date) -> tuple[int, int]:
    """Of the spells (start, end or None while running) that began at least `months` before `day`, how
    many lasted `months`: a survival curve's point, without the spells too recent to tell."""
    kept = cohort = 0
    for start, end in spells:
        mark = start + relativedelta(months=months)
        if mark <= day:
            cohort += 1
            kept += end is None or end >= mark
    return kept, cohort


def _match_survival(out, city, day) -> None:
    # One row per match (a few thousand at the largest), reduced here: months need calendar arithmetic.
    spells = [
        (started, None if ended is None or ended > day else ended)
        for started, ended in Match.objects.filter(
            family__city=city, status__in=[Match.Status.ACTIVE, Match.Status.CLOSED], started_on__lte=day
        ).values_list("started_on", "ended_on")
    ]
    for months in SURVIVAL_MONTHS:
        out.rate(f"survival.matches.{months}m", None, *_surviving(spells, months, day))


def _supporters(window, city, day, end, days) -> None:
    if days == WINDOWS[0]:  # the counts to date, once
        totals = Supporter.objects.filter(city=city, created_at__lt=end).aggregate(
            registered=Count("pk"), groups=Count("pk", filter=Q(kind=Supporter.Kind.GROUP))
        )
        window.out.city_count("supporters.registered", totals["registered"])
        window.out.city_count("supporters.groups", totals["groups"])
    active = Challenge.objects.filter(
        city=city,
        claimant__isnull=False,
        claimed_at__gte=end - datetime.timedelta(days=days),
        claimed_at__lt=end,
    ).aggregate(supporters=Count("claimant", distinct=True))
    window.city_count("supporters.active_30d", active["supporters"])


def _duration(field: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(field) - F("created_at"), output_field=DurationField())


def _challenges(out, city, day, end, districts) -> None:
    rows = list(
        Challenge.objects.filter(city=city, created_at__lt=end)
        .values("district_id", "category")
        .annotate(
            posted=Count("pk"),
            claimed=Count("pk", filter=Q(claimed_at__lt=end)),
            # a coach may confirm without the supporter marking it delivered: confirmed implies delivered
            delivered=Count("pk", filter=Q(delivered_at__lt=end) | Q(confirmed_at__lt=end)),
            confirmed=Count("pk", filter=Q(confirmed_at__lt=end)),
        )
        .order_by()
    )
    for key in ["posted", "claimed", "delivered", "confirmed"]:
        per_district: dict[int, int] = defaultdict(int)
        per_category: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for row in rows:
            per_district[row["district_id"]] += row[key]
            per_category[row["category"]][row["district_id"]] += row[key]
        out.counts(f"challenges.{key}", _zeros(districts, dict(per_district)))
        if key in ("posted", "confirmed"):
            for category in Category.values:
                out.counts(f"challenges.{key}.{category}", _zeros(districts, dict(per_category[category])))


def _timing(out, city, end, districts, days) -> None:
    """How fast the challenges claimed (and confirmed) in the window were taken up."""
    start = end - datetime.timedelta(days=days)
    claimed = Challenge.objects.filter(city=city, claimed_at__gte=start, claimed_at__lt=end)
    buckets = {}
    lower = None
    for bucket, _label, hours in CLAIM_BUCKETS:
        condition = Q()
        if lower is not None:
            condition &= Q(claimed_at__gt=F("created_at") + datetime.timedelta(hours=lower))
        if hours is not None:
            condition &= Q(claimed_at__lte=F("created_at") + datetime.timedelta(hours=hours))
        buckets[bucket] = Count("pk", filter=condition)
        lower = hours
    rows = list(claimed.values("district_id").annotate(**buckets).order_by())
    for bucket in buckets:
        out.counts(
            f"challenges.claim_time.{bucket}", _zeros(districts, {r["district_id"]: r[bucket] for r in rows})
        )
    within_day = [bucket for bucket, _label, hours in CLAIM_BUCKETS if hours is not None and hours <= 24]
    out.rates(
        "challenges.claimed_within_day",
        {row["district_id"]: (sum(row[b] for b in within_day), sum(row[b] for b in buckets)) for row in rows},
    )
    confirmed = Challenge.objects.filter(city=city, confirmed_at__gte=start, confirmed_at__lt=end)
    _medians(out, "challenges.hours_to_claim", claimed, "claimed_at")
    _medians(out, "challenges.hours_to_complete", confirmed, "confirmed_at")


def _medians(out, code: str, queryset, field: str) -> None:
    """Median hours per district and for the city: two grouped queries on PostgreSQL, one fetch on SQLite."""
    duration = _duration(field)
    if connection.vendor == "postgresql":
        rows = queryset.values("district_id").annotate(median=Median(duration), n=Count("pk")).order_by()
        per_district = [(row["district_id"], row["median"], row["n"]) for row in rows]
        city = queryset.aggregate(median=Median(duration), n=Count("pk"))
        per_district.append((None, city["median"], city["n"]))
    else:
        grouped: dict[int, list[datetime.timedelta]] = defaultdict(list)
        for district_id, elapsed in queryset.values_list("district_id", duration):
            grouped[district_id].append(elapsed)
        everything = [elapsed for values in grouped.values() for elapsed in values]
        per_district = [(d, statistics.median(values), len(values)) for d, values in grouped.items()]
        per_district.append((None, statistics.median(everything) if everything else None, len(everything)))
    for district_id, median, n in per_district:
        hours = median.total_seconds() / 3600 if median is not None else None
        out.measures.append(Measure(code, district_id, hours, None, n))


def _reciprocity(out, city, end, districts) -> None:
    gave = (
        Offer.objects.filter(family__city=city, created_at__lt=end)
        .exclude(status=Offer.Status.WITHDRAWN)
        .values("family__district_id")
        .annotate(families=Count("family", distinct=True))
        .order_by()
    )
    found = {row["family__district_id"]: row["families"] for row in gave}
    out.counts("reciprocity.families_gave_back", _zeros(districts, found))
    points = PointsEntry.objects.filter(
        Q(supporter__city=city) | Q(family__city=city), created_at__lt=end
    ).aggregate(total=Sum("points"), n=Count("pk"))
    out.measures.append(Measure("reciprocity.points_issued", None, points["total"] or 0, None, points["n"]))


def _outcomes(out, city, day, end) -> None:
    checks = DeprivationCheck.objects.filter(child=OuterRef("pk"), checked_on__lte=day)
    first = checks.order_by("checked_on", "id")
    latest = checks.order_by("-checked_on", "-id")
    rows = (
        Child.objects.filter(family__city=city)
        .annotate(
            first_missing=Subquery(first.values("missing_count")[:1]),
            latest_missing=Subquery(latest.values("missing_count")[:1]),
            latest_leisure=Subquery(latest.values("has_leisure_activity")[:1]),
            first_leisure=Subquery(first.values("has_leisure_activity")[:1]),
            first_id=Subquery(first.values("pk")[:1]),
            latest_id=Subquery(latest.values("pk")[:1]),
        )
        .values("family__district_id")
        .annotate(
            checked=Count("pk", filter=Q(first_missing__isnull=False)),
            deprived_first=Count("pk", filter=Q(first_missing__gte=DEPRIVED_AT)),
            deprived_latest=Count("pk", filter=Q(latest_missing__gte=DEPRIVED_AT)),
            leisure=Count("pk", filter=Q(latest_leisure=True)),
            # the same children at intake and now: those with a later check than the first
            **{
                f"followed{key}": Count(
                    "pk", filter=Q(first_id__isnull=False) & ~Q(first_id=F("latest_id")) & q
                )
                for key, q in [
                    ("", Q()),
                    ("_deprived_first", Q(first_missing__gte=DEPRIVED_AT)),
                    ("_deprived_latest", Q(latest_missing__gte=DEPRIVED_AT)),
                    ("_leisure_first", Q(first_leisure=True)),
                    ("_leisure_latest", Q(latest_leisure=True)),
                ]
            },
        )
        .order_by()
    )
    rows = list(rows)
    for code, key, base in [
        ("outcomes.deprived_at_intake", "deprived_first", "checked"),
        ("outcomes.deprived_now", "deprived_latest", "checked"),
        ("outcomes.leisure_activity", "leisure", "checked"),
        ("outcomes.followed.deprived_at_intake", "followed_deprived_first", "followed"),
        ("outcomes.followed.deprived_now", "followed_deprived_latest", "followed"),
        ("outcomes.followed.leisure_at_intake", "followed_leisure_first", "followed"),
        ("outcomes.followed.leisure_now", "followed_leisure_latest", "followed"),
    ]:
        out.rates(code, {row["family__district_id"]: (row[key], row[base]) for row in rows})
    goals = list(
        Goal.objects.filter(family__city=city, created_at__lt=end)
        .values("family__district_id", "domain")
        .annotate(
            total=Count("pk"),
            reached=Count("pk", filter=Q(status=Goal.Status.REACHED, reached_on__lte=day)),
        )
        .order_by()
    )
    for domain in LifeDomain.values:
        parts = {
            row["family__district_id"]: (row["reached"], row["total"])
            for row in goals
            if row["domain"] == domain
        }
        out.rates(f"outcomes.goals_reached.{domain}", parts)


def _match_health(out, city, day, days) -> None:
    recent = ContactLog.objects.filter(
        match=OuterRef("pk"), happened_on__gt=day - datetime.timedelta(days=days), happened_on__lte=day
    )
    rows = (
        Match.objects.filter(_active_on(day), family__city=city)
        .annotate(recent=Exists(recent))
        .values("family__district_id")
        .annotate(active=Count("pk"), contacted=Count("pk", filter=Q(recent=True)))
        .order_by()
    )
    out.rates(
        "match_health.contact_30d",
        {row["family__district_id"]: (row["contacted"], row["active"]) for row in rows},
    )


# --- Match support (issue #14): the support rhythm's moments met on time, and premature closures.


def _match_support(out, city, day, districts, days) -> None:
    """Two queries for the moments due in the window (the matches, their coach contacts); the moments
    are dated in Python by coaches.support, as the coach and the coordinator see them."""
    from coaches.support import on_schedule

    since = day - datetime.timedelta(days=days - 1)
    matches = (
        Match.objects.filter(
            family__city=city, status__in=[Match.Status.ACTIVE, Match.Status.CLOSED], started_on__lte=day
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .select_related("family")
    )
    _met, _due, per_district = on_schedule(matches, since=since, day=day)
    out.rates("matches.support_on_schedule", per_district)


def _premature(out, city, day, districts) -> None:
    from coaches.support import premature

    closed = Match.objects.filter(family__city=city, status=Match.Status.CLOSED, ended_on__lte=day)
    found: dict[int, int] = defaultdict(int)
    for match in closed.select_related("family"):
        if premature(match):
            found[match.family.district_id] += 1
    out.counts("match_health.closed_premature", _zeros(districts, dict(found)))


def _going_on(day) -> Q:
    """A participation the child went to on `day`: started by then, not stopped by then."""
    return Q(started_on__lte=day) & (Q(stopped_on__isnull=True) | Q(stopped_on__gt=day))


def _leisure(out, city, day, districts) -> None:
    participations = Participation.objects.filter(child=OuterRef("pk"), started_on__isnull=False)
    at_intake = participations.filter(started_on__lte=OuterRef("family__intake_on")).filter(
        Q(stopped_on__isnull=True) | Q(stopped_on__gt=OuterRef("family__intake_on"))
    )
    rows = (
        Child.objects.filter(family__city=city, family__intake_on__lte=day)
        .annotate(at_intake=Exists(at_intake), now=Exists(participations.filter(_going_on(day))))
        .values("family__district_id")
        .annotate(
            children=Count("pk"),
            at_intake_n=Count("pk", filter=Q(at_intake=True)),
            now_n=Count("pk", filter=Q(now=True)),
        )
        .order_by()
    )
    rows = list(rows)
    out.rates(
        "leisure.going_at_intake", {r["family__district_id"]: (r["at_intake_n"], r["children"]) for r in rows}
    )
    out.rates("leisure.going_now", {r["family__district_id"]: (r["now_n"], r["children"]) for r in rows})
    started = (
        Participation.objects.filter(child__family__city=city, through_programme=True, started_on__lte=day)
        .values("child__family__district_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out.counts(
        "leisure.activities_started",
        _zeros(districts, {r["child__family__district_id"]: r["n"] for r in started}),
    )
