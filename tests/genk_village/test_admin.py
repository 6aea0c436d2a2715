"""The back office: every list, add and change page opens for a coordinator and for nobody else."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import DeprivationCheck
from genk_village.audit import audit
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import ChildFactory, FamilyFactory
from tests.worlds import one_of_everything

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
READ_ONLY_ADD = {
    "genk_village.auditentry",
    "challenges.challenge",
    "challenges.pledge",
    "challenges.pointsentry",
    "monitoring.indicatorsnapshot",
    "challenges.offeranswer",
    "supporters.notification",
    "challenges.challengereport",  # reports come from supporters
    "challenges.challengetomoderate",  # the queue lists challenges that were reported
    "coaches.contactlog",  # only the coach logs a contact
}
SUPERUSER_ONLY_ADD = {"genk_village.city", "genk_village.language", "genk_village.region"}


@pytest.fixture
def world(city, family, coach, supporter, coordinator):
    """One record of every model in the coordinator's city."""
    one_of_everything(city=city, family=family, supporter=supporter, coordinator=coordinator)
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
        if user.is_authenticated:  # signed in without the role: refused, never sent round to sign in again
            assert response.status_code == 403
        else:
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


def test_a_coordinator_switches_supporter_approval_for_their_own_city_only(client, coordinator, other_city):
    city = coordinator.city
    client.force_login(coordinator)
    changelist = client.get(reverse("admin:genk_village_city_changelist")).content.decode()
    assert city.name in changelist and other_city.name not in changelist
    url = reverse("admin:genk_village_city_change", args=[city.pk])
    response = client.post(url, {"supporters_need_approval": "on", "name": "Elsewhere", "slug": "elsewhere"})
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.supporters_need_approval
    assert (city.name, city.slug) != ("Elsewhere", "elsewhere")  # only a superuser renames a city
    other = client.get(reverse("admin:genk_village_city_change", args=[other_city.pk]))
    assert other.status_code == 302  # the admin's "no such record" redirect: another city is not there
    other_city.refresh_from_db()
    assert not other_city.supporters_need_approval


@pytest.mark.parametrize("title", ["Football shoes", 'Shoes & a "ball" <size 30>'])
def test_the_row_checkbox_is_djangos_own_markup(db, title):
    challenge = ChallengeFactory(title=title)
    model_admin = admin.site._registry[type(challenge)]

    # each row gets the very checkbox Django's widget renders, escaped the same way
    assert model_admin.action_checkbox(challenge) == admin.ModelAdmin.action_checkbox(model_admin, challenge)


def test_the_family_list_counts_each_familys_children_and_sorts_by_them(client, coordinator, city):
    two = FamilyFactory(city=city, reference="GV-0002")
    ChildFactory.create_batch(2, family=two)
    FamilyFactory(city=city, reference="GV-0000")
    client.force_login(coordinator)

    response = client.get(reverse("admin:families_family_changelist"), {"o": "-6"})

    shown = {family.reference: family.children_total for family in response.context["cl"].result_list}
    assert shown == {"GV-0002": 2, "GV-0000": 0}
    assert [family.reference for family in response.context["cl"].result_list] == ["GV-0002", "GV-0000"]
