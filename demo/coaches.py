"""The demo's coaches: the city's training sessions, coach1 … coachN in every stage of screening, their
attendance and the questions they asked the coordinator."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from coaches.models import Attendance, Coach, SupportRequest, TrainingSession
from coaches.services import (
    attendance_record,
    coach_approve_screening,
    coach_record_screening,
    coach_reject_screening,
)
from genk_village.models import District, User

from . import catalogue
from .context import BULK_THRESHOLD, DemoContext
from .names import COMMUNITY
from .people import Person, ensure_users, ensure_verified_addresses, make_person, phone_number

TRAININGS = [
    # (title, kind, days from today, required): one required basic training, as coach_is_ready expects
    ("Basisopleiding coaches", TrainingSession.Kind.BASIC, -760, True),
    ("Vervolgopleiding: een netwerk rond het gezin", TrainingSession.Kind.FOLLOW_UP, -400, False),
    ("Coach-the-coach: omgaan met schulden", TrainingSession.Kind.COACH_THE_COACH, -120, False),
    ("Coach-the-coach: taal en cultuur", TrainingSession.Kind.COACH_THE_COACH, -30, False),
    ("Coach-the-coach: de overgang naar de lagere school", TrainingSession.Kind.COACH_THE_COACH, 21, False),
]


def ensure_training(ctx: DemoContext) -> list[TrainingSession]:
    sessions = []
    for title, kind, days, required in TRAININGS:
        session, _created = TrainingSession.objects.get_or_create(
            city=ctx.city,
            title=title,
            defaults={
                "kind": kind,
                "required": required,
                "location": ctx.site.training_location,
                "starts_at": ctx.moment(ctx.today + datetime.timedelta(days=days), 18, 30),
            },
        )
        sessions.append(session)
    return sessions


# --- coaches --------------------------------------------------------------------------------------------

SCREENING_CYCLE = ["approved"] * 7 + ["screening", "applied", "closed"]  # "closed": rejected or withdrawn


@dataclass
class CoachPlan:
    """Where a coach stands in screening and training, decided by their number alone."""

    number: int
    person: Person
    joined_on: datetime.date
    status: str
    interview_on: datetime.date | None = None
    extract_on: datetime.date | None = None
    references_checked: bool = False
    screened_on: datetime.date | None = None
    trained: bool = False


def coach_plan(ctx: DemoContext, number: int) -> CoachPlan:
    rng = ctx.rng("coach", number)
    # coach1 speaks Turkish and Dutch: the family of GEN-0001, matched to coach1, is Turkish-speaking.
    person = make_person(ctx.pools, rng, COMMUNITY["turkish"] if number == 1 else None)
    status = SCREENING_CYCLE[(number - 1) % len(SCREENING_CYCLE)]
    if status == "closed":
        status = Coach.Screening.REJECTED if ((number - 1) // 10) % 2 == 0 else Coach.Screening.WITHDRAWN
    today = ctx.today
    days = datetime.timedelta
    if status == Coach.Screening.APPROVED:
        joined = today - days(rng.randint(800, 900))
        interview = joined + days(rng.randint(7, 14))
        extract = interview + days(rng.randint(3, 10))
        plan = CoachPlan(
            number,
            person,
            joined,
            status,
            interview,
            extract,
            True,
            screened_on=extract + days(rng.randint(5, 20)),
        )
        # one approved coach in twenty missed the required training, so is not ready to be proposed
        plan.trained = (number - 1) % 20 != 6
        return plan
    if status in (Coach.Screening.REJECTED, Coach.Screening.WITHDRAWN):
        joined = today - days(rng.randint(200, 500))
        return CoachPlan(
            number,
            person,
            joined,
            status,
            joined + days(10),
            None,
            False,
            screened_on=joined + days(rng.randint(20, 40)),
        )
    if status == Coach.Screening.SCREENING:
        joined = today - days(rng.randint(20, 60))
        return CoachPlan(number, person, joined, status, joined + days(rng.randint(5, 15)))
    return CoachPlan(number, person, today - days(rng.randint(1, 20)), Coach.Screening.APPLIED)


@dataclass
class CoachProfile:
    """A new coach's profile with the languages and districts to link once it has its primary key."""

    plan: CoachPlan
    coach: Coach
    languages: list[str]
    districts: list[District]


