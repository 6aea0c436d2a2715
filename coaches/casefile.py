"""The coaches' part of a family's case file: proposing the shortlist and recording the family's choice as
next steps; proposals, the choice, the match, its contacts and the coach's challenges on the timeline.
A contact's note is its author's own, so the timeline shows its kind and date only."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from families.models import Family
from genk_village.casefile import Entry, Step, register_steps, register_timeline

from . import services
from .models import ContactLog, Match

OPEN = (Match.Status.PROPOSED, Match.Status.CHOSEN)


def _can_propose(family: Family) -> bool:
    return family.status == Family.Status.MATCHING and not family.matches.filter(status__in=OPEN).exists()


def _propose(family, actor, data) -> str:
    proposed = services.match_propose_shortlist(family=family, actor=actor)
    names = ", ".join(match.coach.display_name for match in proposed)
    return ngettext(
        "Proposed %(count)d coach to %(family)s: %(names)s.",
        "Proposed %(count)d coaches to %(family)s: %(names)s.",
        len(proposed),
    ) % {"count": len(proposed), "family": family, "names": names}


def _proposed(family: Family):
    return family.matches.filter(status=Match.Status.PROPOSED).select_related("coach").order_by("rank", "pk")


def _choices(family: Family) -> list[tuple[str, str]]:
    return [(str(match.pk), match.coach.display_name) for match in _proposed(family)]


def _record_choice(family, actor, data) -> str:
    choice = str(data.get("choice", ""))
    match = _proposed(family).filter(pk=choice).first() if choice.isdigit() else None
    if match is None:
        raise services.CoachError(_("Choose the coach the family chose."))
    services.match_record_choice(match=match, actor=actor)
    return _("%(coach)s is asked to accept %(family)s.") % {
        "coach": match.coach.display_name,
        "family": family,
    }


@register_steps
def match_steps() -> list[Step]:
    return [
        Step(
            key="propose_shortlist",
            label=gettext_lazy("Propose a shortlist"),
            applies=_can_propose,
            run=_propose,
        ),
        Step(
            key="record_choice",
            label=gettext_lazy("Record the family's choice"),
            applies=lambda family: _proposed(family).exists(),
            run=_record_choice,
            choices=_choices,
            choice_label=gettext_lazy("The coach the family chose"),
        ),
    ]


@register_timeline
def match_timeline(family: Family) -> list[Entry]:
    entries = []
    matches = list(family.matches.select_related("coach").order_by("pk"))
    for match in matches:
        entries.append(Entry(match.created_at, _("Proposed"), match.coach.display_name, order=4))
        if match.chosen_at:
            entries.append(
                Entry(match.chosen_at, _("Chosen by the family"), match.coach.display_name, order=5)
            )
        if match.status == Match.Status.DECLINED:
            entries.append(
                Entry(match.updated_at, _("Declined by the coach"), match.coach.display_name, order=5)
            )
        if match.started_on:
            entries.append(Entry(match.started_on, _("Match started"), match.coach.display_name, order=6))
        if match.ended_on:
            entries.append(
                Entry(match.ended_on, _("Match closed"), match.get_closure_reason_display(), order=9)
            )
    for contact in ContactLog.objects.filter(match__family=family).select_related("match__coach"):
        entries.append(
            Entry(
                contact.happened_on,
                _("Contact"),
                f"{contact.get_kind_display()} – {contact.match.coach.display_name}",
                order=7,
            )
        )
    for challenge in family.challenges.all():
        entries.append(
            Entry(
                challenge.created_at,
                _("Challenge posted"),
                f"{challenge.title} ({challenge.get_status_display()})",
                order=7,
            )
        )
    return entries
