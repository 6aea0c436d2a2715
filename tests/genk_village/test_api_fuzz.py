"""Schemathesis over every API operation: no server error and no response that breaks the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from genk_village.wsgi import application
from tests.challenges.factories import ChallengeFactory

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


def _call(case, user=None) -> None:
    headers = {}
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        headers["Authorization"] = f"Token {token.key}"
    case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_coordinator(case, coordinator):
    _call(case, coordinator)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_coach(case, coach):
    _call(case, coach)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_supporter(case, supporter):
    _call(case, supporter)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_a_steering_member(case, steering):
    _call(case, steering)


@schema.parametrize()
@FUZZ
def test_no_operation_fails_for_anonymous_callers(case):
    _call(case)
