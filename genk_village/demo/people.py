"""The people of the demo: city and districts, staff accounts, coaches with their training, supporters."""

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from coaches.models import Attendance, Coach, SupportRequest, TrainingSession
from coaches.services import (
    attendance_record,
    coach_approve_screening,
    coach_record_screening,
    coach_reject_screening,
)
from genk_village.models import City, District, Language, User
from supporters.categories import Category
from supporters.models import GroupMembership, Supporter

from . import catalogue
from .catalogue import COMMUNITY, Community, NamePools, pick_community
from .context import BULK_THRESHOLD, DemoContext

COORDINATOR_EMAIL = "coordinator@example.org"
STEERING_EMAIL = "steering@example.org"
REFERRER_EMAIL = "referrer@example.org"


def coach_email(number: int) -> str:
    return f"coach{number}@example.org"


def supporter_email(number: int) -> str:
    return f"supporter{number}@example.org"


def ensure_city() -> tuple[City, list[District]]:
    city, _created = City.objects.get_or_create(
        slug=catalogue.CITY_SLUG, defaults={"name": catalogue.CITY_NAME}
    )
    districts = [District.objects.get_or_create(city=city, name=name)[0] for name in catalogue.DISTRICTS]
    return city, districts


def languages_by_code() -> dict[str, Language]:
    return {language.code: language for language in Language.objects.all()}


@dataclass
class Person:
    first_name: str
    last_name: str
    female: bool
    community: Community


def make_person(
    pools: dict[str, NamePools], rng: random.Random, community: Community | None = None
) -> Person:
    """A person of a community of Genk (drawn by weight unless given); three in five are women."""
    community = community or pick_community(rng)
    names = pools[community.key]
    female = rng.random() < 0.6
    first = rng.choice(names.female if female else names.male)
    last = rng.choice(names.last_female if female else names.last_male)
    return Person(first, last, female, community)


def ensure_users(ctx: DemoContext, wanted: list[tuple[str, dict]]) -> dict[str, User]:
    """Create the accounts whose e-mail is not taken yet, all with the one demo password hash."""
    emails = [email for email, _fields in wanted]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    new = [
        User(email=email, password=ctx.password_hash, **fields)
        for email, fields in wanted
        if email not in existing
    ]
    User.objects.bulk_create(new, batch_size=1000)
    created = {user.email: user for user in User.objects.filter(email__in=[user.email for user in new])}
    return existing | created


def ensure_verified_addresses(users: list[User]) -> None:
    """Mark demo addresses verified and primary, so they sign in even with mandatory verification."""
    known = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
            if user.pk not in known
        ],
        batch_size=1000,
    )
    EmailAddress.objects.filter(
        user__in=users, email__in=[user.email for user in users], verified=False
    ).update(verified=True, primary=True)


def ensure_staff(
    pools: dict[str, NamePools], city: City, seed: int, password_hash: str
) -> tuple[User, User, User]:
    """The coordinator, a member of the steering group and a referrer (a school), matched by e-mail."""
    rng = random.Random(f"{seed}:staff")  # noqa: S311 - reproducible demo names, not secrets
    dutch = COMMUNITY["dutch"]
    wanted = []
    for email, fields in (
        (COORDINATOR_EMAIL, {"is_coordinator": True}),
        (STEERING_EMAIL, {"is_steering": True}),
        (REFERRER_EMAIL, {"is_referrer": True, "organisation": catalogue.REFERRER_ORGANISATION}),
    ):
        person = make_person(pools, rng, dutch)
        wanted.append(
            (email, {"first_name": person.first_name, "last_name": person.last_name, "city": city, **fields})
        )
    emails = [email for email, _fields in wanted]
    existing = {user.email for user in User.objects.filter(email__in=emails)}
    User.objects.bulk_create(
        [
            User(email=email, password=password_hash, **fields)
            for email, fields in wanted
            if email not in existing
        ]
    )
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    ensure_verified_addresses(list(users.values()))
    return users[COORDINATOR_EMAIL], users[STEERING_EMAIL], users[REFERRER_EMAIL]


# --- training -------------------------------------------------------------------------------------------

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
                "location": "Stadhuis Genk",
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


