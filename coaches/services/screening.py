"""Becoming a coach: the application, the screening steps and decisions, training attendance."""

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from genk_village.audit import audit
from genk_village.links import absolute_url

from ..models import (
    EXTRACT_VALID_DAYS,
    TRANSLATED_INTRODUCTIONS,
    Attendance,
    Coach,
    TrainingSession,
)
from .errors import CoachError


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


@transaction.atomic
def coach_apply(
    *,
    city,
    email: str,
    password: str,
    display_name: str,
    phone: str = "",
    introduction: str = "",
    translated_introductions: dict[str, str] | None = None,
    motivation: str = "",
    interests: str = "",
    languages=(),
    districts=(),
    home_district=None,
    available_weekdays: bool = False,
    available_evenings: bool = False,
    available_weekends: bool = False,
    language: str = "nl",
) -> Coach | None:
    """A volunteer applies: an account with the coach role and a coach 'applied' — screening comes next.

    For an address that has an account already nothing is created or changed: its owner gets an e-mail
    instead, and the caller answers as for a new applicant, so that the form tells nobody who has one."""
    from genk_village.models import User

    email = email.strip().lower()
    if any(
        district.city_id != city.pk for district in [*districts, *([home_district] if home_district else [])]
    ):
        raise CoachError(_("Choose districts of %(city)s.") % {"city": city})
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        transaction.on_commit(lambda: _tell_owner_of_application(existing))
        return None
    user = User.objects.create_user(
        email=email, password=password, city=city, is_coach=True, first_name=display_name, language=language
    )
    coach = Coach.objects.create(
        user=user,
        city=city,
        display_name=display_name,
        phone=phone,
        introduction=introduction,
        **{
            f"introduction_{code}": text
            for code, text in (translated_introductions or {}).items()
            if code in TRANSLATED_INTRODUCTIONS
        },
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


def _tell_owner_of_application(user) -> None:
    """The owner of an address someone applied with learns of it, in their own language."""
    link = absolute_url(reverse("account_login"))
    with translation.override(user.language or "nl"):
        subject = gettext("Someone applied as a coach with your e-mail address")
        body = gettext(
            "Someone applied to become a coach with your e-mail address, which already has an account. "
            "If it was you, sign in at %(link)s and ask the coordinator to add the coach role to your "
            "account. If it was not you, ignore this e-mail: nothing in your account has changed."
        ) % {"link": link}
    send_mail(subject, body, None, [user.email])
