"""The coaches' lines on the coordinator's work list: matching, proposals, contacts, screening, questions."""

import datetime

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from genk_village.worklist import WorkLine, admin_list, register, stamp

from .models import EXTRACT_VALID_DAYS, Coach, Match, SupportRequest, WaitingFamily
from .support import behind, coach_contact_days, health_by_match, match_moments

SILENT_DAYS = 30  # an active match without a contact for this long needs a call from the coordinator
EXTRACT_WARNING_DAYS = 30  # a coach is asked for a new extract this long before the old one lapses


@register
def coach_work(user) -> list[WorkLine]:
    """What waits in matching and coaching, one query per model, each from what `user` may see."""
    today = timezone.localdate()
    return [
        *_waiting_families(user),
        *_proposals(user),
        *_silent_matches(user, today - datetime.timedelta(days=SILENT_DAYS)),
        *_lapsing_extracts(user, today),
        *_open_questions(user),
        *_support_and_health(user, today),
    ]


def _waiting_families(user) -> list[WorkLine]:
    # A family with a proposal out (proposed or chosen) has its shortlist; the desk counts them the same way.
    found = (
        WaitingFamily.objects.visible_to(user)
        .filter(status=WaitingFamily.Status.MATCHING)
        .annotate(
            open_count=Count(
                "matches", filter=Q(matches__status__in=[Match.Status.PROPOSED, Match.Status.CHOSEN])
            )
        )
        .filter(open_count=0)
        .aggregate(n=Count("pk"), since=Min("updated_at"))
    )
    return [
        WorkLine(
            "coaches.shortlist",
            _("Families waiting for a shortlist"),
            found["n"],
            found["since"],
            admin_list(WaitingFamily, open_count=0),
        )
    ]


def _proposals(user) -> list[WorkLine]:
    proposed, chosen = Q(status=Match.Status.PROPOSED), Q(status=Match.Status.CHOSEN)
    found = Match.objects.visible_to(user).aggregate(
        proposed=Count("pk", filter=proposed),
        proposed_since=Min("created_at", filter=proposed),
        chosen=Count("pk", filter=chosen),
        chosen_since=Min("chosen_at", filter=chosen),
    )
    return [
        WorkLine(
            "coaches.proposed",
            _("Proposals waiting for the family"),
            found["proposed"],
            found["proposed_since"],
            admin_list(Match, status=Match.Status.PROPOSED),
        ),
        WorkLine(
            "coaches.chosen",
            _("Choices waiting for the coach"),
            found["chosen"],
            found["chosen_since"],
            admin_list(Match, status=Match.Status.CHOSEN),
        ),
    ]


def _silent_matches(user, cutoff: datetime.date) -> list[WorkLine]:
    """Two lines, since the admin's filters cannot say "or": matches whose last contact is older than the
    cutoff, and matches started before it that never had a contact."""
    matches = (
        Match.objects.visible_to(user)
        .filter(status=Match.Status.ACTIVE)
        .annotate(last_contact_on=Max("contacts__happened_on"))
    )
    stale = matches.filter(last_contact_on__lt=cutoff).aggregate(n=Count("pk"), since=Min("last_contact_on"))
    never = matches.filter(last_contact_on__isnull=True, started_on__lt=cutoff).aggregate(
        n=Count("pk"), since=Min("started_on")
    )
    return [
        WorkLine(
            "coaches.silent",
            _("Active matches without a contact for 30 days"),
            stale["n"],
            stale["since"],
            admin_list(Match, status=Match.Status.ACTIVE, last_contact_on__lt=stamp(cutoff)),
        ),
        WorkLine(
            "coaches.never_contacted",
            _("Active matches without any contact since their start 30 days ago"),
            never["n"],
            never["since"],
            admin_list(
                Match, status=Match.Status.ACTIVE, last_contact_on__isnull="1", started_on__lt=stamp(cutoff)
            ),
        ),
    ]


def _lapsing_extracts(user, today: datetime.date) -> list[WorkLine]:
    """Coaches still in screening whose extract, valid EXTRACT_VALID_DAYS days for the approval, lapses within
    the warning period: the screening is finished before then, or a new extract is asked for."""
    # Still valid today, and its last valid day falls within the warning period.
    first = today - datetime.timedelta(days=EXTRACT_VALID_DAYS)
    last = today + datetime.timedelta(days=EXTRACT_WARNING_DAYS - EXTRACT_VALID_DAYS)
    in_screening = [Coach.Screening.APPLIED, Coach.Screening.SCREENING]
    found = (
        Coach.objects.visible_to(user)
        .filter(
            screening_status__in=in_screening,
            criminal_record_extract_on__gte=first,
            criminal_record_extract_on__lte=last,
        )
        .aggregate(n=Count("pk"), since=Min("criminal_record_extract_on"))
    )
    return [
        WorkLine(
            "coaches.extract",
            _("Coaches in screening whose criminal-record extract lapses within 30 days"),
            found["n"],
            found["since"],
            admin_list(
                Coach,
                screening_status__in=",".join(in_screening),
                criminal_record_extract_on__gte=stamp(first),
                criminal_record_extract_on__lte=stamp(last),
            ),
        )
    ]


def _open_questions(user) -> list[WorkLine]:
    found = (
        SupportRequest.objects.visible_to(user)
        .filter(status=SupportRequest.Status.OPEN)
        .aggregate(n=Count("pk"), since=Min("created_at"))
    )
    return [
        WorkLine(
            "coaches.questions",
            _("Think-tank questions without an answer"),
            found["n"],
            found["since"],
            admin_list(SupportRequest, status=SupportRequest.Status.OPEN),
        )
    ]


def matches_needing_support(matches, today: datetime.date) -> dict[str, list[tuple[int, datetime.date]]]:
    """The active matches whose last contact moment was missed ("behind"), whose health check-in is
    missing, or whose latest health score dropped; each with the day it has waited since. The admin's
    list filters of the same names read this too."""
    matches = list(
        matches.filter(status=Match.Status.ACTIVE, started_on__isnull=False).select_related("family")
    )
    days = coach_contact_days(match.pk for match in matches)
    health = health_by_match(matches, today=today)
    found: dict[str, list[tuple[int, datetime.date]]] = {
        "behind": [],
        "health_missing": [],
        "health_dropped": [],
    }
    for match in matches:
        missed = behind(match_moments(match, today=today, days=days[match.pk]), today)
        if missed is not None:
            found["behind"].append((match.pk, missed.due_on))
        state = health[match.pk]
        if state.missing:
            found["health_missing"].append((match.pk, min(state.due_on[r] for r in state.missing)))
        if state.dropped:
            found["health_dropped"].append((match.pk, max(state.scores[r][-1][0] for r in state.dropped)))
    return found


def _support_and_health(user, today: datetime.date) -> list[WorkLine]:
    found = matches_needing_support(Match.objects.visible_to(user), today)
    labels = {
        "behind": _("Active matches whose last contact moment was missed"),
        "health_missing": _("Active matches whose health check-in is missing"),
        "health_dropped": _("Active matches whose health score dropped"),
    }
    return [
        WorkLine(
            f"coaches.{key}",
            label,
            len(found[key]),
            min((since for _pk, since in found[key]), default=None),
            admin_list(Match, support=key),
        )
        for key, label in labels.items()
    ]
