"""Matches of the demo: which ready coach each family gets, and the match rows both paths write.

`MatchRow` holds a match's columns once. The bulk path writes it as it is; the service path proposes,
chooses, activates and closes through `coaches.services` with the same rank, dates and closure, then
puts the rows' own dates on what the services stamped "now".
"""

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings

from coaches.models import Coach, Match, TrainingSession
from coaches.services import match_activate, match_choose, match_close, match_propose
from families.models import ConsentRecord, Family
from families.services import consent_record

from ..context import DemoContext
from .specs import DAY, ITEM_CODES, FamilySpec, S, weighted

CLOSURE_REASONS = [
    (Match.ClosureReason.FAMILY_MOVED, 35),
    (Match.ClosureReason.FAMILY_STOPPED, 25),
    (Match.ClosureReason.COACH_STOPPED, 20),
    (Match.ClosureReason.MISMATCH, 10),
    (Match.ClosureReason.OTHER, 10),
]
EXIT_NOTE = "Afgesloten na een afscheidsgesprek met de familie."


# --- choosing coaches -------------------------------------------------------------------------------------


@dataclass
class Slot:
    coach: Coach
    languages: set[str]
    districts: set[int]
    free: int


class Matcher:
    """Ready coaches (approved, required training attended) with free places, best fit first."""

    def __init__(self, ctx: DemoContext) -> None:
        required = TrainingSession.objects.filter(city=ctx.city, required=True)
        ready = Coach.objects.filter(city=ctx.city, screening_status=Coach.Screening.APPROVED)
        for session in required:
            ready = ready.filter(attendances__session=session, attendances__attended=True)
        ready = ready.prefetch_related("languages", "districts").select_related("user").order_by("pk")
        self.slots = [
            Slot(
                coach,
                {language.code for language in coach.languages.all()},
                {district.pk for district in coach.districts.all()},
                coach.capacity - coach.active_matches,
            )
            for coach in ready
        ]
        self.first_coach = ctx.site.coach_email(1)  # the first family's coach, whenever coach1 is free

    def shortlist(self, spec: FamilySpec, size: int) -> list[Slot]:
        """The family's choice goes to a coach who shares a language other than Dutch where one is free."""
        home = set(spec.languages)

        def fit(slot: Slot):
            shared = home & slot.languages
            first = spec.index == 0 and slot.coach.user.email == self.first_coach
            return (
                not first,
                -len(shared - {"nl"}),
                -len(shared),
                spec.district_id not in slot.districts,
                -slot.free,
                (slot.coach.pk * 7919 + spec.index) % 101,
            )

        return sorted((slot for slot in self.slots if slot.free > 0), key=fit)[:size]


@dataclass
class MatchPlan:
    chosen: Slot
    others: list[Slot]
    proposed_at: datetime.datetime
    started_on: datetime.date
    ended_on: datetime.date | None = None
    closure_reason: str = ""
    closed_on: datetime.date | None = None
    later_check_on: datetime.date | None = None
    missing_later: list[str] = field(default_factory=list)


def plan_match(ctx: DemoContext, spec: FamilySpec, matcher: Matcher) -> MatchPlan | None:
    shortlist = matcher.shortlist(spec, 3)
    if not shortlist:
        return None
    rng = ctx.rng("match", spec.index)
    today = ctx.today
    started_on = min(today - 14 * DAY, spec.intake_on + rng.randint(14, 40) * DAY)
    plan = MatchPlan(
        shortlist[0],
        shortlist[1 : rng.randint(1, 3)],
        ctx.moment(started_on - rng.randint(5, 12) * DAY, 14),
        started_on,
    )
    end = today
    if spec.status == S.CLOSED:
        plan.ended_on = min(today - 5 * DAY, started_on + rng.randint(120, 500) * DAY)
        plan.closure_reason = weighted(rng, CLOSURE_REASONS)
        plan.closed_on = min(today, plan.ended_on + rng.randint(0, 14) * DAY)
        end = plan.ended_on
    later = min(end - 3 * DAY, started_on + 180 * DAY)
    if later > spec.intake_on:
        plan.later_check_on = later
        # the coach's work shows: most missing items are there by the second check
        kept = [code for code in spec.missing_at_intake if rng.random() < 0.45]
        plan.missing_later = kept + ([rng.choice(ITEM_CODES)] if rng.random() < 0.15 else [])
    if spec.status != S.CLOSED:
        plan.chosen.free -= 1
    return plan


