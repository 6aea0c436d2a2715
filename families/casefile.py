"""The families' part of the case file: intake, matching and closing as next steps; the referral, the
intake, consents, checks, assessments and offers on the timeline."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from genk_village.casefile import Entry, Step, register_steps, register_timeline

from . import services
from .models import DeprivationCheck, Family

Status = Family.Status


def _intake_url(family: Family) -> str:
    return reverse("admin:families_family_intake", args=[family.pk])


def _intake_missing(family: Family) -> str | None:
    """The first thing the intake still lacks, as the button that does it says it; None when complete."""
    if set(services.REQUIRED_FOR_MATCHING) - services.active_consents(family):
        return _("Record the consent")
    if not family.children.exists() or not DeprivationCheck.objects.filter(child__family=family).exists():
        return _("Deprivation check")
    return None


def _start_intake(family, actor, data) -> str:
    services.family_start_intake(family=family, actor=actor)
    return _("Intake started for %(family)s.") % {"family": family}


def _start_matching(family, actor, data) -> str:
    services.family_start_matching(family=family, actor=actor)
    return _("%(family)s is ready for matching.") % {"family": family}


@register_steps
def family_steps() -> list[Step]:
    return [
        Step(
            key="start_intake",
            label=gettext_lazy("Start the intake"),
            applies=lambda family: family.status == Status.REFERRED,
            run=_start_intake,
            then=_intake_url,
        ),
        Step(
            key="intake",
            label=_intake_missing,
            applies=lambda family: family.status == Status.INTAKE and _intake_missing(family) is not None,
            url=_intake_url,
        ),
        Step(
            key="start_matching",
            label=gettext_lazy("Ready for matching"),
            applies=lambda family: family.status == Status.INTAKE and _intake_missing(family) is None,
            run=_start_matching,
        ),
        Step(
            key="close",
            label=gettext_lazy("Close the file"),
            applies=lambda family: family.status != Status.CLOSED,
            url=lambda family: reverse("admin:families_family_close", args=[family.pk]),
            destructive=True,
        ),
    ]


@register_timeline
def family_timeline(family: Family) -> list[Entry]:
    entries = [
        Entry(
            family.created_at,
            _("Referred"),
            family.get_referral_source_display(),
            order=0,
        )
    ]
    if family.intake_on:
        entries.append(Entry(family.intake_on, _("Intake started"), order=1))
    for consent in family.consents.all():
        entries.append(Entry(consent.given_on, _("Consent given"), consent.get_purpose_display(), order=2))
        if consent.withdrawn_on:
            entries.append(
                Entry(consent.withdrawn_on, _("Consent withdrawn"), consent.get_purpose_display(), order=2)
            )
    for check in DeprivationCheck.objects.filter(child__family=family).select_related("child"):
        entries.append(
            Entry(
                check.checked_on,
                _("Deprivation check"),
                _("%(child)s lacks %(count)s of 14")
                % {"child": check.child.first_name, "count": check.missing_count},
                order=3,
            )
        )
    for assessment in family.kind_en_gezin_assessments.all():
        entries.append(
            Entry(
                assessment.assessed_on,
                _("Kind en Gezin assessment"),
                _("%(count)s of 6 criteria") % {"count": assessment.criteria_met},
                order=3,
            )
        )
    for offer in family.offers.all():
        entries.append(Entry(offer.created_at, _("Offered back"), offer.title, order=8))
    if family.closed_on:
        entries.append(Entry(family.closed_on, _("File closed"), order=9))
    return entries
