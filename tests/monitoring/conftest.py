"""A small hand-built Genk with known answers for every indicator group."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from challenges.models import PointsEntry
from coaches.models import Attendance, ContactLog, Match
from families.models import Goal, Offer
from genk_village.models import Region
from monitoring.services import snapshot_take
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import ReadyCoachFactory, TrainingSessionFactory
from tests.families.factories import ChildFactory, DeprivationCheckFactory, FamilyFactory
from tests.genk_village.factories import CityFactory, DistrictFactory, UserFactory
from tests.supporters.factories import SupporterFactory

DAY = datetime.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached dashboards are keyed by city id, which a rolled-back test may hand to the next one."""
    cache.clear()


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def genk(city):
    """Two districts; 7 families in Winterslag (names that must never show), 2 in Waterschei; see asserts."""
    west = DistrictFactory(city=city, name="Winterslag")
    north = DistrictFactory(city=city, name="Waterschei")
    before = DAY - datetime.timedelta(days=400)
    families = [
        FamilyFactory(city=city, district=west, family_name=f"Zwanepoel{i}", created_at=at(before),
                      intake_on=before if i < 5 else None, referral_source="school" if i < 6 else "ocmw")
        for i in range(7)
    ] + [FamilyFactory(city=city, district=north, family_name="Vandersnickt", created_at=at(before),
                       referral_source="ocmw") for _ in range(2)]  # fmt: skip
    FamilyFactory(
        city=city, district=west, family_name="Later", created_at=at(DAY + datetime.timedelta(days=1))
    )
    coaches = [
        ReadyCoachFactory(city=city, created_at=at(before), screened_on=before, capacity=2) for _ in range(3)
    ]
    # coach 0: active since 13 months; coach 1: matched 25 months ago, stopped after 7 months; coach 2: none
    Match.objects.create(
        family=families[0], coach=coaches[0], status="active", started_on=DAY - datetime.timedelta(days=396)
    )
    Match.objects.create(
        family=families[1], coach=coaches[0], status="active", started_on=DAY - datetime.timedelta(days=100)
    )
    Match.objects.create(family=families[2], coach=coaches[1], status="closed",
                         started_on=DAY - datetime.timedelta(days=770),
                         ended_on=DAY - datetime.timedelta(days=560),
                         closure_reason="coach_stopped")  # fmt: skip
    active = Match.objects.filter(status="active").order_by("started_on")
    ContactLog.objects.create(match=active[0], kind="visit", happened_on=DAY - datetime.timedelta(days=3))
    ContactLog.objects.create(match=active[1], kind="visit", happened_on=DAY - datetime.timedelta(days=45))
    session = TrainingSessionFactory(city=city, starts_at=at(before))
    Attendance.objects.create(session=session, coach=coaches[0])
    Attendance.objects.create(session=session, coach=coaches[1], attended=False)

    supporters = [SupporterFactory(city=city, created_at=at(before)) for _ in range(3)]
    SupporterFactory(city=city, created_at=at(before), kind="group")
    # challenges: 6 in Winterslag (material), 1 in Waterschei (transport)
    for hours, family in [(2, 0), (10, 0), (30, 1), (100, 1), (200, 2)]:
        posted = DAY - datetime.timedelta(days=20)
        ChallengeFactory(
            family=families[family],
            created_at=at(posted),
            status="claimed",
            claimant=supporters[family],
            claimed_at=at(posted) + datetime.timedelta(hours=hours),
        )
    done = ChallengeFactory(family=families[0], created_at=at(DAY - datetime.timedelta(days=10)),
                            status="confirmed", claimant=supporters[0],
                            claimed_at=at(DAY - datetime.timedelta(days=10), 14),
                            delivered_at=at(DAY - datetime.timedelta(days=9)),
                            confirmed_at=at(DAY - datetime.timedelta(days=8)))  # fmt: skip
    ChallengeFactory(
        family=families[7], category="transport", created_at=at(DAY - datetime.timedelta(days=5))
    )
    PointsEntry.objects.create(
        supporter=supporters[0],
        points=10,
        reason="challenge_confirmed",
        created_at=at(DAY),
        challenge_event=done.events.create(kind="confirmed"),
    )
    Offer.objects.create(family=families[0], title="Soup", exchange_mode="gift", created_at=at(before))
    Offer.objects.create(family=families[0], title="Bike", exchange_mode="loan", created_at=at(before))
    Offer.objects.create(
        family=families[7], title="Cake", exchange_mode="gift", status="withdrawn", created_at=at(before)
    )
    # children: intake (first) and latest checks
    missing = {"has_books": False, "has_internet": False, "has_leisure_activity": False}
    for i, (first_missing, latest_missing) in enumerate([(True, False), (True, True), (False, False)]):
        child = ChildFactory(family=families[i], first_name=f"Kwabena{i}")
        DeprivationCheckFactory(child=child, checked_on=before, **(missing if first_missing else {}))
        DeprivationCheckFactory(child=child, checked_on=DAY, **(missing if latest_missing else {}))
    ChildFactory(family=families[3])  # no check: not counted
    Goal.objects.create(
        family=families[0],
        domain="school",
        description="Homework",
        status="reached",
        reached_on=DAY,
        created_at=at(before),
    )
    Goal.objects.create(family=families[1], domain="school", description="Reading", created_at=at(before))
    Goal.objects.create(family=families[1], domain="health", description="Dentist", created_at=at(before))
    return {"city": city, "west": west, "north": north, "families": families}


HASSELT_REFERRED = 12  # Genk's fixture has 9: every figure below says which city it is of


@pytest.fixture
def limburg(genk):
    """Genk and Hasselt in the region of Limburg, Brugge outside it; each with a snapshot of DAY."""
    region = Region.objects.create(name="Limburg")
    genk["city"].region = region
    genk["city"].save(update_fields=["region"])
    hasselt = CityFactory(name="Hasselt", slug="hasselt", region=region)
    kiewit = DistrictFactory(city=hasselt, name="Kiewit")
    for _ in range(HASSELT_REFERRED):
        FamilyFactory(city=hasselt, district=kiewit, family_name="Hasseltse", created_at=at(DAY))
    brugge = CityFactory(name="Brugge", slug="brugge")
    FamilyFactory(city=brugge, district=DistrictFactory(city=brugge, name="Assebroek"), created_at=at(DAY))
    for city in (genk["city"], hasselt, brugge):
        snapshot_take(city=city, day=DAY)
    viewer = UserFactory(email="limburg@example.org", city=genk["city"], is_steering=True, region=region)
    return {
        **genk,
        "region": region,
        "hasselt": hasselt,
        "kiewit": kiewit,
        "brugge": brugge,
        "viewer": viewer,
    }
