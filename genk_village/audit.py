"""Write the audit trail. Every service that reads or changes a person's file calls `audit()`."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit(
    *,
    actor,
    action: str,
    target: models.Model,
    city_id: int | None = None,
    fields: Iterable[str] = (),
) -> AuditEntry:
    """Record that `actor` did `action` on `target`; names of touched fields only, never values."""
    if city_id is None:
        city_id = getattr(target, "city_id", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        city_id=city_id,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        fields=sorted(set(fields)),
    )
