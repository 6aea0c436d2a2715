"""API tokens: the authenticator code for staff, hashed keys, expiry and every way a token is revoked."""

import datetime
import hashlib

import pytest
import time_machine
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from genk_village.models import ApiToken, AuditEntry
from tests.genk_village.factories import TEST_PASSWORD, UserFactory
from tests.genk_village.mfa import current_code, enrol_authenticator

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _authenticator_rule_on(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    cache.clear()  # throttle counters and used authenticator codes of earlier tests


def _ask(user, **extra):
    return APIClient().post(URL, {"email": user.email, "password": TEST_PASSWORD, **extra}, format="json")


def _token(user, secret=None) -> str:
    response = _ask(user, **({"code": current_code(secret)} if secret else {}))
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _with(token: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}")


def test_a_staff_token_request_without_a_code_is_a_400_that_asks_for_the_code(coordinator):
    enrol_authenticator(coordinator)

    response = _ask(coordinator)

    assert response.status_code == 400
    assert "code" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_a_wrong_code_is_a_400_that_says_it_is_wrong(coordinator):
    secret = enrol_authenticator(coordinator)
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"

    response = _ask(coordinator, code=wrong)

    assert response.status_code == 400
    assert "not correct" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_a_staff_member_without_an_authenticator_app_is_told_to_set_one_up_first(steering):
    response = _ask(steering, code="123456")

    assert response.status_code == 400
    assert "Set up an authenticator app" in response.json()["detail"]


def test_the_password_and_the_current_code_give_a_coordinator_a_token_that_opens_the_family(
    coordinator, family
):
    secret = enrol_authenticator(coordinator)

    response = _ask(coordinator, code=current_code(secret))

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expires_at"}
    assert _with(response.json()["token"]).get(f"/api/v1/families/{family.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="genk_village.apitoken.issued", actor=coordinator).exists()


def test_a_code_is_good_for_one_token_only(coordinator):
    secret = enrol_authenticator(coordinator)
    code = current_code(secret)
    assert _ask(coordinator, code=code).status_code == 200

    assert _ask(coordinator, code=code).status_code == 400


def test_a_coach_needs_no_code(coach):
    response = _ask(coach)

    assert response.status_code == 200
    assert _with(response.json()["token"]).get("/api/v1/families/").status_code == 200


def test_a_volunteer_who_set_up_an_app_gives_its_code_too(supporter):
    secret = enrol_authenticator(supporter)

    assert _ask(supporter).status_code == 400
    assert _ask(supporter, code=current_code(secret)).status_code == 200


def test_only_the_hash_of_the_key_is_stored(supporter):
    key = _token(supporter)

    stored = ApiToken.objects.get(user=supporter)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.key_hash, stored.roles, stored.user_fingerprint}


def test_a_staff_token_is_refused_with_a_401_after_api_token_staff_seconds(settings, coordinator, family):
    secret = enrol_authenticator(coordinator)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = _token(coordinator, secret)
    client = _with(token)

    with time_machine.travel(start + datetime.timedelta(seconds=settings.API_TOKEN_STAFF_SECONDS - 1)):
        assert client.get("/api/v1/families/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(seconds=settings.API_TOKEN_STAFF_SECONDS)):
        response = client.get("/api/v1/families/")

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


def test_a_volunteer_token_lives_api_token_seconds(settings, supporter):
    with time_machine.travel(timezone.now(), tick=False):
        _token(supporter)
        token = ApiToken.objects.get(user=supporter)

    assert token.expires_at - token.created_at == datetime.timedelta(seconds=settings.API_TOKEN_SECONDS)
    assert settings.API_TOKEN_SECONDS > settings.API_TOKEN_STAFF_SECONDS


def test_a_token_records_when_it_was_last_used(supporter):
    client = _with(_token(supporter))

    client.get("/api/v1/me/")

    assert ApiToken.objects.get(user=supporter).last_used_at is not None


def test_a_password_change_on_the_account_page_revokes_the_token(client, supporter):
    api = _with(_token(supporter))
    client.force_login(supporter)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "a new and long passphrase",
            "password2": "a new and long passphrase",
        },
    )

    assert response.status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


def test_a_password_set_by_someone_else_revokes_the_token(supporter):
    api = _with(_token(supporter))

    supporter.set_password("set in the back office")
    supporter.save(update_fields=["password"])

    assert api.get("/api/v1/me/").status_code == 401


def test_signing_out_everywhere_ends_every_session_and_token(client, supporter):
    api = _with(_token(supporter))
    elsewhere = APIClient()
    elsewhere.force_login(supporter)
    assert elsewhere.get("/api/v1/me/").status_code == 200
    client.force_login(supporter)

    response = client.post(reverse("account_sign_out_everywhere"))

    assert response.status_code == 302 and response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert elsewhere.get("/api/v1/me/").status_code == 403
    assert api.get("/api/v1/me/").status_code == 401
    assert not ApiToken.objects.filter(user=supporter).exists()


def test_the_sign_out_page_offers_to_sign_out_everywhere(client, supporter):
    client.force_login(supporter)

    response = client.get(reverse("account_logout"))

    assert reverse("account_sign_out_everywhere") in response.content.decode()
    assert client.get(reverse("account_sign_out_everywhere")).status_code == 200


def test_delete_revokes_the_token_of_the_call_and_no_other(supporter):
    first, second = _token(supporter), _token(supporter)

    response = _with(first).delete(URL)

    assert response.status_code == 204
    assert _with(first).get("/api/v1/me/").status_code == 401
    assert _with(second).get("/api/v1/me/").status_code == 200


def test_delete_without_a_token_is_a_401(supporter):
    response = APIClient().delete(URL)

    assert response.status_code == 401
    assert "detail" in response.json()


def test_losing_the_coordinator_role_revokes_the_token(coordinator, family):
    secret = enrol_authenticator(coordinator)
    api = _with(_token(coordinator, secret))

    coordinator.is_coordinator = False
    coordinator.save(update_fields=["is_coordinator"])

    response = api.get(f"/api/v1/families/{family.pk}/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_token_of_a_deactivated_person_is_refused(supporter):
    api = _with(_token(supporter))

    supporter.is_active = False
    supporter.save(update_fields=["is_active"])

    assert api.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token not-a-token"])
def test_a_malformed_or_unknown_token_is_a_401_with_detail(header):
    response = APIClient(HTTP_AUTHORIZATION=header).get("/api/v1/me/")

    assert response.status_code == 401
    assert "detail" in response.json()


def test_wrong_codes_count_towards_the_sign_in_lockout(settings):
    settings.AXES_ENABLED = True
    user = UserFactory(email="locked@example.org", is_coordinator=True)
    secret = enrol_authenticator(user)
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert _ask(user, code=wrong).status_code == 400

    response = _ask(user, code=current_code(secret))

    assert response.status_code != 200
    assert not ApiToken.objects.exists()


def test_the_token_flow_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    operations = schema["paths"][URL]
    assert {"post", "delete"} <= set(operations)
    assert "code" in schema["components"]["schemas"]["TokenInput"]["properties"]
    assert operations["delete"]["security"] == [{"tokenAuth": []}]


def test_sessions_from_before_the_security_stamp_stay_signed_in(supporter):
    assert supporter.security_stamp == ""
    assert supporter.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(supporter)
