"""The demo's leisure offer: the kinds of partners a city like Genk works with (a swimming school, football
and judo clubs, a music academy, youth movements, a budget-leisure organisation), with invented names, and
the children's participations, so that the coach's "find an activity" and the leisure indicators show
something on `make run`. Texts are data (Dutch, with the other languages where a partner would have them).
"""

import datetime
import decimal

from families.models import Child, Family
from leisure.models import Activity, Catalogue, Kind, Participation

from .cities import POSTCODES
from .context import DemoContext

# (name per language, kind, organiser, place, district, ages, weekdays, time, price, UiTPAS reduced rate)
LOCAL_OFFER = [
    (
        {
            "nl": "Zwemschool De Dolfijn: watergewenning",
            "fr": "École de natation De Dolfijn : accoutumance à l'eau",
            "en": "De Dolfijn swimming school: getting used to water",
            "tr": "De Dolfijn yüzme okulu: suya alışma",
            "ar": "مدرسة السباحة De Dolfijn: التعود على الماء",
        },
        Kind.SWIMMING,
        "Zwemschool De Dolfijn",
        "Zwembad Winterslag",
        "Winterslag",
        (4, 7),
        "2",
        "14:00–14:45",
        "120.00",
        True,
    ),
    (
        {
            "nl": "Kleuterzwemmen op zaterdag",
            "tr": "Cumartesi çocuk yüzmesi",
            "ar": "سباحة الأطفال يوم السبت",
        },
        Kind.SWIMMING,
        "Sportdienst Genk",
        "Zwembad Centrum",
        "Centrum",
        (4, 6),
        "5",
        "09:30–10:15",
        "45.00",
        True,
    ),
    (
        {
            "nl": "Voetbal U7 bij KFC Waterschei",
            "en": "Football under 7 at KFC Waterschei",
            "tr": "KFC Waterschei'de 7 yaş altı futbol",
        },
        Kind.SPORT,
        "KFC Waterschei",
        "Sportpark Waterschei",
        "Waterschei",
        (5, 7),
        "25",
        "17:30–18:30",
        "150.00",
        True,
    ),
    (
        {"nl": "Kleuterturnen Zwartberg", "fr": "Gym pour les petits à Zwartberg"},
        Kind.SPORT,
        "Turnkring Zwartberg",
        "Sporthal Zwartberg",
        "Zwartberg",
        (3, 6),
        "2",
        "13:30–14:30",
        "60.00",
        False,
    ),
    (
        {
            "nl": "Judo voor kleuters",
            "en": "Judo for young children",
            "tr": "Küçük çocuklar için judo",
            "ar": "جودو للأطفال الصغار",
        },
        Kind.SPORT,
        "Judoclub Kolderbos",
        "Sportzaal Kolderbos",
        "Kolderbos",
        (5, 9),
        "4",
        "17:00–18:00",
        "90.00",
        True,
    ),
    (
        {"nl": "Muziekinitiatie (notenbalkjes)", "fr": "Initiation musicale", "en": "Music for beginners"},
        Kind.MUSIC,
        "Muziekacademie Genk",
        "Academie, Stadsplein",
        "Centrum",
        (5, 7),
        "2",
        "15:00–16:00",
        "70.00",
        True,
    ),
    (
        {"nl": "Chiro Boxbergheide: speelclub", "tr": "Chiro Boxbergheide: oyun grubu"},
        Kind.YOUTH_MOVEMENT,
        "Chiro Boxbergheide",
        "Chirolokaal Boxbergheide",
        "Boxbergheide",
        (6, 8),
        "6",
        "14:00–17:00",
        "35.00",
        False,
    ),
    (
        {"nl": "Scouts Termien: kapoenen", "fr": "Scouts Termien : baladins"},
        Kind.YOUTH_MOVEMENT,
        "Scouts Termien",
        "Scoutslokaal Termien",
        "Termien",
        (6, 8),
        "6",
        "14:00–17:00",
        "40.00",
        False,
    ),
    (
        {
            "nl": "Knutselatelier op woensdag",
            "tr": "Çarşamba el işi atölyesi",
            "ar": "ورشة الأشغال اليدوية يوم الأربعاء",
        },
        Kind.ARTS,
        "Vrijetijdspunt Genk",
        "Buurthuis Sledderlo",
        "Sledderlo",
        (4, 10),
        "2",
        "14:00–16:00",
        "0.00",
        False,
    ),
    (
        {"nl": "Speelpleinwerking Kattevennen (in de vakanties)", "en": "Holiday playground Kattevennen"},
        Kind.PLAY,
        "Jeugddienst Genk",
        "Speelplein Kattevennen",
        "Kattevennen",
        (4, 12),
        "01234",
        "09:00–16:00",
        "2.00",
        True,
    ),
    (
        {"nl": "Dansen voor kleuters", "tr": "Küçükler için dans"},
        Kind.MUSIC,
        "Dansschool Bret",
        "Zaal De Bret",
        "Bret",
        (4, 6),
        "3",
        "16:30–17:15",
        "55.00",
        False,
    ),
    (
        {"nl": "Kleuterzwemmen Langerlo"},
        Kind.SWIMMING,
        "Zwemclub Langerlo",
        "Sportcomplex Langerlo",
        "Langerlo",
        (5, 8),
        "0",
        "17:00–17:45",
        None,
        False,
    ),
]
PRICE_NOTE = "per seizoen"
SEASON = "september tot juni"
# Of the matched families' children: this share already went somewhere at the intake, this share started
# through the programme (one in five of those stopped again).
AT_INTAKE, THROUGH_PROGRAMME = 0.2, 0.5


