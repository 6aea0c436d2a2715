"""One door for staff: with MFA_REQUIRED_FOR_STAFF on, every staff page and the whole API need the app."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from tests.genk_village.factories import TEST_PASSWORD, UserFactory
from tests.genk_village.mfa import enrol_authenticator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _authenticator_rule_on(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    cache.clear()


def _signed_in(user) -> APIClient:
    """A session, as the browser has: force_authenticate would skip the authentication classes."""
    api = APIClient()
    api.force_login(user)
    return api


def test_a_steering_member_without_an_authenticator_app_gets_a_403_from_the_indicators_api(steering):
    response = _signed_in(steering).get("/api/v1/indicators/")

    assert response.status_code == 403
    assert "authenticator app" in response.json()["detail"]


def test_a_steering_member_with_an_authenticator_app_reads_the_indicators(steering):
    enrol_authenticator(steering)

    assert _signed_in(steering).get("/api/v1/indicators/").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/api/v1/families/", "/api/v1/challenges/", "/api/v1/indicators/", "/api/v1/challenges/?status=open"],
)
def test_a_coordinator_without_an_authenticator_app_reaches_no_api_endpoint(coordinator, family, url):
    response = _signed_in(coordinator).get(url)

    assert response.status_code == 403
    assert "authenticator app" in response.json()["detail"]


def test_staff_without_an_app_still_see_who_they_are_and_the_public_api_documentation(coordinator):
    api = _signed_in(coordinator)

    response = api.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["email"] == coordinator.email
    assert api.get("/api/v1/schema/").status_code == 200


def test_a_staff_token_from_before_the_rule_opens_nothing_until_the_app_is_set_up(
    settings, coordinator, family
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    token = APIClient().post(
        "/api/v1/auth/token/", {"email": coordinator.email, "password": TEST_PASSWORD}, format="json"
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    settings.MFA_REQUIRED_FOR_STAFF = True

    assert api.get(f"/api/v1/families/{family.pk}/").status_code == 403
    assert api.get("/api/v1/me/").status_code == 200
    enrol_authenticator(coordinator)
    assert api.get(f"/api/v1/families/{family.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["coach", "supporter"])
def test_volunteers_use_the_api_without_an_authenticator_app(request, family, persona):
    user = request.getfixturevalue(persona)

    assert _signed_in(user).get("/api/v1/challenges/").status_code == 200


def test_a_coordinator_without_an_authenticator_app_is_sent_from_the_proposal_page_to_set_one_up(
    client, coordinator, family
):
    client.force_login(coordinator)
    url = reverse("proposals:coordinator", kwargs={"family_id": family.pk})

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('mfa_activate_totp')}?next={url}"
    enrol_authenticator(coordinator)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("coordinator", "/admin/"),
        ("coordinator", "/monitoring/"),
        ("steering", "/monitoring/"),
        ("captain", "/monitoring/"),
        ("coordinator", "/proposals/family/1/print/"),
    ],
)
def test_every_staff_page_asks_for_the_authenticator_app_first(request, client, persona, url):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_a_superuser_needs_the_app_for_the_api_too(city):
    superuser = UserFactory(email="root@example.org", city=city, is_superuser=True, is_staff=True)

    assert _signed_in(superuser).get("/api/v1/families/").status_code == 403
    enrol_authenticator(superuser)
    assert _signed_in(superuser).get("/api/v1/families/").status_code == 200


def test_a_coach_page_is_not_behind_the_door(client, coach):
    client.force_login(coach)

    assert client.get(reverse("coaches:home")).status_code == 200
