"""Every write about coaches: screening, training attendance and the life of a match."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from families.models import Family
from genk_village.audit import audit
from genk_village.errors import ServiceError

from .models import (
    EXTRACT_VALID_DAYS,
    Attendance,
    BatchRun,
    Coach,
    ContactLog,
    Match,
    ProposalLink,
    Reminder,
    SupportRequest,
    TrainingSession,
)


class CoachError(ServiceError):
    pass


@transaction.atomic
def coach_record_screening(
    *,
    coach: Coach,
    actor,
    interview_on: datetime.date | None = None,
    criminal_record_extract_on: datetime.date | None = None,
    references_checked: bool | None = None,
) -> Coach:
    """Record steps of the screening; the coach is then 'in screening' until a decision."""
    fields = []
    for name, value in (
        ("interview_on", interview_on),
        ("criminal_record_extract_on", criminal_record_extract_on),
        ("references_checked", references_checked),
    ):
        if value is not None:
            setattr(coach, name, value)
            fields.append(name)
    if coach.screening_status == Coach.Screening.APPLIED:
        coach.screening_status = Coach.Screening.SCREENING
        fields.append("screening_status")
    coach.save(update_fields=[*fields, "updated_at"])
    audit(actor=actor, action="coaches.coach.screening_recorded", target=coach, fields=fields)
    return coach


@transaction.atomic
def coach_approve_screening(*, coach: Coach, actor, today: datetime.date | None = None) -> Coach:
    """Approve only with an intake interview, checked references and an extract at most a month old."""
    today = today or timezone.localdate()
    if coach.screening_status not in (Coach.Screening.APPLIED, Coach.Screening.SCREENING):
        raise CoachError(
            _("%(coach)s is %(status)s already.")
            % {"coach": coach, "status": coach.get_screening_status_display()}
        )
    if coach.interview_on is None:
        raise CoachError(_("Record the intake interview of %(coach)s first.") % {"coach": coach})
    if not coach.references_checked:
        raise CoachError(_("Check the references of %(coach)s first.") % {"coach": coach})
    if not coach.extract_valid_on(today):
        raise CoachError(
            _("The criminal-record extract (model 596.2) of %(coach)s must be at most %(days)d days old.")
            % {"coach": coach, "days": EXTRACT_VALID_DAYS}
        )
    coach.screening_status = Coach.Screening.APPROVED
    coach.screened_on = today
    coach.save(update_fields=["screening_status", "screened_on", "updated_at"])
    audit(
        actor=actor,
        action="coaches.coach.screening_approved",
        target=coach,
        fields=["screening_status"],
    )
    return coach


@transaction.atomic
def coach_reject_screening(*, coach: Coach, actor, today: datetime.date | None = None) -> Coach:
    """Refuse a candidate coach; a coach with an active match must have it closed first."""
    if coach.active_matches:
        raise CoachError(_("%(coach)s has an active match; close it first.") % {"coach": coach})
    coach.screening_status = Coach.Screening.REJECTED
    coach.screened_on = today or timezone.localdate()
    coach.save(update_fields=["screening_status", "screened_on", "updated_at"])
    audit(
        actor=actor,
        action="coaches.coach.screening_rejected",
        target=coach,
        fields=["screening_status"],
    )
    return coach


@transaction.atomic
def attendance_record(*, session: TrainingSession, coach: Coach, attended: bool, actor) -> Attendance:
    """Record whether a coach attended a session; recording twice updates the one row."""
    if session.city_id != coach.city_id:
        raise CoachError(_("This session is in another city."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session, coach=coach, defaults={"attended": attended}
    )
    audit(actor=actor, action="coaches.attendance.recorded", target=coach, fields=["attendances"])
    return attendance


def coach_is_ready(coach: Coach) -> bool:
    """Ready to be proposed: approved, and every required session of the city attended."""
    if coach.screening_status != Coach.Screening.APPROVED:
        return False
    required = TrainingSession.objects.filter(city_id=coach.city_id, required=True)
    attended = required.filter(attendances__coach=coach, attendances__attended=True)
    return required.count() == attended.count()


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def match_validate_proposal(*, family: Family, coach: Coach) -> None:
    """Raise CoachError unless the coach may be proposed to the family (the admin form shows it)."""
    if family.status != Family.Status.MATCHING:
        raise CoachError(_("Only a family in matching can get proposals."))
    if coach.city_id != family.city_id:
        raise CoachError(_("The coach works in another city."))
    if not coach_is_ready(coach):
        raise CoachError(
            _("%(coach)s is not ready: screening or required training is missing.") % {"coach": coach}
        )
    if coach.active_matches >= coach.capacity:
        raise CoachError(_("%(coach)s has no free capacity.") % {"coach": coach})
    if Match.objects.filter(family=family, coach=coach, status__in=["proposed", "chosen"]).exists():
        raise CoachError(_("%(coach)s is on this family's shortlist already.") % {"coach": coach})


@transaction.atomic
def match_propose(*, family: Family, coach: Coach, actor, rank: int | None = None) -> Match:
    """Put a ready coach with free capacity on a family's shortlist."""
    match_validate_proposal(family=family, coach=coach)
    try:
        with transaction.atomic():
            match = Match.objects.create(family=family, coach=coach, rank=rank)
    except IntegrityError:
        raise CoachError(_("%(coach)s is on this family's shortlist already.") % {"coach": coach}) from None
    audit(actor=actor, action="coaches.match.proposed", target=family, fields=["matches"])
    return match


