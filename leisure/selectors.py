"""What the coach and the family look at: the activities that fit the child, nearest first."""

import datetime
import decimal

from django.db.models import Case, IntegerField, Q, Value, When

from families.models import Child, Family

from .models import Activity, Participation

SHOWN = 50


def age_on(child: Child, day: datetime.date) -> int:
    born = child.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def family_language(family: Family) -> str:
    """The first household language the platform speaks, else Dutch."""
    for language in family.household_languages.all():
        if language.code in {"nl", "fr", "en", "tr", "ar"}:
            return language.code
    return "nl"


def activities_for(
    child: Child,
    family: Family,
    *,
    day: datetime.date,
    kind: str = "",
    weekday: str = "",
    max_price: decimal.Decimal | None = None,
    uitpas: bool = False,
) -> list[Activity]:
    """The city's activities open to the child's age, the family's district first, then the cheapest."""
    age = age_on(child, day)
    found = Activity.objects.filter(city_id=family.city_id, active=True).filter(
        Q(min_age__isnull=True) | Q(min_age__lte=age), Q(max_age__isnull=True) | Q(max_age__gte=age)
    )
    if kind:
        found = found.filter(kind=kind)
    if weekday:
        found = found.filter(weekdays__contains=weekday)
    if max_price is not None:
        found = found.filter(price__lte=max_price)
    if uitpas:
        found = found.filter(uitpas_reduced_rate=True)
    nearby = Case(
        When(district_id=family.district_id, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    ordered = found.select_related("district").annotate(nearby=nearby)
    return list(ordered.order_by("nearby", "price", "name")[:SHOWN])


def family_participations(family: Family):
    return (
        Participation.objects.filter(child__family=family)
        .select_related("activity", "child")
        .order_by("status", "-created_at")
    )
