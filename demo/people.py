"""The people of the demo and what they all need: the city and its districts, accounts, the staff."""

import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress

from genk_village.models import City, District, Language, User

from . import catalogue
from .cities import DemoCity
from .context import DemoContext
from .names import COMMUNITY, Community, NamePools, pick_community

# The staff's roles, by the local part of their address (coordinator@example.org, coordinator@hasselt…).
STAFF_ROLES = ("coordinator", "steering", "referrer")


def ensure_city(site: DemoCity) -> tuple[City, list[District]]:
    city, _created = City.objects.get_or_create(slug=site.slug, defaults={"name": site.name})
    districts = [District.objects.get_or_create(city=city, name=name)[0] for name in site.districts]
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


def phone_number(rng: random.Random) -> str:
    """A Belgian mobile number (+32 4xx …), as a coach or a guardian gives it."""
    return f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


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
    pools: dict[str, NamePools], site: DemoCity, city: City, seed: int, password_hash: str
) -> tuple[User, User, User]:
    """The coordinator, a member of the steering group and a referrer (a school), matched by e-mail.

    Every city's staff have the same flags and nothing more: no authenticator is set up for them, so
    they sign in with the password alone wherever MFA_REQUIRED_FOR_STAFF is off (the demo's default).
    """
    rng = random.Random(":".join(str(part) for part in (seed, *site.rng_key, "staff")))
    dutch = COMMUNITY["dutch"]
    flags = {
        "coordinator": {"is_coordinator": True},
        "steering": {"is_steering": True},
        "referrer": {"is_referrer": True, "organisation": catalogue.REFERRER_ORGANISATION},
    }
    wanted = []
    for role in STAFF_ROLES:
        person = make_person(pools, rng, dutch)
        wanted.append(
            (
                site.email(role),
                {"first_name": person.first_name, "last_name": person.last_name, "city": city, **flags[role]},
            )
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
    coordinator, steering, referrer = (users[site.email(role)] for role in STAFF_ROLES)
    return coordinator, steering, referrer
