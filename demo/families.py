"""Demo families GEN-0001 … GEN-N in every status, with their child, consents, checks, plan and coach.

Pilot sizes go through the services with the coordinator as actor, so the audit trail looks like a
real pilot; above BULK_THRESHOLD new families the same specs are written as rows. Either way a family
is created whole or not at all, and an existing reference is left alone.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import F

from coaches.models import Coach, ContactLog, Match, MatchingWishes, TrainingSession
from coaches.services import match_activate, match_choose, match_close, match_propose
from families.models import (
    DEPRIVATION_ITEMS,
    KIND_EN_GEZIN_CRITERIA,
    Child,
    ConsentRecord,
    DeprivationCheck,
    Family,
    Goal,
    Guardian,
    KindEnGezinAssessment,
    LifeDomain,
    Offer,
)
from families.services import (
    consent_record,
    deprivation_check_record,
    family_close,
    family_refer,
    family_set_languages,
    family_start_intake,
    family_start_matching,
)

from . import catalogue
from .catalogue import COMMUNITY, pick_community
from .context import BULK_THRESHOLD, DemoContext
from .people import coach_email, make_person
from .writer import RowWriter

S = Family.Status
# The pilot's shape in every 20 families: 12 matched, 3 matching, 2 in intake, 1 referred, 2 closed.
STATUS_CYCLE = (
    *(S.MATCHED, S.MATCHED, S.MATCHING, S.MATCHED, S.INTAKE, S.MATCHED, S.CLOSED),
    *(S.MATCHED, S.MATCHED, S.REFERRED, S.MATCHED, S.MATCHING, S.MATCHED, S.INTAKE),
    *(S.MATCHED, S.CLOSED, S.MATCHED, S.MATCHING, S.MATCHED, S.MATCHED),
)
SOURCES = [
    (Family.Source.SCHOOL, 35),
    (Family.Source.OCMW, 25),
    (Family.Source.HUIS_VAN_HET_KIND, 20),
    (Family.Source.SUMMER_SCHOOL, 10),
    (Family.Source.OTHER, 10),
]
REFERRAL_NOTES = {
    Family.Source.SCHOOL: "De kleuterjuf merkt dat er thuis weinig boeken en spelletjes zijn.",
    Family.Source.OCMW: "Doorverwezen na een gesprek over de schoolkosten.",
    Family.Source.HUIS_VAN_HET_KIND: "Via het consultatiebureau; de mama zoekt contacten in de buurt.",
    Family.Source.SUMMER_SCHOOL: "Ingeschreven in de zomerschool; de ouders willen meer steun.",
    Family.Source.OTHER: "Aangemeld door de buurtwerker.",
}
PLAN_SUMMARY = "Samen werken aan een goede start in de lagere school en aan een netwerk in de buurt."
# How likely a family scores on each of Kind en Gezin's criteria, to give a plausible mix.
CRITERION_ODDS = {
    "low_income": 0.8,
    "low_education": 0.5,
    "weak_labour": 0.6,
    "delayed_development": 0.2,
    "poor_housing": 0.45,
    "poor_health": 0.3,
}
ITEM_CODES = [code for code, _label in DEPRIVATION_ITEMS]
CLOSURE_REASONS = [
    (Match.ClosureReason.FAMILY_MOVED, 35),
    (Match.ClosureReason.FAMILY_STOPPED, 25),
    (Match.ClosureReason.COACH_STOPPED, 20),
    (Match.ClosureReason.MISMATCH, 10),
    (Match.ClosureReason.OTHER, 10),
]
CONTACT_KINDS = [
    (ContactLog.Kind.VISIT, 30),
    (ContactLog.Kind.PHONE, 25),
    (ContactLog.Kind.MESSAGE, 20),
    (ContactLog.Kind.MEETING, 10),
    (ContactLog.Kind.ACTIVITY, 10),
    (ContactLog.Kind.CHECK_IN, 5),
]
DAY = datetime.timedelta(days=1)
# When a family can meet its coach, with how often each moment suits a family.
MOMENTS = {"available_weekdays": 0.3, "available_evenings": 0.6, "available_weekends": 0.7}


def reference(index: int) -> str:
    return f"{catalogue.REFERENCE_PREFIX}-{index + 1:04d}"


def _weighted(rng, pairs):
    return rng.choices([value for value, _weight in pairs], weights=[weight for _value, weight in pairs])[0]


@dataclass
class FamilySpec:
    """Everything about one demo family that does not depend on which coaches are free."""

    index: int
    reference: str
    status: str
    family_name: str
    address: str
    district_id: int
    source: str
    child_first_name: str
    child_birth_date: datetime.date
    school: str
    guardian_first_name: str
    guardian_last_name: str
    guardian_relation: str
    phone: str
    languages: list[str]
    referred_on: datetime.date
    intake_on: datetime.date | None
    missing_at_intake: list[str]
    criteria: dict[str, bool]
    photo_consent: bool


def family_spec(ctx: DemoContext, index: int) -> FamilySpec:
    rng = ctx.rng("family", index)
    # GEN-0001 speaks Turkish and Dutch at home, like coach1, who is its coach.
    community = COMMUNITY["turkish"] if index == 0 else pick_community(rng)
    pools = ctx.pools[community.key]
    status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
    today = ctx.today
    referred_ago = {S.REFERRED: (1, 14), S.INTAKE: (20, 45), S.MATCHING: (45, 120)}.get(status, (150, 700))
    referred_on = today - rng.randint(*referred_ago) * DAY
    intake_on = None if status == S.REFERRED else min(today, referred_on + rng.randint(5, 21) * DAY)
    girl = rng.random() < 0.5
    guardian = make_person(ctx.pools, rng, community)
    mother = guardian.female
    return FamilySpec(
        index=index,
        reference=reference(index),
        status=status,
        family_name=rng.choice(pools.last_male),
        district_id=rng.choice(ctx.districts).pk,
        address=f"{rng.choice(catalogue.STREETS)} {rng.randint(1, 180)}, 3600 Genk",
        source=_weighted(rng, SOURCES),
        child_first_name=rng.choice(pools.female if girl else pools.male),
        # the year before primary school: four and a half to almost six
        child_birth_date=today - rng.randint(4 * 365 + 180, 5 * 365 + 330) * DAY,
        school=rng.choice(catalogue.SCHOOLS),
        guardian_first_name=guardian.first_name,
        guardian_last_name=guardian.last_name,
        guardian_relation=Guardian.Relation.MOTHER if mother else Guardian.Relation.FATHER,
        phone=f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        languages=[code for code in rng.choice(community.household_languages) if code in ctx.languages],
        referred_on=referred_on,
        intake_on=intake_on,
        missing_at_intake=rng.sample(
            ITEM_CODES, rng.choices(range(8), weights=[5, 10, 20, 20, 18, 12, 9, 6])[0]
        ),
        criteria={code: rng.random() < CRITERION_ODDS[code] for code, _label in KIND_EN_GEZIN_CRITERIA},
        photo_consent=rng.random() < 0.5,
    )


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

    def shortlist(self, spec: FamilySpec, size: int) -> list[Slot]:
        """The family's choice goes to a coach who shares a language other than Dutch where one is free."""
        home = set(spec.languages)

        def fit(slot: Slot):
            shared = home & slot.languages
            first = spec.index == 0 and slot.coach.user.email == coach_email(1)
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
        plan.closure_reason = _weighted(rng, CLOSURE_REASONS)
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