def _coach_profile(ctx: DemoContext, plan: CoachPlan, user: User) -> CoachProfile:
    rng = ctx.rng("coach-profile", plan.number)
    person = plan.person
    codes = list(dict.fromkeys(["nl", *rng.choice(person.community.household_languages)]))
    if rng.random() < 0.3:
        codes.append(rng.choice(["en", "fr"]))
    codes = [code for code in dict.fromkeys(codes) if code in ctx.languages]
    interests = rng.sample(catalogue.INTERESTS, 2)
    spoken = ", ".join(catalogue.LANGUAGE_NAMES_NL.get(code, code) for code in codes)
    coach = Coach(
        user=user,
        city=ctx.city,
        display_name=f"{person.first_name} {person.last_name[0]}.",
        phone=phone_number(rng),
        interests=", ".join(interests),
        introduction=(
            f"Ik ben {person.first_name}, {rng.choice(catalogue.JOBS)}. Ik spreek {spoken} "
            f"en hou van {interests[0]}."
        ),
        # a coach who speaks Turkish or Arabic greets the family in it too
        introduction_tr=f"Ben {person.first_name}. Ailenizle tanışmayı dört gözle bekliyorum."
        if "tr" in codes
        else "",
        introduction_ar=f"أنا {person.first_name}. يسعدني أن أتعرّف على عائلتكم." if "ar" in codes else "",
        partner_organisation=rng.choice(ctx.site.partner_organisations) if rng.random() < 0.3 else "",
        available_weekdays=rng.random() < 0.4,
        available_evenings=rng.random() < 0.7,
        available_weekends=rng.random() < 0.6,
        capacity=2 if plan.number % 4 == 1 else 1,
        created_at=ctx.moment(plan.joined_on, 9),
    )
    districts = rng.sample(ctx.districts, k=min(len(ctx.districts), rng.randint(1, 3)))
    coach.home_district = districts[0]  # a coach lives in the first district they want to coach in
    return CoachProfile(plan, coach, codes, districts)


