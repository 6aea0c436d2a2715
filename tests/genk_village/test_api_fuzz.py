"""Schemathesis over every API operation: no server error and no response that breaks the schema."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from genk_village.permissions import holds_staff_role
from genk_village.tokens import api_token_issue
from genk_village.wsgi import application
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.factories import TEST_PASSWORD
from tests.genk_village.mfa import current_code, enrol_authenticator

# The schema is read from the running application, as a client would; reading it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI app, which closes the database connection after each request; the
    test's transaction lives on that connection, so keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _data(db, family, coach, supporter):
    """Something to find: a matched family with an open challenge, so the calls reach real rows."""
    ChallengeFactory(family=family)


@pytest.fixture
def token_of(settings):
    """A persona's token, asked for as a client would: staff enrol an authenticator app and give its code,
    with the authenticator rule on. One token per persona and test; the token-revoking call gets its own."""
    settings.MFA_REQUIRED_FOR_STAFF = True
    cache.clear()  # throttle counters and used authenticator codes of earlier tests
    tokens = {}

    def token(user) -> str:
        if user.pk not in tokens:
            body = {"email": user.email, "password": TEST_PASSWORD}
            if holds_staff_role(user):
                body["code"] = current_code(enrol_authenticator(user))
            response = APIClient().post("/api/v1/auth/token/", body, format="json")
            assert response.status_code == 200, response.content
            tokens[user.pk] = response.json()["token"]
        return tokens[user.pk]

    return token


FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def _call(case, token_of, user=None) -> None:
    headers = {}
    if user is not None:
        revokes = case.method.upper() == "DELETE" and case.path == "/api/v1/auth/token/"
        key = api_token_issue(user=user, actor=user)[0] if revokes else token_of(user)
        headers["Authorization"] = f"Token {key}"
    case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_coordinator(case, token_of, coordinator):
    _call(case, token_of, coordinator)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_coach(case, token_of, coach):
    _call(case, token_of, coach)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_supporter(case, token_of, supporter):
    _call(case, token_of, supporter)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_steering_member(case, token_of, steering):
    _call(case, token_of, steering)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_anonymous_callers(case, token_of):
    _call(case, token_of)
