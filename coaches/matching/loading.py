"""The engine's reads: a city's pool of ready coaches (cached), families' needs, who waits, check-ins."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from families.models import Family
from genk_village.models import District, Language

from ..models import (
    COORDINATOR_KINDS,
    Attendance,
    Coach,
    ContactLog,
    Match,
    MatchingWishes,
    TrainingSession,
)
from .scoring import (
    CoachFacts,
    CoachPool,
    DistrictFacts,
    FamilyNeeds,
    RankedCoach,
    availability_mask,
    build_pool,
    explain,
    interest_tokens,
    rank_coaches,
    score_matrix,
)


def district_facts(city_id: int) -> list[DistrictFacts]:
    districts = District.objects.filter(city_id=city_id).select_related("city").order_by("id")
    return [DistrictFacts(d.id, d.name, d.centre(d.city.slug)) for d in districts]


def load_pool(city_id: int) -> CoachPool:
    """The city's ready coaches with a free place: approved, every required session attended (as
    coach_is_ready), fewer active matches than capacity. Three queries, whatever the number of coaches."""
    coaches = _ready_coaches(city_id)
    rows = list(
        coaches.values_list(
            "id",
            "display_name",
            "home_district_id",
            "available_weekdays",
            "available_evenings",
            "available_weekends",
            "interests",
            "capacity",
            "active_matches",
        )
    )
    spoken: dict[int, set[int]] = {}
    for coach_id, language_id in Coach.languages.through.objects.filter(coach__city_id=city_id).values_list(
        "coach_id", "language_id"
    ):
        spoken.setdefault(coach_id, set()).add(language_id)
    preferred: dict[int, set[int]] = {}
    for coach_id, district_id in Coach.districts.through.objects.filter(coach__city_id=city_id).values_list(
        "coach_id", "district_id"
    ):
        preferred.setdefault(coach_id, set()).add(district_id)
    facts = [
        CoachFacts(
            id=coach_id,
            name=name,
            ready=True,
            free_places=capacity - active,
            language_ids=frozenset(spoken.get(coach_id, ())),
            home_district_id=home,
            preferred_district_ids=frozenset(preferred.get(coach_id, ())),
            availability=availability_mask(weekdays, evenings, weekends),
            interests=interest_tokens(interests),
        )
        for coach_id, name, home, weekdays, evenings, weekends, interests, capacity, active in rows
    ]
    return build_pool(facts, district_facts(city_id), dict(Language.objects.values_list("id", "name")))


def rematch_allowed_from(family: Family) -> datetime.date | None:
    """The first day a family may get new proposals after its last closed match (REMATCH_BUFFER_DAYS)."""
    last_end = (
        Match.objects.filter(family=family, status=Match.Status.CLOSED)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if last_end is None:
        return None
    return last_end + datetime.timedelta(days=settings.REMATCH_BUFFER_DAYS)


def needs_of(families: Sequence[Family]) -> list[FamilyNeeds]:
    """FamilyNeeds in four queries; a coach the family had, has or is offered is excluded."""
    ids = [family.pk for family in families]
    languages: dict[int, set[int]] = {}
    for family_id, language_id in Family.household_languages.through.objects.filter(
        family_id__in=ids
    ).values_list("family_id", "language_id"):
        languages.setdefault(family_id, set()).add(language_id)
    wishes = {w.family_id: w for w in MatchingWishes.objects.filter(family_id__in=ids)}
    excluded: dict[int, set[int]] = {}
    for family_id, coach_id in Match.objects.filter(
        family_id__in=ids,
        status__in=[
            Match.Status.PROPOSED,
            Match.Status.CHOSEN,
            Match.Status.DECLINED,
            Match.Status.ACTIVE,
            Match.Status.CLOSED,
        ],
    ).values_list("family_id", "coach_id"):
        excluded.setdefault(family_id, set()).add(coach_id)
    needs = []
    for family in families:
        wish = wishes.get(family.pk)
        needs.append(
            FamilyNeeds(
                family_id=family.pk,
                district_id=family.district_id,
                language_ids=frozenset(languages.get(family.pk, ())),
                availability=availability_mask(
                    wish.available_weekdays, wish.available_evenings, wish.available_weekends
                )
                if wish
                else 0,
                interests=interest_tokens(wish.child_interests) if wish else frozenset(),
                excluded_coach_ids=frozenset(excluded.get(family.pk, ())),
            )
        )
    return needs


# The pools of the cities this process ranked for, with the fingerprint they were loaded under.
_POOLS: dict[int, tuple[tuple, CoachPool]] = {}


def _ready_coaches(city_id: int):
    """Approved coaches with a free place who attended every required session (coach_is_ready's rule)."""
    required = TrainingSession.objects.filter(city_id=city_id, required=True).count()
    return (
        Coach.objects.filter(
            city_id=city_id,
            screening_status=Coach.Screening.APPROVED,
            active_matches__lt=F("capacity"),
        )
        .annotate(
            trained=Count(
                "attendances",
                filter=Q(
                    attendances__attended=True,
                    attendances__session__required=True,
                    attendances__session__city_id=city_id,
                ),
            )
        )
        .filter(trained=required)
    )


def _fingerprint(city_id: int) -> tuple:
    """One query that changes whenever a coach, a place, a session or an attendance of the city does
    (saving a coach, in the admin or a service, bumps its updated_at)."""
    coaches = Coach.objects.filter(city_id=city_id).aggregate(
        count=Count("id"), changed=Max("updated_at"), taken=Sum("active_matches"), places=Sum("capacity")
    )
    training = Attendance.objects.filter(coach__city_id=city_id).aggregate(
        count=Count("id"), changed=Max("updated_at")
    )
    sessions = TrainingSession.objects.filter(city_id=city_id, required=True).aggregate(
        count=Count("id"), changed=Max("updated_at")
    )
    districts = District.objects.filter(city_id=city_id).aggregate(count=Count("id"), last=Max("id"))
    return (*coaches.values(), *training.values(), *sessions.values(), *districts.values())


def cached_pool(city_id: int) -> CoachPool:
    """The city's pool, loaded again only when its fingerprint changed since this process last loaded it."""
    fingerprint = _fingerprint(city_id)
    cached = _POOLS.get(city_id)
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, load_pool(city_id))
        _POOLS[city_id] = cached
    return cached[1]


