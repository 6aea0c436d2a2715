"""Reminders and digests: each goes through `supporters.notifications.notify`, whose unique
(person, key) notification is the one claim, so that a rerun sends nothing twice."""

import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from supporters.models import NotificationKind
from supporters.notifications import notify

from ..models import (
    EXTRACT_VALID_DAYS,
    Coach,
    Match,
    Reminder,
)

NO_CONTACT_DAYS = 30
SCREENING_WARN_DAYS = 7  # warn this many days before an extract gets too old for approval


def _remind(
    person, *, kind: str, key: str, title: str, body: str = "", url: str = "", record: dict | None = None
) -> bool:
    """Notify a person once per key through `supporters.notifications.notify`: the in-app notice, the
    e-mail with its unsubscribe link, the channels they chose. False when the key was notified already.

    `record` (its kind, city and match or coach) also files a `Reminder`, the coordinator digest's
    record of it, in the same transaction as the claim."""
    with transaction.atomic():
        if notify(user=person, kind=kind, key=key, title=title, body=body, url=url) is None:
            return False
        if record is not None:
            Reminder.objects.create(key=key, recipient=person, **record)
    return True


def reminders_send_no_contact(*, today: datetime.date | None = None) -> int:
    """An active match without a contact for 30 days reminds its coach once per silence: the key is the
    last contact's date (or the start), so only a new silence after a new contact reminds again."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=NO_CONTACT_DAYS)
    matches = (
        Match.objects.filter(status=Match.Status.ACTIVE)
        .annotate(last_contact_on=Max("contacts__happened_on"))
        .filter(Q(last_contact_on__lte=cutoff) | Q(last_contact_on__isnull=True, started_on__lte=cutoff))
        .select_related("coach__user", "family")
        .order_by("id")
    )
    sent = 0
    for match in matches:
        since = match.last_contact_on or match.started_on
        user = match.coach.user
        with translation.override(user.language):
            body = _(
                "Hello %(name)s,\n\nThe last contact with your family on Genk Village is of "
                "%(date)s. A short call or visit helps; log it on your coach pages afterwards.\n\n"
                "Thank you for being there."
            ) % {"name": match.coach.display_name, "date": since.isoformat()}
            told = _remind(
                user,
                kind=NotificationKind.NO_CONTACT,
                key=f"match:{match.pk}:since:{since.isoformat()}",
                title=_("Genk Village: time for a contact with your family?"),
                body=body,
                url=reverse("coaches:contact_new"),
                record={"kind": Reminder.Kind.NO_CONTACT, "city_id": match.family.city_id, "match": match},
            )
        if not told:
            continue
        sent += 1
    return sent


def reminders_send_support_moments(*, today: datetime.date | None = None) -> int:
    """The coach of an active match hears SUPPORT_REMIND_DAYS_BEFORE days ahead of a contact moment not
    yet met, once per moment: the key is the moment's due date."""
    from django.conf import settings

    from ..support import coach_contact_days, match_moments, next_moment

    today = today or timezone.localdate()
    matches = list(
        Match.objects.filter(status=Match.Status.ACTIVE, started_on__isnull=False)
        .select_related("coach__user", "family")
        .order_by("id")
    )
    days = coach_contact_days(match.pk for match in matches)
    sent = 0
    for match in matches:
        moment = next_moment(match_moments(match, today=today, days=days[match.pk]), today)
        if moment is None or moment.met_on is not None:
            continue
        if (moment.due_on - today).days > settings.SUPPORT_REMIND_DAYS_BEFORE:
            continue
        user = match.coach.user
        with translation.override(user.language):
            body = _(
                "Hello %(name)s,\n\nA contact with your family is due by %(date)s. A short call or visit "
                "is enough; log it on your coach pages afterwards."
            ) % {"name": match.coach.display_name, "date": moment.due_on.isoformat()}
            told = _remind(
                user,
                kind=NotificationKind.NO_CONTACT,
                key=f"match:{match.pk}:moment:{moment.due_on.isoformat()}",
                title=_("Genk Village: a contact moment with your family is due soon"),
                body=body,
                url=reverse("coaches:contact_new"),
                record={
                    "kind": Reminder.Kind.SUPPORT_MOMENT,
                    "city_id": match.family.city_id,
                    "match": match,
                },
            )
        sent += told
    return sent