# --- rows both paths write ----------------------------------------------------------------------------------


class Rows:
    """Rows waiting to be written, per model, with primary keys drawn from the writer in chunks."""

    def __init__(self, writer: RowWriter, *, chunk: int = 500) -> None:
        self.writer = writer
        self.chunk = chunk
        self.columns: dict[type[models.Model], tuple[str, ...]] = {}
        self.rows: dict[type[models.Model], list[tuple]] = defaultdict(list)
        self._free_ids: dict[type[models.Model], list[int]] = defaultdict(list)

    def add(self, model: type[models.Model], columns: tuple[str, ...], values: tuple) -> int:
        free = self._free_ids[model]
        if not free:
            free.extend(reversed(self.writer.next_ids(model, self.chunk)))
        pk = free.pop()
        if self.columns.setdefault(model, ("id", *columns)) != ("id", *columns):
            raise ValueError(f"Rows of {model.__name__} must all have the same columns.")
        self.rows[model].append((pk, *values))
        return pk

    def flush(self) -> None:
        for model, rows in self.rows.items():  # insertion order: parents before children
            self.writer.insert(model, self.columns[model], rows)
        self.rows.clear()


def _extras(
    ctx: DemoContext,
    rows: Rows,
    spec: FamilySpec,
    family_id: int,
    plan: MatchPlan | None,
    match_id: int | None,
) -> None:
    """What no service writes yet: the Kind en Gezin assessment, the plan's goals, offers, contacts."""
    rng = ctx.rng("family-extras", spec.index)
    if spec.intake_on is not None:
        rows.add(
            KindEnGezinAssessment,
            ("created_at", "family_id", "assessed_on", *spec.criteria),
            (ctx.moment(spec.intake_on, 15), family_id, spec.intake_on, *spec.criteria.values()),
        )
        wishes = ctx.rng("family-wishes", spec.index)
        rows.add(
            MatchingWishes,
            ("created_at", "family_id", "child_interests", *MOMENTS),
            (
                ctx.moment(spec.intake_on, 15),
                family_id,
                ", ".join(wishes.sample(catalogue.CHILD_INTERESTS, 2)),
                *(wishes.random() < odds for odds in MOMENTS.values()),
            ),
        )
    if plan is None or match_id is None:
        return
    end = plan.ended_on or ctx.today
    for domain in rng.sample(LifeDomain.values, rng.randint(3, 5)):
        description, next_step = rng.choice(catalogue.GOALS[domain])
        status = _weighted(
            rng,
            [
                (Goal.Status.PLANNED, 25),
                (Goal.Status.IN_PROGRESS, 40),
                (Goal.Status.REACHED, 25),
                (Goal.Status.DROPPED, 10),
            ],
        )
        span = max(1, (end - plan.started_on).days)
        reached_on = plan.started_on + rng.randint(1, span) * DAY if status == Goal.Status.REACHED else None
        rows.add(
            Goal,
            ("created_at", "family_id", "domain", "description", "next_step", "status", "reached_on"),
            (
                ctx.moment(plan.started_on + 7 * DAY, 19),
                family_id,
                domain,
                description,
                "" if status == Goal.Status.REACHED else next_step,
                status,
                reached_on,
            ),
        )
    if rng.random() < 0.45:
        for title, description, mode in rng.sample(catalogue.OFFERS, rng.randint(1, 2)):
            offered = plan.started_on + rng.randint(1, max(1, (end - plan.started_on).days)) * DAY
            rows.add(
                Offer,
                (
                    "created_at",
                    "family_id",
                    "title",
                    "description",
                    "exchange_mode",
                    "status",
                    "recorded_by_id",
                ),
                (
                    ctx.moment(offered, 16),
                    family_id,
                    title,
                    description,
                    mode,
                    Offer.Status.TAKEN if rng.random() < 0.5 else Offer.Status.OPEN,
                    plan.chosen.coach.user_id,
                ),
            )
    # A few active matches have had no contact for 30+ days, for the reminder job and the indicator.
    neglected = plan.ended_on is None and spec.index % 7 == 3
    last = end - rng.randint(35, 60) * DAY if neglected else end - rng.randint(0, 5) * DAY
    day, logged = plan.started_on + rng.randint(1, 6) * DAY, 0
    while day <= last and logged < 80:
        kind = _weighted(rng, CONTACT_KINDS)
        author = ctx.coordinator.pk if kind == ContactLog.Kind.CHECK_IN else plan.chosen.coach.user_id
        minutes = (
            rng.randint(10, 30)
            if kind in (ContactLog.Kind.PHONE, ContactLog.Kind.MESSAGE)
            else rng.randint(30, 120)
        )
        rows.add(
            ContactLog,
            ("created_at", "match_id", "author_id", "kind", "happened_on", "duration_minutes", "note"),
            (ctx.moment(day, 20), match_id, author, kind, day, minutes, rng.choice(catalogue.CONTACT_NOTES)),
        )
        day, logged = day + rng.randint(5, 18) * DAY, logged + 1