def ensure_leisure(ctx: DemoContext) -> None:
    postcode = POSTCODES.get(ctx.site.slug, "")
    Catalogue.objects.get_or_create(city=ctx.city, defaults={"postal_codes": postcode})
    districts = {d.name: d for d in ctx.districts}
    activities = []
    for names, kind, organiser, place, district, (low, high), days, time, price, uitpas in LOCAL_OFFER:
        # Another city gets the same kinds of partners, spread over its own districts.
        where = districts.get(district) or ctx.districts[len(activities) % len(ctx.districts)]
        activity, _created = Activity.objects.get_or_create(
            city=ctx.city,
            source=Activity.Source.LOCAL,
            name=names["nl"],
            defaults={
                **{f"name_{lang}": names.get(lang, "") for lang in ("fr", "en", "tr", "ar")},
                "kind": kind,
                "organiser": organiser,
                "place": place if where.name == district else f"{organiser}, {where.name}",
                "postal_code": postcode,
                "district": where,
                "min_age": low,
                "max_age": high,
                "weekdays": days,
                "time": time,
                "season": SEASON,
                "price": decimal.Decimal(price) if price is not None else None,
                "price_note": PRICE_NOTE if price else "",
                "uitpas_reduced_rate": uitpas,
            },
        )
        activities.append(activity)
    _participations(ctx, activities)


def _participations(ctx: DemoContext, activities: list[Activity]) -> None:
    children = Child.objects.filter(
        family__city=ctx.city, family__status=Family.Status.MATCHED, family__intake_on__isnull=False
    ).select_related("family")
    for child in children.order_by("pk"):
        if Participation.objects.filter(child=child).exists():
            continue
        rng = ctx.rng("leisure", child.family.reference)
        nearby = [a for a in activities if a.district_id == child.family.district_id] or activities
        activity = rng.choice(nearby)
        intake = child.family.intake_on
        draw = rng.random()
        if draw < AT_INTAKE:
            started = intake - datetime.timedelta(days=rng.randint(30, 200))
            Participation.objects.create(
                child=child, activity=activity, status=Participation.Status.GOING, through_programme=False,
                started_on=started, confirmed_on=intake, recorded_by=ctx.coordinator,
            )  # fmt: skip
        elif draw < AT_INTAKE + THROUGH_PROGRAMME and intake < ctx.today - datetime.timedelta(days=14):
            started = intake + datetime.timedelta(days=rng.randint(14, max(15, (ctx.today - intake).days)))
            started = min(started, ctx.today)
            stopped = rng.random() < 0.2 and started < ctx.today - datetime.timedelta(days=30)
            Participation.objects.create(
                child=child, activity=activity, through_programme=True, started_on=started,
                confirmed_on=started,
                status=Participation.Status.STOPPED if stopped else Participation.Status.GOING,
                stopped_on=started + datetime.timedelta(days=28) if stopped else None,
                stop_reason=Participation.StopReason.TRANSPORT if stopped else "",
                recorded_by=ctx.coordinator,
            )  # fmt: skip