def ensure_coaches(ctx: DemoContext, count: int, sessions: list[TrainingSession]) -> list[Coach]:
    """coach1 … coachN with a profile; screening and training through the services for pilot sizes."""
    plans = [coach_plan(ctx, number) for number in range(1, count + 1)]
    users = ensure_users(
        ctx,
        [
            (
                ctx.site.coach_email(plan.number),
                {
                    "first_name": plan.person.first_name,
                    "last_name": plan.person.last_name,
                    "city": ctx.city,
                    "is_coach": True,
                    "language": "nl",
                    "date_joined": ctx.moment(plan.joined_on, 9),
                },
            )
            for plan in plans
        ],
    )
    ensure_verified_addresses(list(users.values()))
    have_profile = set(Coach.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    missing = [plan for plan in plans if users[ctx.site.coach_email(plan.number)].pk not in have_profile]
    use_services = len(missing) <= BULK_THRESHOLD
    with transaction.atomic():
        profiles = []
        for plan in missing:
            profile = _coach_profile(ctx, plan, users[ctx.site.coach_email(plan.number)])
            coach = profile.coach
            if not use_services:
                coach.screening_status = plan.status
                coach.interview_on, coach.criminal_record_extract_on = plan.interview_on, plan.extract_on
                coach.references_checked, coach.screened_on = plan.references_checked, plan.screened_on
            profiles.append(profile)
        Coach.objects.bulk_create([profile.coach for profile in profiles], batch_size=1000)
        _coach_relations(ctx, profiles)
        progress = ctx.progress(len(profiles), "coaches")
        attendance = []
        for profile in profiles:
            if use_services:
                _screen_with_services(ctx, profile.plan, profile.coach)
            attendance.extend(_attendance_for(ctx, profile.plan, profile.coach, sessions))
            progress.update(1)
        progress.close()
        if use_services:
            for row in attendance:
                attendance_record(
                    session=row.session, coach=row.coach, attended=row.attended, actor=ctx.coordinator
                )
        else:
            Attendance.objects.bulk_create([row.as_model() for row in attendance], batch_size=2000)
        _support_requests(ctx, profiles)
    by_user = {coach.user_id: coach for coach in Coach.objects.filter(user__in=users.values())}
    return [by_user[users[ctx.site.coach_email(plan.number)].pk] for plan in plans]


def _coach_relations(ctx: DemoContext, profiles: list[CoachProfile]) -> None:
    languages = Coach.languages.through
    districts = Coach.districts.through
    languages.objects.bulk_create(
        [
            languages(coach_id=profile.coach.pk, language_id=ctx.languages[code].pk)
            for profile in profiles
            for code in profile.languages
        ],
        batch_size=2000,
    )
    districts.objects.bulk_create(
        [
            districts(coach_id=profile.coach.pk, district_id=district.pk)
            for profile in profiles
            for district in profile.districts
        ],
        batch_size=2000,
    )


def _screen_with_services(ctx: DemoContext, plan: CoachPlan, coach: Coach) -> None:
    actor = ctx.coordinator
    if plan.status == Coach.Screening.APPLIED:
        return
    coach_record_screening(
        coach=coach,
        actor=actor,
        interview_on=plan.interview_on,
        criminal_record_extract_on=plan.extract_on,
        references_checked=plan.references_checked or None,
    )
    if plan.status == Coach.Screening.APPROVED:
        coach_approve_screening(coach=coach, actor=actor, today=plan.screened_on)
    elif plan.status == Coach.Screening.REJECTED:
        coach_reject_screening(coach=coach, actor=actor, today=plan.screened_on)
    elif plan.status == Coach.Screening.WITHDRAWN:
        # No service withdraws a candidate (the coordinator does it in the admin); same fields here.
        Coach.objects.filter(pk=coach.pk).update(screening_status=plan.status, screened_on=plan.screened_on)


@dataclass(frozen=True)
class AttendanceRow:
    """One coach at one past session: recorded through the service, or written as it is in bulk."""

    session: TrainingSession
    coach: Coach
    attended: bool

    def as_model(self) -> Attendance:
        return Attendance(session=self.session, coach=self.coach, attended=self.attended)


def _attendance_for(
    ctx: DemoContext, plan: CoachPlan, coach: Coach, sessions: list[TrainingSession]
) -> list[AttendanceRow]:
    if plan.status != Coach.Screening.APPROVED:
        return []
    rng = ctx.rng("attendance", plan.number)
    rows = []
    for session in sessions:
        if session.starts_at > ctx.now:
            continue
        if session.required:
            rows.append(AttendanceRow(session, coach, plan.trained))
        elif rng.random() < 0.55:
            rows.append(AttendanceRow(session, coach, rng.random() < 0.9))
    return rows


def _support_requests(ctx: DemoContext, profiles: list[CoachProfile]) -> None:
    requests = []
    for profile in profiles:
        plan, coach = profile.plan, profile.coach
        if plan.status != Coach.Screening.APPROVED or plan.number % 3:
            continue
        rng = ctx.rng("support", plan.number)
        question, answer = rng.choice(catalogue.SUPPORT_QUESTIONS)
        asked = ctx.now - datetime.timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 8))
        answered = plan.number % 2 == 0
        requests.append(
            SupportRequest(
                coach=coach,
                question=question,
                created_at=asked,
                answer=answer if answered else "",
                status="answered" if answered else "open",
                answered_by=ctx.coordinator if answered else None,
                answered_at=asked + datetime.timedelta(hours=rng.randint(2, 48)) if answered else None,
            )
        )
    SupportRequest.objects.bulk_create(requests, batch_size=1000)
