"""The demo's supporters: supporter1 … supporterN, people and (one in ten) groups with their members."""

import datetime

from django.db import transaction

from supporters.categories import Category
from supporters.models import GroupMembership, Supporter

from . import catalogue
from .context import DemoContext
from .people import ensure_users, ensure_verified_addresses, make_person

GROUP_EVERY = 10  # about one supporter in ten is a group (a team, a club, a class)


def ensure_supporters(ctx: DemoContext, count: int) -> list[Supporter]:
    """supporter1 … supporterN: people, and a group every tenth, with a few members each."""
    specs = [_supporter_spec(ctx, number) for number in range(1, count + 1)]
    users = ensure_users(ctx, [(ctx.site.supporter_email(spec["number"]), spec["user"]) for spec in specs])
    ensure_verified_addresses(list(users.values()))
    have_profile = set(Supporter.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    new = [spec for spec in specs if users[ctx.site.supporter_email(spec["number"])].pk not in have_profile]
    with transaction.atomic():
        supporters = [
            Supporter(user=users[ctx.site.supporter_email(spec["number"])], city=ctx.city, **spec["profile"])
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
    return [by_user[users[ctx.site.supporter_email(spec["number"])].pk] for spec in specs]


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
