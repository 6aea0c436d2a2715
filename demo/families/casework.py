"""What no service writes yet, for both paths: the Kind en Gezin assessment, the matching wishes, the
plan's goals, offers and the coach's contact log."""

from coaches.models import ContactLog, MatchingWishes
from families.models import Goal, KindEnGezinAssessment, LifeDomain, Offer

from .. import catalogue
from ..context import DemoContext
from ..writer import Rows
from .matches import MatchPlan
from .specs import DAY, FamilySpec, weighted

CONTACT_KINDS = [
    (ContactLog.Kind.VISIT, 30),
    (ContactLog.Kind.PHONE, 25),
    (ContactLog.Kind.MESSAGE, 20),
    (ContactLog.Kind.MEETING, 10),
    (ContactLog.Kind.ACTIVITY, 10),
    (ContactLog.Kind.CHECK_IN, 5),
]
GOAL_STATUSES = [
    (Goal.Status.PLANNED, 25),
    (Goal.Status.IN_PROGRESS, 40),
    (Goal.Status.REACHED, 25),
    (Goal.Status.DROPPED, 10),
]
# When a family can meet its coach, with how often each moment suits a family.
MOMENTS = {"available_weekdays": 0.3, "available_evenings": 0.6, "available_weekends": 0.7}


def add_casework(
    ctx: DemoContext,
    rows: Rows,
    spec: FamilySpec,
    family_id: int,
    plan: MatchPlan | None,
    match_id: int | None,
) -> None:
    rng = ctx.rng("family-extras", spec.index)
    if spec.intake_on is not None:
        rows.add(
            KindEnGezinAssessment,
            created_at=ctx.moment(spec.intake_on, 15),
            family_id=family_id,
            assessed_on=spec.intake_on,
            **spec.criteria,
        )
        wishes = ctx.rng("family-wishes", spec.index)
        rows.add(
            MatchingWishes,
            created_at=ctx.moment(spec.intake_on, 15),
            family_id=family_id,
            child_interests=", ".join(wishes.sample(catalogue.CHILD_INTERESTS, 2)),
            **{moment: wishes.random() < odds for moment, odds in MOMENTS.items()},
        )
    if plan is None or match_id is None:
        return
    end = plan.ended_on or ctx.today
    for domain in rng.sample(LifeDomain.values, rng.randint(3, 5)):
        description, next_step = rng.choice(catalogue.GOALS[domain])
        status = weighted(rng, GOAL_STATUSES)
        span = max(1, (end - plan.started_on).days)
        reached_on = plan.started_on + rng.randint(1, span) * DAY if status == Goal.Status.REACHED else None
        rows.add(
            Goal,
            created_at=ctx.moment(plan.started_on + 7 * DAY, 19),
            family_id=family_id,
            domain=domain,
            description=description,
            next_step="" if status == Goal.Status.REACHED else next_step,
            status=status,
            reached_on=reached_on,
        )
    if rng.random() < 0.45:
        for title, description, mode in rng.sample(catalogue.OFFERS, rng.randint(1, 2)):
            offered = plan.started_on + rng.randint(1, max(1, (end - plan.started_on).days)) * DAY
            rows.add(
                Offer,
                created_at=ctx.moment(offered, 16),
                family_id=family_id,
                title=title,
                description=description,
                exchange_mode=mode,
                status=Offer.Status.TAKEN if rng.random() < 0.5 else Offer.Status.OPEN,
                recorded_by_id=plan.chosen.coach.user_id,
            )
    # A few active matches have had no contact for 30+ days, for the reminder job and the indicator.
    neglected = plan.ended_on is None and spec.index % 7 == 3
    last = end - rng.randint(35, 60) * DAY if neglected else end - rng.randint(0, 5) * DAY
    day, logged = plan.started_on + rng.randint(1, 6) * DAY, 0
    while day <= last and logged < 80:
        kind = weighted(rng, CONTACT_KINDS)
        author = ctx.coordinator.pk if kind == ContactLog.Kind.CHECK_IN else plan.chosen.coach.user_id
        minutes = (
            rng.randint(10, 30)
            if kind in (ContactLog.Kind.PHONE, ContactLog.Kind.MESSAGE)
            else rng.randint(30, 120)
        )
        rows.add(
            ContactLog,
            created_at=ctx.moment(day, 20),
            match_id=match_id,
            author_id=author,
            kind=kind,
            happened_on=day,
            duration_minutes=minutes,
            note=rng.choice(catalogue.CONTACT_NOTES),
        )
        day, logged = day + rng.randint(5, 18) * DAY, logged + 1
