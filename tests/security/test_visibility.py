"""One visibility rule per model (genk_village.models.VisibleQuerySet) and one coach rule (coach_sees)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import timezone

from coaches.models import ContactLog, Match
from families.models import Child, Goal, Offer
from genk_village.permissions import has_role
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import ChildFactory, FamilyFactory
from tests.genk_village.factories import UserFactory

# Shared by every city, or another package's model scoped by its admin's city_path.
WITHOUT_VISIBILITY = {"genk_village.language", "supporters.badge", "account.emailaddress"}


def _visible_models():
    return [m for m in apps.get_models() if hasattr(m._default_manager.all(), "visible_to")]


def test_every_model_the_back_office_lists_has_a_visibility_rule():
    missing = {
        model._meta.label_lower
        for model in admin.site._registry
        if not hasattr(model._default_manager.all(), "visible_to")
    }

    assert missing <= WITHOUT_VISIBILITY


@pytest.mark.parametrize("model", _visible_models(), ids=lambda m: m._meta.label_lower)
def test_nobody_signed_out_or_deactivated_sees_anything(db, anonymous, model):
    inactive = UserFactory(is_coordinator=True, is_coach=True, is_supporter=True, is_active=False)

    assert not model.objects.visible_to(anonymous).exists()
    assert not model.objects.visible_to(inactive).exists()


def test_a_coach_sees_what_belongs_to_their_family_and_nothing_of_another(family, coach, city):
    other = FamilyFactory(city=city)
    ChildFactory(family=other, first_name="Noor")
    Goal.objects.create(family=family, domain="leisure", description="Swimming")
    Goal.objects.create(family=other, domain="leisure", description="Judo")
    Offer.objects.create(family=other, title="Soup", exchange_mode="gift")

    assert set(Child.objects.visible_to(coach).values_list("first_name", flat=True)) == {"Elif"}
    assert list(Goal.objects.visible_to(coach).values_list("description", flat=True)) == ["Swimming"]
    assert not Offer.objects.visible_to(coach).exists()


def test_a_coach_sees_their_own_matches_but_not_an_earlier_coachs_match_with_the_family(family, coach, city):
    earlier = ReadyCoachFactory(city=city)
    closed = Match.objects.create(
        family=family,
        coach=earlier,
        status="closed",
        started_on=timezone.localdate(),
        ended_on=timezone.localdate(),
        closure_reason="coach_stopped",
    )
    ContactLog.objects.create(match=closed, kind="visit", happened_on=timezone.localdate(), note="Old")
    active = Match.objects.get(family=family, status="active")
    ContactLog.objects.create(match=active, kind="visit", happened_on=timezone.localdate(), note="New")

    assert list(Match.objects.visible_to(coach)) == [active]
    assert list(ContactLog.objects.visible_to(coach).values_list("note", flat=True)) == ["New"]


def test_a_coachs_family_is_listed_once_even_beside_its_coordinators_view(family, coach):
    coach.is_coordinator = True
    coach.save(update_fields=["is_coordinator"])

    assert list(family._meta.model.objects.visible_to(coach)) == [family]


def test_pages_ask_for_the_role_itself_while_the_api_lets_superusers_in(db):
    superuser = UserFactory(is_superuser=True)

    assert not has_role(superuser, "coach")
    assert has_role(superuser, "coach", superusers=True)
    assert has_role(UserFactory(is_coach=True), "supporter", "coach")
