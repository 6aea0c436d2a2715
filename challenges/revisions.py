"""A coach edits an open challenge: nobody holds it yet, so nobody's agreement changes. What it said
before is kept as a ChallengeRevision, and the new texts are screened like a new challenge's."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.audit import audit
from genk_village.screening import screen_texts

from .models import Challenge, ChallengeRevision
from .services import ChallengeError

EDITABLE = ("title", "description", "category", "exchange_mode", "needed_by")


@transaction.atomic
def challenge_edit(
    *,
    challenge: Challenge,
    actor,
    title: str,
    description: str,
    category: str,
    exchange_mode: str,
    needed_by: datetime.date,
) -> Challenge:
    """Change an open, unclaimed challenge's texts and date, keeping the former ones; refused once a
    supporter holds it or pledged to it, or when the texts would not pass screening."""
    # The row lock: a claim arriving during the edit waits, then finds the new texts (or the edit
    # finds it claimed and stops).
    locked = Challenge.objects.select_for_update().select_related("family").get(pk=challenge.pk)
    if locked.status != Challenge.Status.OPEN or locked.claimant_id is not None or locked.pledges.exists():
        raise ChallengeError(_("Only an open challenge that nobody has taken can be changed."), status=409)
    if needed_by < timezone.localdate():
        raise ChallengeError(_("The date it is needed by has passed."))
    if problems := screen_texts(
        {_("Title"): title, _("Description"): description}, names=locked.family.names()
    ):
        raise ChallengeError(" ".join(problems))
    new = {
        "title": title,
        "description": description,
        "category": category,
        "exchange_mode": exchange_mode,
        "needed_by": needed_by,
    }
    changed = [field for field in EDITABLE if getattr(locked, field) != new[field]]
    if not changed:
        return locked
    ChallengeRevision.objects.create(
        challenge=locked,
        edited_by=actor if getattr(actor, "pk", None) else None,
        **{field: getattr(locked, field) for field in EDITABLE},
    )
    for field in changed:
        setattr(locked, field, new[field])
    locked.save(update_fields=[*changed, "updated_at"])
    audit(actor=actor, action="challenges.challenge.edited", target=locked, fields=changed)
    return locked