@transaction.atomic
def match_choose(*, match: Match, actor) -> Match:
    """Record the family's choice (by whoever recorded it); the other proposals are set aside."""
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.PROPOSED).update(
        status=Match.Status.CHOSEN,
        chosen_by=actor if getattr(actor, "pk", None) else None,
        chosen_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not changed:
        raise CoachError(_("This proposal is no longer open."))
    Match.objects.filter(family_id=match.family_id, status=Match.Status.PROPOSED).exclude(pk=match.pk).update(
        status=Match.Status.NOT_CHOSEN, updated_at=timezone.now()
    )
    match.refresh_from_db()
    audit(actor=actor, action="coaches.match.chosen", target=match.family, fields=["matches"])
    return match


@transaction.atomic
def match_activate(*, match: Match, actor, started_on: datetime.date | None = None) -> Match:
    """The chosen coach accepts: the match becomes active, within the coach's capacity."""
    started_on = started_on or timezone.localdate()
    # The conditional increment is the lock: two activations for the last free place cannot both pass.
    took_place = Coach.objects.filter(pk=match.coach_id, active_matches__lt=F("capacity")).update(
        active_matches=F("active_matches") + 1
    )
    if not took_place:
        raise CoachError(_("%(coach)s has no free capacity.") % {"coach": match.coach})
    try:
        with transaction.atomic():
            changed = Match.objects.filter(pk=match.pk, status=Match.Status.CHOSEN).update(
                status=Match.Status.ACTIVE,
                started_on=started_on,
                planned_end_on=_years_later(started_on, settings.MATCH_YEARS),
                updated_at=timezone.now(),
            )
    except IntegrityError:
        raise CoachError(_("This family has an active match already.")) from None
    if not changed:
        raise CoachError(_("Only a match the family chose can start."))
    Family.objects.filter(pk=match.family_id).update(status=Family.Status.MATCHED, updated_at=timezone.now())
    match.refresh_from_db()
    audit(
        actor=actor,
        action="coaches.match.activated",
        target=match.family,
        fields=["matches", "status"],
    )
    return match


@transaction.atomic
def match_decline(*, match: Match, actor) -> Match:
    """The chosen coach declines; the coordinator then proposes again."""
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.CHOSEN).update(
        status=Match.Status.DECLINED, updated_at=timezone.now()
    )
    if not changed:
        raise CoachError(_("Only a match the family chose can be declined."))
    match.refresh_from_db()
    audit(actor=actor, action="coaches.match.declined", target=match.family, fields=["matches"])
    return match


@transaction.atomic
def match_close(
    *, match: Match, reason: str, actor, exit_note: str = "", ended_on: datetime.date | None = None
) -> Match:
    """Close an active match with a reason; the family returns to matching and the coach gets a place back."""
    if reason not in Match.ClosureReason.values:
        raise CoachError(_("Choose a closure reason."))
    changed = Match.objects.filter(pk=match.pk, status=Match.Status.ACTIVE).update(
        status=Match.Status.CLOSED,
        closure_reason=reason,
        exit_note=exit_note,
        ended_on=ended_on or timezone.localdate(),
        updated_at=timezone.now(),
    )
    if not changed:
        raise CoachError(_("Only an active match can be closed."))
    Coach.objects.filter(pk=match.coach_id, active_matches__gt=0).update(
        active_matches=F("active_matches") - 1
    )
    Family.objects.filter(pk=match.family_id, status=Family.Status.MATCHED).update(
        status=Family.Status.MATCHING, updated_at=timezone.now()
    )
    match.refresh_from_db()
    audit(
        actor=actor,
        action="coaches.match.closed",
        target=match.family,
        fields=["matches", "status"],
    )
    return match