# --- one row per match, for both paths ---------------------------------------------------------------------


@dataclass(frozen=True)
class MatchRow:
    """A match's columns, as the bulk path writes them and the service path reaches them."""

    created_at: datetime.datetime
    family_id: int
    coach: Coach
    status: str
    rank: int
    chosen_by_id: int | None = None
    chosen_at: datetime.datetime | None = None
    started_on: datetime.date | None = None
    planned_end_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    closure_reason: str = ""
    exit_note: str = ""

    def columns(self) -> dict[str, Any]:
        """Attribute name -> value, `coach_id` for the coach; the same names in the same order every time."""
        values = asdict(self)
        values.pop("coach")
        return {"coach_id": self.coach.pk, **values}


def proposal_rows(ctx: DemoContext, family_id: int, slots: list[Slot]) -> list[MatchRow]:
    """A family still in matching: the coaches proposed to it, best first, none chosen yet."""
    return [
        MatchRow(ctx.now, family_id, slot.coach, Match.Status.PROPOSED, rank)
        for rank, slot in enumerate(slots, start=1)
    ]


def plan_rows(ctx: DemoContext, family_id: int, plan: MatchPlan) -> list[MatchRow]:
    """The chosen coach's match (rank 1: active, or closed with its reason) and the proposals not chosen."""
    closed = plan.ended_on is not None
    chosen = MatchRow(
        plan.proposed_at,
        family_id,
        plan.chosen.coach,
        Match.Status.CLOSED if closed else Match.Status.ACTIVE,
        1,
        chosen_by_id=ctx.coordinator.pk,
        chosen_at=plan.proposed_at + 3 * DAY,
        started_on=plan.started_on,
        planned_end_on=years_later(plan.started_on, settings.MATCH_YEARS),
        ended_on=plan.ended_on,
        closure_reason=plan.closure_reason,
        exit_note=EXIT_NOTE if closed else "",
    )
    others = [
        MatchRow(plan.proposed_at, family_id, slot.coach, Match.Status.NOT_CHOSEN, rank)
        for rank, slot in enumerate(plan.others, start=2)
    ]
    return [chosen, *others]


def years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# --- the service path --------------------------------------------------------------------------------------


def propose_with_services(ctx: DemoContext, family: Family, rows: list[MatchRow]) -> list[Match]:
    return [
        match_propose(family=family, coach=row.coach, actor=ctx.coordinator, rank=row.rank) for row in rows
    ]


def match_with_services(ctx: DemoContext, family: Family, plan: MatchPlan) -> tuple[Match, MatchRow]:
    """Propose, choose and activate as the plan's rows say; returns the chosen match and its row."""
    coordinator = ctx.coordinator
    rows = plan_rows(ctx, family.pk, plan)
    chosen = rows[0]
    consent_record(
        family=family,
        purpose=ConsentRecord.Purpose.SHARE_WITH_COACH,
        given_on=chosen.created_at.date(),
        actor=coordinator,
    )
    proposals = propose_with_services(ctx, family, rows)
    match = match_choose(match=proposals[0], actor=coordinator)
    match = match_activate(match=match, actor=coordinator, started_on=chosen.started_on)
    # The services stamp "now"; the demo's history needs the rows' own moments.
    for proposal, row in zip(proposals, rows, strict=True):
        Match.objects.filter(pk=proposal.pk).update(created_at=row.created_at)
    Match.objects.filter(pk=match.pk).update(chosen_at=chosen.chosen_at)
    return match, chosen


def close_with_services(ctx: DemoContext, match: Match, row: MatchRow) -> None:
    match_close(
        match=match,
        reason=row.closure_reason,
        actor=ctx.coordinator,
        ended_on=row.ended_on,
        exit_note=row.exit_note,
    )
