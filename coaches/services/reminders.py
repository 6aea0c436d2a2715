"""Reminders and digests, each claimed by a unique row so that a rerun sends nothing twice."""

import datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..models import (
    EXTRACT_VALID_DAYS,
    Coach,
    Match,
    Reminder,
)

NO_CONTACT_DAYS = 30
SCREENING_WARN_DAYS = 7  # warn this many days before an extract gets too old for approval


def _reminder_claim(*, kind: str, key: str, city_id: int, recipient=None, match=None, coach=None) -> bool:
    """Claim a reminder by its unique key; False when it was sent already (a rerun, a second worker)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=kind, key=key, city_id=city_id, recipient=recipient, match=match, coach=coach
            )
    except IntegrityError:
        return False
    return True


def _mail(user, subject, body: str) -> None:
    send_mail(str(subject), body, None, [user.email])


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
        # The row and the e-mail share a transaction: when sending fails, the next run tries again.
        with transaction.atomic():
            if not _reminder_claim(
                kind=Reminder.Kind.NO_CONTACT,
                key=f"match:{match.pk}:since:{since.isoformat()}",
                city_id=match.family.city_id,
                recipient=user,
                match=match,
            ):
                continue
            with translation.override(user.language):
                _mail(
                    user,
                    _("Genk Village: time for a contact with your family?"),
                    _(
                        "Hello %(name)s,\n\nThe last contact with your family on Genk Village is of "
                        "%(date)s. A short call or visit helps; log it on your coach pages afterwards.\n\n"
                        "Thank you for being there."
                    )
                    % {"name": match.coach.display_name, "date": since.isoformat()},
                )
        sent += 1
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
        with transaction.atomic():
            if not _reminder_claim(
                kind=Reminder.Kind.SCREENING_LAPSE,
                key=f"coach:{coach.pk}:extract:{coach.criminal_record_extract_on.isoformat()}",
                city_id=coach.city_id,
                recipient=coach.user,
                coach=coach,
            ):
                continue
            coordinators = User.objects.filter(city_id=coach.city_id, is_coordinator=True, is_active=True)
            for person in [coach.user, *coordinators]:
                with translation.override(person.language):
                    _mail(
                        person,
                        _("Genk Village: a screening is about to lapse"),
                        _(
                            "The criminal-record extract (model 596.2) of %(coach)s is too old for approval "
                            "after %(date)s. Finish the screening before then, or ask for a new extract."
                        )
                        % {"coach": coach.display_name, "date": lapses_on.isoformat()},
                    )
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
            with transaction.atomic():
                if not _reminder_claim(
                    kind=Reminder.Kind.DIGEST,
                    key=f"digest:{person.pk}:{year}-W{week:02d}",
                    city_id=person.city_id,
                    recipient=person,
                ):
                    continue
                _mail(
                    person,
                    _("Genk Village: matches that need attention this week"),
                    "\n".join(f"- {line}" for line in lines),
                )
        sent += 1
    return sent
