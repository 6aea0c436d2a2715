"""The leisure steps: choosing an activity with the family, posting what it takes, recording whether the
child goes. Each write checks that the activity, the child and the family belong together."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Challenge
from challenges.services import ChallengeError, challenge_post
from families.models import Child, Family, Goal, LifeDomain
from supporters.categories import Category

from .models import Activity, Kind, Participation


class LeisureError(Exception):
    """A refused step, with a message for the person who tried it."""


@dataclass(frozen=True)
class Ready:
    """A challenge the coach can post in one tap for a chosen activity."""

    key: str
    category: str
    title: str
    description: str
    needed_by: datetime.date


def activity_choose(*, family: Family, child: Child, activity: Activity, actor) -> Participation:
    """The family chose this activity: a leisure goal in its plan, and the child's participation (chosen)."""
    if child.family_id != family.pk:
        raise LeisureError(_("This child is not of this family."))
    if activity.city_id != family.city_id or not activity.active:
        raise LeisureError(_("This activity is not in the city's offer any more."))
    with transaction.atomic():
        current = Participation.objects.filter(child=child, activity=activity).exclude(
            status=Participation.Status.STOPPED
        )
        if participation := current.first():
            return participation
        goal = Goal.objects.create(
            family=family,
            domain=LifeDomain.LEISURE,
            description=_("Goes to %(activity)s") % {"activity": activity.name},
            next_step=_("Arrange the first visit"),
            status=Goal.Status.IN_PROGRESS,
        )
        return Participation.objects.create(child=child, activity=activity, goal=goal, recorded_by=actor)


def ready_challenges(participation: Participation, today: datetime.date) -> list[Ready]:
    """A ride on the activity's day, the kit or the membership, an interpreter for the first visit."""
    activity = participation.activity
    first = activity.next_day(today)
    day = first.strftime("%d/%m")
    ready = [
        Ready(
            "ride",
            Category.TRANSPORT,
            _("A ride to %(activity)s on %(day)s") % {"activity": activity.name, "day": day},
            _("A ride there and back for a child and a parent%(time)s, at %(place)s.")
            % {
                "time": f" ({activity.time})" if activity.time else "",
                "place": activity.place or activity.organiser or activity.name,
            },
            first,
        )
    ]
    if activity.kind in {Kind.SWIMMING, Kind.SPORT, Kind.YOUTH_MOVEMENT}:
        ready.append(
            Ready(
                "kit",
                Category.MATERIAL,
                _("Kit for %(activity)s") % {"activity": activity.name},
                _("What a young child needs to take part (clothes, shoes or swimwear), new or nearly new."),
                first,
            )
        )
    if activity.price:
        ready.append(
            Ready(
                "membership",
                Category.SPONSORING,
                _("The membership of %(activity)s") % {"activity": activity.name},
                _("The membership costs %(price)s euro.") % {"price": activity.price},
                first,
            )
        )
    ready.append(
        Ready(
            "interpreter",
            Category.INTERPRETING,
            _("An interpreter for the first visit to %(activity)s") % {"activity": activity.name},
            _("Someone who speaks the family's language comes along the first time, to meet the trainer."),
            first,
        )
    )
    # A challenge's title holds at most 120 characters; a long activity name is cut, not refused.
    title_length = Challenge._meta.get_field("title").max_length
    return [dataclasses.replace(item, title=item.title[:title_length]) for item in ready]


def ready_offered(participation: Participation, today: datetime.date) -> list[tuple[Ready, bool]]:
    """The ready challenges of a chosen activity, each with whether the family has it posted already
    (open or on its way; a cancelled or expired one can be posted again)."""
    ready = ready_challenges(participation, today)
    posted = set(
        participation.child.family.challenges.filter(title__in=[item.title for item in ready])
        .exclude(status__in=[Challenge.Status.CANCELLED, Challenge.Status.EXPIRED])
        .values_list("title", flat=True)
    )
    return [(item, item.title in posted) for item in ready]


def ready_post(*, participation: Participation, key: str, actor, today: datetime.date) -> Challenge:
    ready = {r.key: r for r in ready_challenges(participation, today)}.get(key)
    if ready is None:
        raise LeisureError(_("This challenge is not offered for this activity."))
    try:
        return challenge_post(
            family=participation.child.family,
            title=ready.title,
            category=ready.category,
            needed_by=ready.needed_by,
            description=ready.description,
            actor=actor,
        )
    except ChallengeError as error:
        raise LeisureError(str(error)) from error


def participation_start(*, participation: Participation, on: datetime.date, actor) -> Participation:
    if participation.status != Participation.Status.CHOSEN:
        raise LeisureError(_("This activity has already started or stopped."))
    if on > timezone.localdate():
        raise LeisureError(_("The first time cannot be in the future."))
    participation.status = Participation.Status.GOING
    participation.started_on = participation.confirmed_on = on
    participation.recorded_by = actor
    participation.save()
    if participation.goal_id:
        Goal.objects.filter(pk=participation.goal_id).update(status=Goal.Status.REACHED, reached_on=on)
    return participation


def participation_confirm(*, participation: Participation, on: datetime.date, actor) -> Participation:
    """Seen at a contact: the child still goes."""
    if participation.status != Participation.Status.GOING:
        raise LeisureError(_("Only an activity the child goes to can be confirmed."))
    participation.confirmed_on = on
    participation.recorded_by = actor
    participation.save()
    return participation


def participation_stop(
    *, participation: Participation, on: datetime.date, reason: str, actor
) -> Participation:
    if participation.status == Participation.Status.STOPPED:
        raise LeisureError(_("This activity has already stopped."))
    if reason not in Participation.StopReason.values:
        raise LeisureError(_("Say why it stopped."))
    if participation.started_on and on < participation.started_on:
        raise LeisureError(_("It cannot stop before it started."))
    participation.status = Participation.Status.STOPPED
    participation.stopped_on = on
    participation.stop_reason = reason
    participation.recorded_by = actor
    participation.save()
    return participation
