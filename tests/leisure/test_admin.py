"""Coordinators keep the local offer in the admin; what the UiTdatabank brings can only be taken out of it."""

import pytest
from django.urls import reverse

from leisure.models import Activity
from tests.leisure.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_local_partner_with_its_days(client, coordinator, city, district):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:leisure_activity_add"),
        {"name": "Chiro Winterslag", "kind": "youth_movement", "district": district.pk, "min_age": 6,
         "max_age": 12, "weekdays": ["5", "6"], "price": "35", "active": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    chiro = Activity.objects.get(name="Chiro Winterslag")
    assert (chiro.city, chiro.source, chiro.weekdays) == (city, "local", "56")


def test_an_imported_activity_can_only_be_taken_out_of_the_offer(client, coordinator, city):
    imported = ActivityFactory(city=city, source="uitdatabank", external_id="abc", name="Zwemlessen")
    client.force_login(coordinator)
    url = reverse("admin:leisure_activity_change", args=[imported.pk])

    page = client.get(url)
    client.post(url, {"name": "Renamed", "kind": "music", "weekdays": ["0"]})

    assert 'name="name"' not in page.text and 'name="active"' in page.text
    imported.refresh_from_db()
    assert (imported.name, imported.kind, imported.active) == ("Zwemlessen", "swimming", False)