def reminders_send_screening_lapse(*, today: datetime.date | None = None) -> int:
    """A coach still in screening whose extract (model 596.2) gets too old within a week: the coach and
    the city's coordinators hear it once per extract."""
    from genk_village.models import User

    today = today or timezone.localdate()
    coaches = Coach.objects.filter(
        screening_status__in=[Coach.Screening.APPLIED, Coach.Screening.SCREENING],
        criminal_record_extract_on__gte=today - datetime.timedelta(days=EXTRACT_VALID_DAYS),
        criminal_record_extract_on__lte=today
        - datetime.timedelta(days=EXTRACT_VALID_DAYS - SCREENING_WARN_DAYS),
    ).select_related("user")
    sent = 0
    for coach in coaches:
        lapses_on = coach.criminal_record_extract_on + datetime.timedelta(days=EXTRACT_VALID_DAYS)
        key = f"coach:{coach.pk}:extract:{coach.criminal_record_extract_on.isoformat()}"
        lapse = {"kind": Reminder.Kind.SCREENING_LAPSE, "city_id": coach.city_id, "coach": coach}
        # The coach's notice is the claim; the coordinators are told in the same transaction.
        with transaction.atomic():
            coordinators = User.objects.filter(city_id=coach.city_id, is_coordinator=True, is_active=True)
            for person in [coach.user, *coordinators]:
                with translation.override(person.language):
                    body = _(
                        "The criminal-record extract (model 596.2) of %(coach)s is too old for approval "
                        "after %(date)s. Finish the screening before then, or ask for a new extract."
                    ) % {"coach": coach.display_name, "date": lapses_on.isoformat()}
                    told = _remind(
                        person,
                        kind=NotificationKind.SCREENING_LAPSE,
                        key=key,
                        title=_("Genk Village: a screening is about to lapse"),
                        body=body,
                        record=lapse if person == coach.user else None,
                    )
                if person == coach.user and not told:
                    break  # told already, by an earlier run
            else:
                sent += 1
    return sent


def coordinator_digest_lines(*, city_id: int, today: datetime.date) -> list[str]:
    """The digest's lines: last week's no-contact reminders of the city and the check-ins due."""
    from ..matching import check_ins_due

    lines = []
    week_ago = timezone.now() - datetime.timedelta(days=7)
    reminders = (
        Reminder.objects.filter(city_id=city_id, kind=Reminder.Kind.NO_CONTACT, created_at__gte=week_ago)
        .select_related("match__family", "match__coach")
        .order_by("created_at")
    )
    for reminder in reminders:
        lines.append(
            _("%(family)s – %(coach)s: no contact logged for 30 days; the coach was reminded.")
            % {"family": reminder.match.family, "coach": reminder.match.coach}
        )
    for match in check_ins_due(city_id, today=today):
        lines.append(
            _("%(family)s – %(coach)s: the monthly check-in of the first year is due.")
            % {"family": match.family, "coach": match.coach}
        )
    return lines


def coordinator_digests_send(*, today: datetime.date | None = None) -> int:
    """One digest per coordinator and ISO week, only when there is something to say."""
    from genk_village.models import User

    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    sent = 0
    for person in User.objects.filter(is_coordinator=True, is_active=True, city__isnull=False).order_by("id"):
        with translation.override(person.language):
            lines = coordinator_digest_lines(city_id=person.city_id, today=today)
            if not lines:
                continue
            if not _remind(
                person,
                kind=NotificationKind.MATCH_DIGEST,
                key=f"digest:{person.pk}:{year}-W{week:02d}",
                title=_("Genk Village: matches that need attention this week"),
                body="\n".join(f"- {line}" for line in lines),
                url=reverse("admin:coaches_match_changelist"),
                record={"kind": Reminder.Kind.DIGEST, "city_id": person.city_id},
            ):
                continue
        sent += 1
    return sent