@transaction.atomic
def support_request_answer(*, support_request, answer: str, actor):
    """Answer a coach's question to the think tank; the answer is recorded with who gave it."""
    if not answer.strip():
        raise CoachError(_("Write an answer first."))
    support_request.answer = answer
    support_request.status = support_request.Status.ANSWERED
    support_request.answered_by = actor if getattr(actor, "pk", None) else None
    support_request.answered_at = timezone.now()
    support_request.save(update_fields=["answer", "status", "answered_by", "answered_at", "updated_at"])
    return support_request


@transaction.atomic
def contact_log_record(
    *,
    match: Match,
    actor,
    kind: str,
    happened_on: datetime.date,
    duration_minutes: int | None = None,
    note: str = "",
) -> ContactLog:
    """Log a contact of an active match, by its own coach; the note stays the author's own."""
    if match.status != Match.Status.ACTIVE or match.coach.user_id != getattr(actor, "pk", None):
        raise CoachError(_("Only the coach of an active match can log its contacts."), status=403)
    if kind not in ContactLog.Kind.values:
        raise CoachError(_("Choose the kind of contact."))
    if happened_on > timezone.localdate():
        raise CoachError(_("A contact cannot be dated in the future."))
    if match.started_on and happened_on < match.started_on:
        raise CoachError(_("A contact cannot be dated before the match started."))
    contact = ContactLog.objects.create(
        match=match,
        author=actor,
        kind=kind,
        happened_on=happened_on,
        duration_minutes=duration_minutes,
        note=note.strip(),
    )
    audit(actor=actor, action="coaches.contact.logged", target=match.family, fields=["contacts"])
    return contact


@transaction.atomic
def support_request_ask(*, coach: Coach, question: str, actor) -> SupportRequest:
    """A coach asks the think tank a question; only that coach and the coordinators read it."""
    if coach.user_id != getattr(actor, "pk", None):
        raise CoachError(_("Coaches ask their own questions."), status=403)
    if not question.strip():
        raise CoachError(_("Write your question first."))
    support_request = SupportRequest.objects.create(coach=coach, question=question.strip())
    audit(actor=actor, action="coaches.support_request.asked", target=coach, fields=["support_requests"])
    return support_request


# The matching engine: applications, shortlists, the family's one-time link, reminders, batches ---------

PROPOSAL_LINK_DAYS = 14
PROPOSAL_LINK_SALT = "coaches.proposal-link"
NO_CONTACT_DAYS = 30
SCREENING_WARN_DAYS = 7  # warn this many days before an extract gets too old for approval


@transaction.atomic
def coach_apply(
    *,
    city,
    email: str,
    password: str,
    display_name: str,
    phone: str = "",
    introduction: str = "",
    motivation: str = "",
    interests: str = "",
    languages=(),
    districts=(),
    home_district=None,
    available_weekdays: bool = False,
    available_evenings: bool = False,
    available_weekends: bool = False,
    language: str = "nl",
) -> Coach:
    """A volunteer applies: an account with the coach role and a coach 'applied' — screening comes next."""
    from genk_village.models import User

    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise CoachError(_("An account with this e-mail address exists already; sign in instead."))
    if any(
        district.city_id != city.pk for district in [*districts, *([home_district] if home_district else [])]
    ):
        raise CoachError(_("Choose districts of %(city)s.") % {"city": city})
    user = User.objects.create_user(
        email=email, password=password, city=city, is_coach=True, first_name=display_name, language=language
    )
    coach = Coach.objects.create(
        user=user,
        city=city,
        display_name=display_name,
        phone=phone,
        introduction=introduction,
        motivation=motivation,
        interests=interests,
        home_district=home_district,
        available_weekdays=available_weekdays,
        available_evenings=available_evenings,
        available_weekends=available_weekends,
        screening_status=Coach.Screening.APPLIED,
    )
    coach.languages.set(languages)
    coach.districts.set(districts)
    audit(actor=user, action="coaches.coach.applied", target=coach, fields=["screening_status"])
    return coach