def _coach_profile(ctx: DemoContext, plan: CoachPlan, user: User) -> tuple[Coach, list[str], list[District]]:
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
        phone=_phone(rng),
        interests=", ".join(interests),
        introduction=(
            f"Ik ben {person.first_name}, {rng.choice(catalogue.JOBS)}. Ik spreek {spoken} "
            f"en hou van {interests[0]}."
        ),
        partner_organisation=rng.choice(catalogue.PARTNER_ORGANISATIONS) if rng.random() < 0.3 else "",
        available_weekdays=rng.random() < 0.4,
        available_evenings=rng.random() < 0.7,
        available_weekends=rng.random() < 0.6,
        capacity=2 if plan.number % 4 == 1 else 1,
        created_at=ctx.moment(plan.joined_on, 9),
    )
    districts = rng.sample(ctx.districts, k=min(len(ctx.districts), rng.randint(1, 3)))
    coach.home_district = districts[0]  # a coach lives in the first district they want to coach in
    return coach, codes, districts


def _phone(rng: random.Random) -> str:
    return f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def ensure_coaches(ctx: DemoContext, count: int, sessions: list[TrainingSession]) -> list[Coach]:
    """coach1 … coachN with a profile; screening and training through the services for pilot sizes."""
    plans = [coach_plan(ctx, number) for number in range(1, count + 1)]
    users = ensure_users(
        ctx,
        [
            (
                coach_email(plan.number),
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
    missing = [plan for plan in plans if users[coach_email(plan.number)].pk not in have_profile]
    use_services = len(missing) <= BULK_THRESHOLD
    with transaction.atomic():
        profiles = []
        for plan in missing:
            coach, codes, districts = _coach_profile(ctx, plan, users[coach_email(plan.number)])
            if not use_services:
                coach.screening_status = plan.status
                coach.interview_on, coach.criminal_record_extract_on = plan.interview_on, plan.extract_on
                coach.references_checked, coach.screened_on = plan.references_checked, plan.screened_on
            profiles.append((plan, coach, codes, districts))
        Coach.objects.bulk_create([coach for _plan, coach, _codes, _districts in profiles], batch_size=1000)
        _coach_relations(ctx, profiles)
        progress = ctx.progress(len(profiles), "coaches")
        attendance = []
        for plan, coach, _codes, _districts in profiles:
            if use_services:
                _screen_with_services(ctx, plan, coach)
            attendance.extend(_attendance_for(ctx, plan, coach, sessions))
            progress.update(1)
        progress.close()
        if use_services:
            for session, coach, attended in attendance:
                attendance_record(session=session, coach=coach, attended=attended, actor=ctx.coordinator)
        else:
            Attendance.objects.bulk_create(
                [
                    Attendance(session=session, coach=coach, attended=attended)
                    for session, coach, attended in attendance
                ],
                batch_size=2000,
            )
        _support_requests(ctx, profiles)
    by_user = {coach.user_id: coach for coach in Coach.objects.filter(user__in=users.values())}
    return [by_user[users[coach_email(plan.number)].pk] for plan in plans]


def _coach_relations(ctx: DemoContext, profiles) -> None:
    languages = Coach.languages.through
    districts = Coach.districts.through
    languages.objects.bulk_create(
        [
            languages(coach_id=coach.pk, language_id=ctx.languages[code].pk)
            for _plan, coach, codes, _districts in profiles
            for code in codes
        ],
        batch_size=2000,
    )
    districts.objects.bulk_create(
        [
            districts(coach_id=coach.pk, district_id=district.pk)
            for _plan, coach, _codes, chosen in profiles
            for district in chosen
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


def _attendance_for(ctx: DemoContext, plan: CoachPlan, coach: Coach, sessions: list[TrainingSession]):
    if plan.status != Coach.Screening.APPROVED:
        return []
    rng = ctx.rng("attendance", plan.number)
    rows = []
    for session in sessions:
        if session.starts_at > ctx.now:
            continue
        if session.required:
            rows.append((session, coach, plan.trained))
        elif rng.random() < 0.55:
            rows.append((session, coach, rng.random() < 0.9))
    return rows


def _support_requests(ctx: DemoContext, profiles) -> None:
    requests = []
    for plan, coach, _codes, _districts in profiles:
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


# --- supporters -----------------------------------------------------------------------------------------

GROUP_EVERY = 10  # about one supporter in ten is a group (a team, a club, a class)


def ensure_supporters(ctx: DemoContext, count: int) -> list[Supporter]:
    """supporter1 … supporterN: people, and a group every tenth, with a few members each."""
    specs = [_supporter_spec(ctx, number) for number in range(1, count + 1)]
    users = ensure_users(ctx, [(supporter_email(spec["number"]), spec["user"]) for spec in specs])
    ensure_verified_addresses(list(users.values()))
    have_profile = set(Supporter.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    new = [spec for spec in specs if users[supporter_email(spec["number"])].pk not in have_profile]
    with transaction.atomic():
        supporters = [
            Supporter(user=users[supporter_email(spec["number"])], city=ctx.city, **spec["profile"])
            for spec in new
        ]
        Supporter.objects.bulk_create(supporters, batch_size=1000)
        districts, languages = Supporter.districts.through, Supporter.languages.through
        districts.objects.bulk_create(
            [
                districts(supporter_id=supporter.pk, district_id=district.pk)
                for supporter, spec in zip(supporters, new, strict=True)
                for district in spec["districts"]
            ],
            batch_size=2000,
        )
        languages.objects.bulk_create(
            [
                languages(supporter_id=supporter.pk, language_id=ctx.languages[code].pk)
                for supporter, spec in zip(supporters, new, strict=True)
                for code in spec["languages"]
            ],
            batch_size=2000,
        )
        _memberships(ctx, [supporter for supporter in supporters if supporter.kind == Supporter.Kind.GROUP])
    by_user = {
        supporter.user_id: supporter for supporter in Supporter.objects.filter(user__in=users.values())
    }
    return [by_user[users[supporter_email(spec["number"])].pk] for spec in specs]


def _supporter_spec(ctx: DemoContext, number: int) -> dict:
    rng = ctx.rng("supporter", number)
    person = make_person(ctx.pools, rng)
    joined = ctx.today - datetime.timedelta(days=rng.randint(1, 700))
    is_group = number % GROUP_EVERY == 0
    if is_group:
        names = catalogue.GROUP_NAMES
        round_, place = divmod(number // GROUP_EVERY - 1, len(names))
        display_name = names[place] if round_ == 0 else f"{names[place]} ({round_ + 1})"
        categories = rng.sample(
            [Category.SPONSORING, Category.LEISURE, Category.MATERIAL, Category.TRANSPORT], 2
        )
    else:
        display_name = f"{person.first_name} {person.last_name[0]}."
        categories = rng.sample(Category.values, rng.randint(1, 3))
    codes = [
        code
        for code in dict.fromkeys(["nl", *rng.choice(person.community.household_languages)])
        if code in ctx.languages
    ]
    interface = person.community.interface_language if rng.random() < 0.3 else "nl"
    return {
        "number": number,
        "user": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "city": ctx.city,
            "is_supporter": True,
            "language": interface,
            "date_joined": ctx.moment(joined, 20),
        },
        "profile": {
            "kind": Supporter.Kind.GROUP if is_group else Supporter.Kind.PERSON,
            "display_name": display_name,
            "categories": [str(category) for category in categories],
            "available_weekdays": rng.random() < 0.4,
            "available_evenings": rng.random() < 0.6,
            "available_weekends": rng.random() < 0.7,
            "has_car": rng.random() < 0.45,
            "approved_at": ctx.moment(joined + datetime.timedelta(days=1), 11)
            if rng.random() < 0.9
            else None,
            "wants_digest": rng.random() < 0.8,
            "created_at": ctx.moment(joined, 20),
        },
        # a tenth name no district: they help anywhere in the city
        "districts": []
        if rng.random() < 0.1
        else rng.sample(ctx.districts, min(len(ctx.districts), rng.randint(1, 3))),
        "languages": codes,
    }


def _memberships(ctx: DemoContext, groups: list[Supporter]) -> None:
    if not groups:
        return
    people = list(
        Supporter.objects.filter(city=ctx.city, kind=Supporter.Kind.PERSON).values_list("pk", flat=True)
    )
    rows = []
    for group in groups:
        rng = ctx.rng("members", group.display_name)
        for member in rng.sample(people, min(len(people), rng.randint(2, 5))):
            rows.append(GroupMembership(group=group, member_id=member, created_at=group.created_at))
    GroupMembership.objects.bulk_create(rows, batch_size=2000)
