"""The two ways a demo family is written: through the services, or as rows for thousands of them.

Pilot sizes go through the services with the coordinator as actor, so the audit trail looks like a
real pilot; above BULK_THRESHOLD new families the same specs are written as rows. Either way a family
is created whole or not at all, and an existing reference is left alone.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from coaches.models import Coach, Match
from families.models import Child, ConsentRecord, DeprivationCheck, Family, Guardian
from families.services import (
    consent_record,
    deprivation_check_record,
    family_close,
    family_refer,
    family_set_languages,
    family_start_intake,
    family_start_matching,
)

from ..context import BULK_THRESHOLD, DemoContext
from ..writer import Rows
from .casework import add_casework
from .matches import (
    Matcher,
    MatchRow,
    close_with_services,
    match_with_services,
    plan_match,
    plan_rows,
    proposal_rows,
    propose_with_services,
)
from .specs import ITEM_CODES, PLAN_SUMMARY, REFERRAL_NOTES, FamilySpec, S, consents_at_intake, family_spec


def ensure_families(ctx: DemoContext, count: int) -> int:
    """Create the city's families (GEN-0001 … GEN-<count> in Genk) where missing; returns how many."""
    wanted = {ctx.site.reference(index): index for index in range(count)}
    existing = set(
        Family.objects.filter(city=ctx.city, reference__in=wanted).values_list("reference", flat=True)
    )
    missing = [index for reference, index in wanted.items() if reference not in existing]
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
    if spec.status != S.REFERRED:
        family_start_intake(family=family, actor=coordinator, intake_on=spec.intake_on)
        for purpose, given_on in consents_at_intake(spec):
            consent_record(family=family, purpose=purpose, given_on=given_on, actor=coordinator)
        family_set_languages(
            family=family, languages=[ctx.languages[code] for code in spec.languages], actor=coordinator
        )
        deprivation_check_record(
            child=family.children.get(),
            checked_on=spec.intake_on,
            missing=spec.missing_at_intake,
            actor=coordinator,
        )
    if spec.status in (S.MATCHING, S.MATCHED, S.CLOSED):
        family_start_matching(family=family, actor=coordinator)
    if spec.status == S.MATCHING:
        propose_with_services(ctx, family, proposal_rows(ctx, family.pk, matcher.shortlist(spec, 2)))
    plan = plan_match(ctx, spec, matcher) if spec.status in (S.MATCHED, S.CLOSED) else None
    match: Match | None = None
    chosen: MatchRow | None = None
    if plan is not None:
        match, chosen = match_with_services(ctx, family, plan)
        if plan.later_check_on is not None:
            deprivation_check_record(
                child=family.children.get(),
                checked_on=plan.later_check_on,
                missing=plan.missing_later,
                actor=coordinator,
            )
    rows = Rows(ctx.writer, chunk=50)
    add_casework(ctx, rows, spec, family.pk, plan, match.pk if match else None)
    rows.flush()
    if spec.status == S.CLOSED:
        if match is not None and chosen is not None:
            close_with_services(ctx, match, chosen)
        family_close(family=family, actor=coordinator, closed_on=plan.closed_on if plan else ctx.today)


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
        referred_at = ctx.moment(spec.referred_on, 11)
        family_id = rows.add(
            Family,
            created_at=referred_at,
            city_id=ctx.city.pk,
            reference=spec.reference,
            family_name=spec.family_name,
            address=spec.address,
            district_id=spec.district_id,
            status=status,
            referral_source=spec.source,
            referred_by_id=referrer,
            referral_note=REFERRAL_NOTES[spec.source],
            plan_summary=PLAN_SUMMARY if plan else "",
            intake_on=spec.intake_on,
            closed_on=(plan.closed_on if plan else ctx.today) if status == S.CLOSED else None,
        )
        child_id = rows.add(
            Child,
            created_at=referred_at,
            family_id=family_id,
            first_name=spec.child_first_name,
            birth_date=spec.child_birth_date,
            school=spec.school,
        )
        rows.add(
            Guardian,
            created_at=referred_at,
            family_id=family_id,
            first_name=spec.guardian_first_name,
            last_name=spec.guardian_last_name,
            relation=spec.guardian_relation,
            phone=spec.phone,
            email="",
        )
        # family_refer records the first two on the service path
        consents = [
            (ConsentRecord.Purpose.PROGRAMME, spec.referred_on),
            (ConsentRecord.Purpose.DATA, spec.referred_on),
        ]
        if spec.intake_on is not None:
            consents.extend(consents_at_intake(spec))
            for code in spec.languages:
                rows.add(
                    Family.household_languages.through,
                    family_id=family_id,
                    language_id=ctx.languages[code].pk,
                )
            _check_row(ctx, rows, child_id, spec.intake_on, spec.missing_at_intake)
        match_rows: list[MatchRow] = []
        if status == S.MATCHING:
            match_rows = proposal_rows(ctx, family_id, matcher.shortlist(spec, 2))
        if plan is not None:
            match_rows = plan_rows(ctx, family_id, plan)
            consents.append((ConsentRecord.Purpose.SHARE_WITH_COACH, match_rows[0].created_at.date()))
        for purpose, given_on in consents:
            rows.add(
                ConsentRecord,
                created_at=ctx.moment(given_on, 11),
                family_id=family_id,
                purpose=purpose,
                given_on=given_on,
                recorded_by_id=coordinator,
            )
        match_ids = [rows.add(Match, **row.columns()) for row in match_rows]
        match_id = None
        if plan is not None:
            match_id = match_ids[0]
            if plan.ended_on is None:
                activated[plan.chosen.coach.pk] += 1
            if plan.later_check_on is not None:
                _check_row(ctx, rows, child_id, plan.later_check_on, plan.missing_later)
        add_casework(ctx, rows, spec, family_id, plan, match_id)
    rows.flush()
    for coach_id, count in activated.items():
        Coach.objects.filter(pk=coach_id).update(active_matches=F("active_matches") + count)


def _check_row(ctx: DemoContext, rows: Rows, child_id: int, on: datetime.date, missing: list[str]) -> None:
    rows.add(
        DeprivationCheck,
        created_at=ctx.moment(on, 15),
        child_id=child_id,
        checked_on=on,
        recorded_by_id=ctx.coordinator.pk,
        **{f"has_{code}": code not in missing for code in ITEM_CODES},
    )
