"""What a family file holds in this app, for its subject-access export and its erasure.

Erasure keeps what the figures need: district, states, dates (a child's birth year), consents,
deprivation checks and Kind en Gezin assessments; it removes every name, address and free text.
"""

import datetime

from django.utils import timezone

from genk_village import privacy
from genk_village.privacy import ERASED, row, scrub

from .models import DeprivationCheck, Family


def family_export(family) -> dict:
    return {
        "family": row(family, exclude=["household_languages"])
        | {"household_languages": [lang.code for lang in family.household_languages.all()]},
        "children": [row(c) for c in family.children.all()],
        "guardians": [row(g) for g in family.guardians.all()],
        "consents": [row(c) for c in family.consents.all()],
        "deprivation_checks": [
            row(c) | {"items_missing": c.missing_count}
            for c in DeprivationCheck.objects.filter(child__family=family)
        ],
        "kind_en_gezin_assessments": [row(a) for a in family.kind_en_gezin_assessments.all()],
        "plan_goals": [row(g) for g in family.goals.all()],
        "offers": [row(o) for o in family.offers.all()],
    }


def family_erase(family, actor) -> privacy.Erased:
    this = Family.objects.filter(pk=family.pk)
    erased = [
        scrub(this, family_name=ERASED, address="", referral_note="", referrer_label="", plan_summary="")
    ]
    if this.filter(anonymised_at__isnull=True).update(anonymised_at=timezone.now()):
        erased.append(family)
    if family.household_languages.exists():
        family.household_languages.clear()
        erased.append(family)
    for child in family.children.all():
        # The birth year stays for age statistics; the day does not.
        kept = (ERASED, "", datetime.date(child.birth_date.year, 7, 1))
        if (child.first_name, child.school, child.birth_date) != kept:
            child.first_name, child.school, child.birth_date = kept
            child.save(update_fields=["first_name", "school", "birth_date", "updated_at"])
            erased.append(child)
    erased += [
        scrub(family.guardians.all(), first_name=ERASED, last_name=ERASED, phone="", email=""),
        scrub(family.goals.all(), description=ERASED, next_step=""),
        scrub(family.offers.all(), title=ERASED, description=""),
    ]
    return erased


def families_due(cutoff: datetime.date):
    """Closed on or before the cutoff and not anonymised yet, including ones a missed run left."""
    due = Family.objects.filter(
        status=Family.Status.CLOSED, closed_on__lte=cutoff, anonymised_at__isnull=True
    )
    return due.iterator(chunk_size=200)


STEP = privacy.register(
    privacy.PrivacyStep(
        name="families", family_export=family_export, family_erase=family_erase, families_due=families_due
    )
)