# --- the two paths ---------------------------------------------------------------------------------------


def ensure_families(ctx: DemoContext, count: int) -> int:
    """Create GEN-0001 … GEN-<count> where missing; returns how many were created."""
    wanted = [reference(index) for index in range(count)]
    existing = set(
        Family.objects.filter(city=ctx.city, reference__in=wanted).values_list("reference", flat=True)
    )
    missing = [index for index in range(count) if reference(index) not in existing]
    if not missing:
        return 0
    matcher = Matcher(ctx)
    progress = ctx.progress(len(missing), "families")
    if len(missing) <= BULK_THRESHOLD:
        for index in missing:
            with transaction.atomic():
                _with_services(ctx, family_spec(ctx, index), matcher)
            progress.update(1)
    else:
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            with transaction.atomic():
                _as_rows(ctx, [family_spec(ctx, index) for index in chunk], matcher)
            progress.update(len(chunk))
    progress.close()
    return len(missing)


def _with_services(ctx: DemoContext, spec: FamilySpec, matcher: Matcher) -> None:
    coordinator = ctx.coordinator
    # schools refer through the referrer's own account, so the referrer sees "their" families
    referrer = ctx.referrer if spec.source == Family.Source.SCHOOL else coordinator
    family = family_refer(
        city=ctx.city,
        district=next(d for d in ctx.districts if d.pk == spec.district_id),
        family_name=spec.family_name,
        referral_source=spec.source,
        child_first_name=spec.child_first_name,
        child_birth_date=spec.child_birth_date,
        guardian_first_name=spec.guardian_first_name,
        guardian_last_name=spec.guardian_last_name,
        guardian_phone=spec.phone,
        guardian_relation=spec.guardian_relation,
        address=spec.address,
        referral_note=REFERRAL_NOTES[spec.source],
        consent_given_on=spec.referred_on,
        actor=referrer,
        reference=spec.reference,
    )
    # The services stamp "now"; the demo's history needs the referral on its own date.
    Family.objects.filter(pk=family.pk).update(created_at=ctx.moment(spec.referred_on, 11))
    if spec.status in (S.MATCHED, S.CLOSED):
        # No service writes the plan's summary yet (the coach does, on the family page).
        Family.objects.filter(pk=family.pk).update(plan_summary=PLAN_SUMMARY)
    Child.objects.filter(family=family).update(school=spec.school)
    plan = None
    if spec.status != S.REFERRED:
        family_start_intake(family=family, actor=coordinator, intake_on=spec.intake_on)
        consent_record(
            family=family, purpose=ConsentRecord.Purpose.LANGUAGE, given_on=spec.intake_on, actor=coordinator
        )
        family_set_languages(
            family=family, languages=[ctx.languages[code] for code in spec.languages], actor=coordinator
        )
        if spec.photo_consent:
            consent_record(
                family=family, purpose=ConsentRecord.Purpose.PHOTO, given_on=spec.intake_on, actor=coordinator
            )
        child = family.children.get()
        deprivation_check_record(
            child=child, checked_on=spec.intake_on, missing=spec.missing_at_intake, actor=coordinator
        )
    if spec.status in (S.MATCHING, S.MATCHED, S.CLOSED):
        family_start_matching(family=family, actor=coordinator)
    if spec.status == S.MATCHING:
        for rank, slot in enumerate(matcher.shortlist(spec, 2), start=1):
            match_propose(family=family, coach=slot.coach, actor=coordinator, rank=rank)
    match = None
    if spec.status in (S.MATCHED, S.CLOSED):
        plan = plan_match(ctx, spec, matcher)
        if plan is not None:
            match = _match_with_services(ctx, family, spec, plan)
    rows = Rows(ctx.writer, chunk=50)
    _extras(ctx, rows, spec, family.pk, plan, match.pk if match else None)
    rows.flush()
    if spec.status == S.CLOSED:
        if match is not None:
            match_close(
                match=match,
                reason=plan.closure_reason,
                actor=coordinator,
                ended_on=plan.ended_on,
                exit_note="Afgesloten na een afscheidsgesprek met de familie.",
            )
        family_close(family=family, actor=coordinator, closed_on=plan.closed_on if plan else ctx.today)


