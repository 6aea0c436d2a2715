"""Every error under /api/v1/ is JSON {"detail": ...}: an unknown path, a body too large, a bad cursor."""

import pytest
from rest_framework.test import APIClient

from tests.challenges.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(coach):
    client = APIClient()
    client.force_authenticate(coach)
    return client


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/challenges/12/nope/", "/api/v2/"])
def test_an_unknown_api_path_is_a_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and response.json() == {"detail": "Not found."}


def test_an_api_path_without_its_slash_is_still_redirected(api):
    response = api.get("/api/v1/challenges")
    assert response.status_code == 301 and response["Location"] == "/api/v1/challenges/"


@pytest.mark.parametrize("format_", ["json", "multipart"])
def test_a_body_over_the_upload_limit_is_a_json_413(api, family, settings, format_):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api.post(
        "/api/v1/challenges/", {"family": family.pk, "description": "x" * 20_000}, format=format_
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large."}


@pytest.mark.parametrize("cursor", ["cD0yMDI2", "not-base64", "cD0", "bz0xJnA9eA=="])
def test_a_malformed_cursor_is_a_json_400_not_a_500(api, family, cursor):
    ChallengeFactory(family=family)
    response = api.get("/api/v1/challenges/", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"detail": "This page link is not valid; start again from the first page."}


def test_a_cursor_from_a_page_still_works(api, family):
    for _ in range(3):
        ChallengeFactory(family=family)
    first = api.get("/api/v1/challenges/", {"page_size": 2}).json()
    second = api.get(first["next"])
    assert second.status_code == 200 and len(second.json()["results"]) == 1
