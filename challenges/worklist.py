"""The challenges' lines on the coordinator's work list: confirmations, unclaimed challenges, reports."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from genk_village.worklist import WorkLine, admin_list, register, stamp

from .models import Challenge, ChallengeReport, ChallengeToModerate

CONFIRM_WITHIN = datetime.timedelta(days=3)  # a delivery waits this long for the coach before it is work
UNCLAIMED_AFTER = datetime.timedelta(hours=72)  # an open challenge nobody took this long needs a nudge


@register
def challenge_work(user) -> list[WorkLine]:
    """What waits on the challenges `user` may see: one query for the challenges, one for the reports."""
    now = timezone.now()
    delivered = Q(status=Challenge.Status.DELIVERED, delivered_at__lt=now - CONFIRM_WITHIN)
    unclaimed = Q(status=Challenge.Status.OPEN, hidden_at__isnull=True, created_at__lt=now - UNCLAIMED_AFTER)
    found = Challenge.objects.visible_to(user).aggregate(
        delivered=Count("pk", filter=delivered),
        delivered_since=Min("delivered_at", filter=delivered),
        unclaimed=Count("pk", filter=unclaimed),
        unclaimed_since=Min("created_at", filter=unclaimed),
    )
    open_reports = ChallengeReport.objects.open().filter(challenge=OuterRef("pk"))
    reported = (
        ChallengeToModerate.objects.visible_to(user)
        .filter(Exists(open_reports))
        .aggregate(
            n=Count("pk", distinct=True),
            since=Min("reports__created_at", filter=Q(reports__handled_at__isnull=True)),
        )
    )
    return [
        WorkLine(
            "challenges.delivered",
            _("Deliveries waiting for confirmation for more than 3 days"),
            found["delivered"],
            found["delivered_since"],
            admin_list(
                Challenge, status=Challenge.Status.DELIVERED, delivered_at__lt=stamp(now - CONFIRM_WITHIN)
            ),
        ),
        WorkLine(
            "challenges.unclaimed",
            _("Open challenges nobody claimed in 72 hours"),
            found["unclaimed"],
            found["unclaimed_since"],
            admin_list(
                Challenge,
                status=Challenge.Status.OPEN,
                hidden_at__isnull="1",
                created_at__lt=stamp(now - UNCLAIMED_AFTER),
            ),
        ),
        WorkLine(
            "challenges.reported",
            _("Challenges with open reports"),
            reported["n"],
            reported["since"],
            admin_list(ChallengeToModerate),
        ),
    ]