def _match_with_services(ctx: DemoContext, family: Family, spec: FamilySpec, plan: MatchPlan) -> Match:
    coordinator = ctx.coordinator
    consent_record(
        family=family,
        purpose=ConsentRecord.Purpose.SHARE_WITH_COACH,
        given_on=plan.proposed_at.date(),
        actor=coordinator,
    )
    proposals = [
        match_propose(family=family, coach=slot.coach, actor=coordinator, rank=rank)
        for rank, slot in enumerate([plan.chosen, *plan.others], start=1)
    ]
    match = match_choose(match=proposals[0], actor=coordinator)
    match = match_activate(match=match, actor=coordinator, started_on=plan.started_on)
    Match.objects.filter(family=family).update(created_at=plan.proposed_at)
    Match.objects.filter(pk=match.pk).update(chosen_at=plan.proposed_at + 3 * DAY)
    if plan.later_check_on is not None:
        deprivation_check_record(
            child=family.children.get(),
            checked_on=plan.later_check_on,
            missing=plan.missing_later,
            actor=coordinator,
        )
    return match


def _as_rows(ctx: DemoContext, specs: list[FamilySpec], matcher: Matcher) -> None:
    """The same families as rows, for thousands of them; no audit entries (nobody read or changed a file)."""
    rows = Rows(ctx.writer)
    coordinator = ctx.coordinator.pk
    activated: dict[int, int] = defaultdict(int)
    for spec in specs:
        referrer = ctx.referrer.pk if spec.source == Family.Source.SCHOOL else None
        plan = plan_match(ctx, spec, matcher) if spec.status in (S.MATCHED, S.CLOSED) else None
        status = spec.status
        if status == S.MATCHED and plan is None:
            status = S.MATCHING  # no coach free: the family waits, as it would in the pilot
        family_id = rows.add(
            Family,
            (
                "created_at",
                "city_id",
                "reference",
                "family_name",
                "address",
                "district_id",
                "status",
                "referral_source",
                "referred_by_id",
                "referral_note",
                "plan_summary",
                "intake_on",
                "closed_on",
            ),
            (
                ctx.moment(spec.referred_on, 11),
                ctx.city.pk,
                spec.reference,
                spec.family_name,
                spec.address,
                spec.district_id,
                status,
                spec.source,
                referrer,
                REFERRAL_NOTES[spec.source],
                PLAN_SUMMARY if plan else "",
                spec.intake_on,
                (plan.closed_on if plan else ctx.today) if status == S.CLOSED else None,
            ),
        )
        child_id = rows.add(
            Child,
            ("created_at", "family_id", "first_name", "birth_date", "school"),
            (
                ctx.moment(spec.referred_on, 11),
                family_id,
                spec.child_first_name,
                spec.child_birth_date,
                spec.school,
            ),
        )
        rows.add(
            Guardian,
            ("created_at", "family_id", "first_name", "last_name", "relation", "phone", "email"),
            (
                ctx.moment(spec.referred_on, 11),
                family_id,
                spec.guardian_first_name,
                spec.guardian_last_name,
                spec.guardian_relation,
                spec.phone,
                "",
            ),
        )
        consents = [
            (ConsentRecord.Purpose.PROGRAMME, spec.referred_on),
            (ConsentRecord.Purpose.DATA, spec.referred_on),
        ]
        if spec.intake_on is not None:
            consents.append((ConsentRecord.Purpose.LANGUAGE, spec.intake_on))
            if spec.photo_consent:
                consents.append((ConsentRecord.Purpose.PHOTO, spec.intake_on))
            for code in spec.languages:
                rows.add(
                    Family.household_languages.through,
                    ("family_id", "language_id"),
                    (family_id, ctx.languages[code].pk),
                )
            _check_row(ctx, rows, child_id, spec.intake_on, spec.missing_at_intake)
        if plan is not None:
            consents.append((ConsentRecord.Purpose.SHARE_WITH_COACH, plan.proposed_at.date()))
        for purpose, given_on in consents:
            rows.add(
                ConsentRecord,
                ("created_at", "family_id", "purpose", "given_on", "recorded_by_id"),
                (ctx.moment(given_on, 11), family_id, purpose, given_on, coordinator),
            )
        match_id = None
        if status == S.MATCHING:
            for rank, slot in enumerate(matcher.shortlist(spec, 2), start=1):
                rows.add(
                    Match,
                    MATCH_COLUMNS,
                    (
                        ctx.now,
                        family_id,
                        slot.coach.pk,
                        Match.Status.PROPOSED,
                        rank,
                        None,
                        None,
                        None,
                        None,
                        None,
                        "",
                        "",
                    ),
                )
        if plan is not None:
            match_id = _match_rows(ctx, rows, family_id, plan)
            if plan.ended_on is None:
                activated[plan.chosen.coach.pk] += 1
            if plan.later_check_on is not None:
                _check_row(ctx, rows, child_id, plan.later_check_on, plan.missing_later)
        _extras(ctx, rows, spec, family_id, plan, match_id)
    rows.flush()
    for coach_id, count in activated.items():
        Coach.objects.filter(pk=coach_id).update(active_matches=F("active_matches") + count)