def shortlist_for(family: Family, *, limit: int | None = None) -> list[RankedCoach]:
    """The family's best ready coaches with a free place, with reasons; SHORTLIST_SIZE by default.

    Ranked on the cached pool, then the leading coaches are checked again in the database, so a coach
    who became full or not ready a moment ago is never returned."""
    limit = settings.SHORTLIST_SIZE if limit is None else limit
    ranked = rank_coaches(needs_of([family])[0], cached_pool(family.city_id), limit=limit * 3 + 5)
    still_ready = set(
        _ready_coaches(family.city_id)
        .filter(pk__in=[entry.coach_id for entry in ranked])
        .values_list("pk", flat=True)
    )
    return [entry for entry in ranked if entry.coach_id in still_ready][:limit]


def reasons_for(family: Family, coach_ids: Sequence[int]) -> dict[int, RankedCoach]:
    """The ranking's score and reasons for these coaches of the family's city (those on its shortlist),
    scored the way the shortlist was, whether or not they are still free; one not in the pool is left out."""
    pool = cached_pool(family.city_id)
    if not len(pool):
        return {}
    needs = needs_of([family])[0]
    scores = score_matrix([needs], pool)
    column = {int(coach_id): i for i, coach_id in enumerate(pool.ids)}
    return {
        coach_id: RankedCoach(
            coach_id=coach_id,
            name=pool.names[column[coach_id]],
            score=int(scores.total[0][column[coach_id]]),
            reasons=explain(needs, pool, scores, column[coach_id]),
        )
        for coach_id in coach_ids
        if coach_id in column
    }


def waiting_families(city_id: int, *, today: datetime.date | None = None):
    """Families in matching without an open proposal and past the buffer after a closed match."""
    today = today or timezone.localdate()
    buffer_start = today - datetime.timedelta(days=settings.REMATCH_BUFFER_DAYS)
    return (
        Family.objects.filter(city_id=city_id, status=Family.Status.MATCHING)
        .exclude(matches__status__in=[Match.Status.PROPOSED, Match.Status.CHOSEN])
        .exclude(matches__status=Match.Status.CLOSED, matches__ended_on__gt=buffer_start)
        .order_by("id")
    )


# Match support reads -----------------------------------------------------------------------------------

CHECK_IN_EVERY_DAYS = 30
CHECK_IN_FIRST_DAYS = 365


def check_ins_due(city_id: int, *, today: datetime.date | None = None):
    """Active matches in their first year whose last check-in (or start) is a month ago or more; a check-in
    is one the coach logged with the coordinator or one the coordinator recorded with the coach or family."""
    today = today or timezone.localdate()
    return (
        Match.objects.filter(
            family__city_id=city_id,
            status=Match.Status.ACTIVE,
            started_on__gt=today - datetime.timedelta(days=CHECK_IN_FIRST_DAYS),
        )
        .annotate(
            last_check_in=Max(
                "contacts__happened_on",
                filter=Q(contacts__kind__in=[ContactLog.Kind.CHECK_IN, *COORDINATOR_KINDS]),
            )
        )
        .filter(
            Q(last_check_in__lte=today - datetime.timedelta(days=CHECK_IN_EVERY_DAYS))
            | Q(
                last_check_in__isnull=True,
                started_on__lte=today - datetime.timedelta(days=CHECK_IN_EVERY_DAYS),
            )
        )
        .select_related("family", "coach")
        .order_by("started_on", "id")
    )
