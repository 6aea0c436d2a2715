"""The back office: every list, add and change page opens for a coordinator and for nobody else."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from challenges.models import ChallengeEvent, PointsEntry
from coaches.models import Attendance, ContactLog, SupportRequest
from families.models import DeprivationCheck, Goal, KindEnGezinAssessment, Offer
from genk_village.audit import audit
from monitoring.models import IndicatorSnapshot
from supporters.models import AwardedBadge, Badge, GroupMembership
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import TrainingSessionFactory
from tests.families.factories import ChildFactory, FamilyFactory
from tests.supporters.factories import SupporterFactory

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
READ_ONLY_ADD = {
    "genk_village.auditentry",
    "challenges.challenge",
    "challenges.pointsentry",
    "monitoring.indicatorsnapshot",
}
SUPERUSER_ONLY_ADD = {"genk_village.city", "genk_village.language"}


@pytest.fixture
def world(city, family, coach, supporter, coordinator):
    """One record of every model in the coordinator's city."""
    from coaches.models import Match

    match = Match.objects.get(family=family)
    child = family.children.get()
    DeprivationCheck.objects.create(child=child, checked_on=timezone.localdate(), has_books=False)
    KindEnGezinAssessment.objects.create(family=family, assessed_on=timezone.localdate(), low_income=True)
    Goal.objects.create(family=family, domain="leisure", description="Swimming lessons")
    Offer.objects.create(family=family, title="Baklava for the party", exchange_mode="gift")
    session = TrainingSessionFactory(city=city)
    Attendance.objects.create(session=session, coach=match.coach)
    ContactLog.objects.create(match=match, kind="visit", happened_on=timezone.localdate(), note="First visit")
    SupportRequest.objects.create(coach=match.coach, question="How do I find a youth movement?")
    group = SupporterFactory(city=city, kind="group", display_name="FC Winterslag U10")
    GroupMembership.objects.create(group=group, member=supporter.supporter)
    badge = Badge.objects.create(code="first-help", name="First help", description="Your first challenge")
    AwardedBadge.objects.create(supporter=supporter.supporter, badge=badge)
    challenge = ChallengeFactory(family=family)
    event = ChallengeEvent.objects.create(challenge=challenge, kind="confirmed")
    PointsEntry.objects.create(
        supporter=supporter.supporter, points=10, reason="challenge_confirmed", challenge_event=event
    )
    IndicatorSnapshot.objects.create(city=city, code="families_referred", day=timezone.localdate(), value=1)
    audit(actor=coordinator, action="families.family.viewed", target=family)
    EmailAddress.objects.create(user=supporter, email=supporter.email, verified=True, primary=True)
    return city


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=lambda v: getattr(v, "__name__", ""))
def test_coordinator_opens_every_list_add_and_change_page(client, world, coordinator, model, model_admin):
    client.force_login(coordinator)

    assert client.get(_url(model, "changelist")).status_code == 200
    label = model._meta.label_lower
    add = client.get(_url(model, "add"))
    assert add.status_code == (403 if label in READ_ONLY_ADD | SUPERUSER_ONLY_ADD else 200)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the world fixture has no {label}"
    assert client.get(_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "coach", "supporter", "steering", "referrer"])
def test_other_roles_are_kept_out_of_the_back_office(client, world, personas, persona):
    user = personas[persona]
    if user.is_authenticated:
        client.force_login(user)
    family = world.families.get()

    for url in [
        reverse("admin:index"),
        _url(family.__class__, "changelist"),
        _url(family.__class__, "change", family.pk),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_coordinator_of_another_city_cannot_open_a_family_file(client, world, other_coordinator):
    family = world.families.get()
    client.force_login(other_coordinator)

    listing = client.get(_url(family.__class__, "changelist"))
    change = client.get(_url(family.__class__, "change", family.pk))

    assert family.reference not in listing.content.decode()
    assert change.status_code == 302  # the admin's "does not exist" redirect, no file shown
    assert family.family_name not in client.get(change.url).content.decode()


LISTS = [
    "families.family",
    "families.child",
    "families.guardian",
    "families.deprivationcheck",
    "coaches.coach",
    "coaches.match",
    "coaches.contactlog",
    "supporters.supporter",
    "challenges.challenge",
    "challenges.pointsentry",
    "genk_village.auditentry",
    "genk_village.user",
]


@pytest.mark.parametrize("label", LISTS)
def test_list_pages_take_the_same_number_of_queries_for_more_rows(client, world, coordinator, label):
    model = next(m for m, _a in MODEL_ADMINS if m._meta.label_lower == label)
    client.force_login(coordinator)
    url = _url(model, "changelist")
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    for _ in range(4):
        family = FamilyFactory(city=world, district=world.districts.first())
        child = ChildFactory(family=family)
        DeprivationCheck.objects.create(child=child, checked_on=timezone.localdate())
        family.guardians.create(first_name="Jan", last_name="Peeters", relation="father")
        ChallengeFactory(family=family)
        audit(actor=coordinator, action="families.family.viewed", target=family)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
