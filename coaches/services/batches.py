"""Coordinators' batches run in a worker: shortlists for many families, or a balanced suggestion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Family
from genk_village.audit import audit

from ..models import (
    BatchRun,
    Coach,
    Match,
)
from .errors import CoachError
from .matches import match_propose
from .proposals import match_propose_shortlist


@transaction.atomic
def batch_run_start(*, city, kind: str, family_ids: list[int], actor) -> BatchRun:
    """Queue a batch (shortlists for many families, or a balanced suggestion) to run in a worker."""
    from .. import tasks

    if not family_ids:
        raise CoachError(_("Choose at least one family."))
    run = BatchRun.objects.create(
        city=city,
        kind=kind,
        family_ids=sorted(family_ids),
        total=len(family_ids),
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="coaches.batch.started", target=run, city_id=city.pk, fields=["kind"])
    transaction.on_commit(lambda: tasks.run_batch.delay(run.pk))
    return run


def batch_run_execute(*, run_id: int) -> BatchRun | None:
    """Run a batch it can claim; a finished batch is left alone, so a duplicate delivery does nothing.
    Shortlists are proposed family by family (each refuses when proposals are open already)."""
    from ..matching import load_pool, needs_of, suggest_balance

    claimed = BatchRun.objects.filter(
        pk=run_id, status__in=[BatchRun.Status.QUEUED, BatchRun.Status.RUNNING]
    ).update(status=BatchRun.Status.RUNNING, updated_at=timezone.now())
    if not claimed:
        return None
    run = BatchRun.objects.select_related("requested_by").get(pk=run_id)
    families = list(Family.objects.filter(city_id=run.city_id, pk__in=run.family_ids).order_by("id"))
    result: dict = {}
    if run.kind == BatchRun.Kind.SHORTLISTS:
        proposed, skipped = {}, {}
        for done, family in enumerate(families, start=1):
            try:
                matches = match_propose_shortlist(family=family, actor=run.requested_by)
                proposed[str(family.pk)] = [match.coach_id for match in matches]
            except CoachError as error:
                skipped[str(family.pk)] = str(error)
            BatchRun.objects.filter(pk=run.pk).update(done=done)
        result = {"proposed": proposed, "skipped": skipped}
    else:
        waiting = [family for family in families if family.status == Family.Status.MATCHING]
        suggestion = suggest_balance(needs_of(waiting), load_pool(run.city_id))
        result = {
            "pairs": [list(pair) for pair in suggestion.pairs],
            "unassigned": suggestion.unassigned,
            "total_score": suggestion.total_score,
            "edges": suggestion.edges,
        }
    BatchRun.objects.filter(pk=run.pk).update(
        status=BatchRun.Status.DONE, done=run.total, result=result, updated_at=timezone.now()
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def batch_run_apply(*, run: BatchRun, actor) -> tuple[list[Match], list[str]]:
    """The coordinator applies a reviewed balanced suggestion, once: each pair becomes a proposal (place 1);
    a pair whose family or coach changed since is skipped with the reason."""
    claimed = BatchRun.objects.filter(
        pk=run.pk, kind=BatchRun.Kind.BALANCE, status=BatchRun.Status.DONE
    ).update(
        status=BatchRun.Status.APPLIED,
        applied_by=actor if getattr(actor, "pk", None) else None,
        applied_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not claimed:
        raise CoachError(_("Only a finished suggestion can be applied, and only once."))
    pairs = run.result.get("pairs", [])
    families = Family.objects.in_bulk([family_id for family_id, _coach, _score in pairs])
    coaches = Coach.objects.in_bulk([coach_id for _family, coach_id, _score in pairs])
    proposals, skipped = [], []
    for family_id, coach_id, _score in pairs:
        family, coach = families.get(family_id), coaches.get(coach_id)
        if family is None or coach is None or family.city_id != run.city_id:
            continue
        try:
            with transaction.atomic():
                proposals.append(match_propose(family=family, coach=coach, actor=actor, rank=1))
        except CoachError as error:
            skipped.append(f"{family}: {error}")
    audit(actor=actor, action="coaches.batch.applied", target=run, city_id=run.city_id, fields=["matches"])
    run.refresh_from_db()
    return proposals, skipped