@transaction.atomic
def match_propose_shortlist(
    *, family: Family, actor, size: int | None = None, today: datetime.date | None = None
) -> list[Match]:
    """Propose the family's best ready coaches (SHORTLIST_SIZE by default), once the re-matching buffer
    after a closed match is over and while no proposal is open."""
    from .matching import rematch_allowed_from, shortlist_for

    today = today or timezone.localdate()
    # The family row is the lock: two coordinators (or a batch and a coordinator) cannot both propose.
    family = Family.objects.select_for_update().get(pk=family.pk)
    if family.status != Family.Status.MATCHING:
        raise CoachError(_("Only a family in matching can get proposals."))
    allowed = rematch_allowed_from(family)
    if allowed and today < allowed:
        raise CoachError(
            _("%(family)s can get new proposals from %(date)s, after the pause that follows a closed match.")
            % {"family": family, "date": allowed.isoformat()}
        )
    if Match.objects.filter(family=family, status__in=[Match.Status.PROPOSED, Match.Status.CHOSEN]).exists():
        raise CoachError(_("%(family)s has open proposals already.") % {"family": family})
    ranked = shortlist_for(family, limit=size)
    if not ranked:
        raise CoachError(_("No ready coach with a free place for %(family)s.") % {"family": family})
    coaches = Coach.objects.in_bulk([entry.coach_id for entry in ranked])
    return [
        match_propose(family=family, coach=coaches[entry.coach_id], actor=actor, rank=place)
        for place, entry in enumerate(ranked, start=1)
    ]


def match_record_choice(*, match: Match, actor) -> Match:
    """Record the family's choice (match_choose) and ask the chosen coach to accept, after the commit."""
    from . import tasks

    with transaction.atomic():
        match = match_choose(match=match, actor=actor)
        transaction.on_commit(lambda: tasks.notify_chosen_coach.delay(match.pk))
    return match


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def proposal_link_create(*, family: Family, actor, now: datetime.datetime | None = None) -> tuple:
    """A one-time link for the family to choose without an account: a signed random token, returned once;
    only its hash is stored. It expires after PROPOSAL_LINK_DAYS and works for one choice."""
    now = now or timezone.now()
    if not Match.objects.filter(family=family, status=Match.Status.PROPOSED).exists():
        raise CoachError(_("Propose a shortlist to %(family)s first.") % {"family": family})
    raw = secrets.token_urlsafe(24)
    link = ProposalLink.objects.create(
        family=family,
        token_hash=_token_hash(raw),
        expires_at=now + datetime.timedelta(days=PROPOSAL_LINK_DAYS),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="coaches.proposal_link.created", target=family, fields=["proposal_links"])
    return link, signing.TimestampSigner(salt=PROPOSAL_LINK_SALT).sign(raw)


