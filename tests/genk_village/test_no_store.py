"""Answers with personal data are never stored by a browser or proxy: Cache-Control: no-store."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_coach_home_is_not_stored(client, coach):
    client.force_login(coach)
    response = client.get(reverse("coaches:home"))
    assert response.status_code == 200 and _no_store(response)


def test_the_admin_family_page_is_not_stored(client, coordinator, family):
    client.force_login(coordinator)
    response = client.get(reverse("admin:families_family_change", args=[family.pk]))
    assert response.status_code == 200 and _no_store(response)


def test_the_families_api_is_not_stored_even_for_a_token_client(coordinator, family):
    api = APIClient()
    api.force_authenticate(coordinator)
    response = api.get("/api/v1/families/")
    assert response.status_code == 200 and _no_store(response)
    assert _no_store(APIClient().get("/api/v1/families/"))  # a refusal too: it is an API answer


def test_a_public_file_for_an_anonymous_visitor_may_be_cached(client):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200 and not _no_store(response)


def test_the_same_file_for_a_signed_in_person_is_not_stored(client, supporter):
    client.force_login(supporter)
    assert _no_store(client.get(reverse("manifest")))