def _check_row(ctx: DemoContext, rows: Rows, child_id: int, on: datetime.date, missing: list[str]) -> None:
    rows.add(
        DeprivationCheck,
        ("created_at", "child_id", "checked_on", "recorded_by_id", *(f"has_{code}" for code in ITEM_CODES)),
        (ctx.moment(on, 15), child_id, on, ctx.coordinator.pk, *(code not in missing for code in ITEM_CODES)),
    )


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


MATCH_COLUMNS = (
    "created_at",
    "family_id",
    "coach_id",
    "status",
    "rank",
    "chosen_by_id",
    "chosen_at",
    "started_on",
    "planned_end_on",
    "ended_on",
    "closure_reason",
    "exit_note",
)


def _match_rows(ctx: DemoContext, rows: Rows, family_id: int, plan: MatchPlan) -> int:
    columns = MATCH_COLUMNS
    for rank, slot in enumerate(plan.others, start=2):
        rows.add(
            Match,
            columns,
            (
                plan.proposed_at,
                family_id,
                slot.coach.pk,
                Match.Status.NOT_CHOSEN,
                rank,
                None,
                None,
                None,
                None,
                None,
                "",
                "",
            ),
        )
    closed = plan.ended_on is not None
    return rows.add(
        Match,
        columns,
        (
            plan.proposed_at,
            family_id,
            plan.chosen.coach.pk,
            Match.Status.CLOSED if closed else Match.Status.ACTIVE,
            1,
            ctx.coordinator.pk,
            plan.proposed_at + 3 * DAY,
            plan.started_on,
            _years_later(plan.started_on, getattr(settings, "MATCH_YEARS", 3)),
            plan.ended_on,
            plan.closure_reason,
            "Afgesloten na een afscheidsgesprek met de familie." if closed else "",
        ),
    )
