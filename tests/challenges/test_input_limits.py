"""One set of limits for a posted challenge, the same through the API and the coach's form: title and
description lengths, a date within a year, integer ids, no invisible text-direction characters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Challenge

pytestmark = pytest.mark.django_db


def _body(**fields):
    return {
        "title": "Voetbalschoenen maat 31",
        "description": "",
        "category": Challenge.Category.MATERIAL,
        "needed_by": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "exchange_mode": "gift",
        **fields,
    }


@pytest.fixture
def api(coach):
    client = APIClient()
    client.force_authenticate(coach)
    return client


REFUSED = [
    ("description", "x" * 100_000),
    ("description", "x" * 2001),
    ("title", "x" * 121),
    ("needed_by", "9999-12-31"),
    ("needed_by", (timezone.localdate() + datetime.timedelta(days=366)).isoformat()),
    ("needed_by", (timezone.localdate() - datetime.timedelta(days=1)).isoformat()),
    ("title", "Fiets\u202egnitsetrop"),
    ("title", "Fiets \u2066voor\u2069 school"),
]


@pytest.mark.parametrize(("field", "value"), REFUSED)
def test_the_api_refuses_what_is_out_of_bounds_with_a_400(api, family, field, value):
    response = api.post("/api/v1/challenges/", _body(family=family.pk, **{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json() and "detail" in response.json()
    assert not Challenge.objects.exists()


@pytest.mark.parametrize("family_id", [2.5, "2.5", True, "١", "²"])
def test_the_api_refuses_a_family_id_that_is_not_an_integer(api, family, family_id):
    response = api.post("/api/v1/challenges/", _body(family=family_id), format="json")
    assert response.status_code == 400 and "family" in response.json()
    assert not Challenge.objects.exists()


def test_a_float_id_is_not_rounded_to_the_coachs_own_family(api, family):
    response = api.post("/api/v1/challenges/", _body(family=family.pk + 0.5), format="json")
    assert response.status_code == 400


def test_the_api_accepts_the_limits_themselves(api, family):
    far = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()
    body = _body(family=family.pk, title="x" * 120, description="y" * 2000, needed_by=far)
    assert api.post("/api/v1/challenges/", body, format="json").status_code == 201


@pytest.mark.parametrize(("field", "value"), REFUSED)
def test_the_coach_form_refuses_the_same_values(client, coach, family, field, value):
    client.force_login(coach)
    response = client.post(reverse("coaches:challenge_new"), _body(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert not Challenge.objects.exists()