def proposal_link_resolve(*, token: str, now: datetime.datetime | None = None) -> ProposalLink:
    """The link behind a token, if its signature holds and it is neither expired nor used (404 / 410)."""
    now = now or timezone.now()
    try:
        raw = signing.TimestampSigner(salt=PROPOSAL_LINK_SALT).unsign(
            token, max_age=datetime.timedelta(days=PROPOSAL_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise CoachError(
            _("This link has expired. Ask your coordinator for a new one."), status=410
        ) from None
    except signing.BadSignature:
        raise CoachError(_("This link is not valid."), status=404) from None
    link = ProposalLink.objects.select_related("family").filter(token_hash=_token_hash(raw)).first()
    if link is None:
        raise CoachError(_("This link is not valid."), status=404)
    if link.used_at is not None:
        raise CoachError(_("This link has been used already: your choice is recorded."), status=410)
    if link.expires_at <= now:
        raise CoachError(_("This link has expired. Ask your coordinator for a new one."), status=410)
    return link


@transaction.atomic
def proposal_link_choose(*, token: str, match_id: int, now: datetime.datetime | None = None) -> Match:
    """The family chooses through its link: the link is spent by a conditional update, so it works once."""
    now = now or timezone.now()
    link = proposal_link_resolve(token=token, now=now)
    match = Match.objects.filter(pk=match_id, family_id=link.family_id, status=Match.Status.PROPOSED).first()
    if match is None:
        raise CoachError(_("This coach is no longer on your shortlist."), status=409)
    spent = ProposalLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=now, chosen_match=match, updated_at=now
    )
    if not spent:
        raise CoachError(_("This link has been used already: your choice is recorded."), status=410)
    audit(actor=None, action="coaches.proposal_link.used", target=link.family, fields=["matches"])
    return match_record_choice(match=match, actor=None)


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
    from .matching import check_ins_due

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


@transaction.atomic
def batch_run_start(*, city, kind: str, family_ids: list[int], actor) -> BatchRun:
    """Queue a batch (shortlists for many families, or a balanced suggestion) to run in a worker."""
    from . import tasks

    if not family_ids:
        raise CoachError(_("Choose at least one family."))
    run = BatchRun.objects.create(
        city=city,
        kind=kind,
        family_ids=sorted(family_ids),
        total=len(family_ids),
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="coaches.batch.started", target=run, city_id=city.pk, fields=["kind"])
    transaction.on_commit(lambda: tasks.run_batch.delay(run.pk))
    return run


def batch_run_execute(*, run_id: int) -> BatchRun | None:
    """Run a batch it can claim; a finished batch is left alone, so a duplicate delivery does nothing.
    Shortlists are proposed family by family (each refuses when proposals are open already)."""
    from .matching import load_pool, needs_of, suggest_balance

    claimed = BatchRun.objects.filter(
        pk=run_id, status__in=[BatchRun.Status.QUEUED, BatchRun.Status.RUNNING]
    ).update(status=BatchRun.Status.RUNNING, updated_at=timezone.now())
    if not claimed:
        return None
    run = BatchRun.objects.select_related("requested_by").get(pk=run_id)
    families = list(Family.objects.filter(city_id=run.city_id, pk__in=run.family_ids).order_by("id"))
    result: dict = {}
    if run.kind == BatchRun.Kind.SHORTLISTS:
        proposed, skipped = {}, {}
        for done, family in enumerate(families, start=1):
            try:
                matches = match_propose_shortlist(family=family, actor=run.requested_by)
                proposed[str(family.pk)] = [match.coach_id for match in matches]
            except CoachError as error:
                skipped[str(family.pk)] = str(error)
            BatchRun.objects.filter(pk=run.pk).update(done=done)
        result = {"proposed": proposed, "skipped": skipped}
    else:
        waiting = [family for family in families if family.status == Family.Status.MATCHING]
        suggestion = suggest_balance(needs_of(waiting), load_pool(run.city_id))
        result = {
            "pairs": [list(pair) for pair in suggestion.pairs],
            "unassigned": suggestion.unassigned,
            "total_score": suggestion.total_score,
            "edges": suggestion.edges,
        }
    BatchRun.objects.filter(pk=run.pk).update(
        status=BatchRun.Status.DONE, done=run.total, result=result, updated_at=timezone.now()
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def batch_run_apply(*, run: BatchRun, actor) -> tuple[list[Match], list[str]]:
    """The coordinator applies a reviewed balanced suggestion, once: each pair becomes a proposal (place 1);
    a pair whose family or coach changed since is skipped with the reason."""
    claimed = BatchRun.objects.filter(
        pk=run.pk, kind=BatchRun.Kind.BALANCE, status=BatchRun.Status.DONE
    ).update(
        status=BatchRun.Status.APPLIED,
        applied_by=actor if getattr(actor, "pk", None) else None,
        applied_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not claimed:
        raise CoachError(_("Only a finished suggestion can be applied, and only once."))
    pairs = run.result.get("pairs", [])
    families = Family.objects.in_bulk([family_id for family_id, _coach, _score in pairs])
    coaches = Coach.objects.in_bulk([coach_id for _family, coach_id, _score in pairs])
    proposals, skipped = [], []
    for family_id, coach_id, _score in pairs:
        family, coach = families.get(family_id), coaches.get(coach_id)
        if family is None or coach is None or family.city_id != run.city_id:
            continue
        try:
            with transaction.atomic():
                proposals.append(match_propose(family=family, coach=coach, actor=actor, rank=1))
        except CoachError as error:
            skipped.append(f"{family}: {error}")
    audit(actor=actor, action="coaches.batch.applied", target=run, city_id=run.city_id, fields=["matches"])
    run.refresh_from_db()
    return proposals, skipped
