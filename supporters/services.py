"""Every write about supporters: approval by a coordinator."""

from django.db import transaction
from django.utils import timezone

from genk_village.audit import audit

from .models import Supporter


@transaction.atomic
def supporter_approve(*, supporter: Supporter, actor) -> bool:
    """Approve a supporter's sign-up (where the city asks for it); approving twice changes nothing."""
    changed = Supporter.objects.filter(pk=supporter.pk, approved_at__isnull=True).update(
        approved_at=timezone.now(), updated_at=timezone.now()
    )
    if changed:
        audit(
            actor=actor,
            action="supporters.supporter.approved",
            target=supporter,
            fields=["approved_at"],
        )
    return bool(changed)
