"""After `seed_demo`, a supporter finds no family, guardian or child name, address or phone on the board."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from families.models import Child, Family, Guardian
from genk_village.models import User

pytestmark = pytest.mark.django_db

SUPPORTER_PAGES = [
    "/challenges/",
    "/challenges/mine/",
    "/challenges/me/",
    "/challenges/profile/",
    "/challenges/offers/",
    "/challenges/notifications/",
]


def _secrets() -> set[str]:
    values = set()
    for family in Family.objects.all():
        values |= {family.family_name, family.address}
    for guardian in Guardian.objects.all():
        values |= {guardian.first_name, guardian.last_name, guardian.phone, guardian.email}
    values |= set(Child.objects.values_list("first_name", flat=True))
    return {value.strip() for value in values if value and len(value.strip()) > 2}


def _pages(client: Client) -> str:
    texts = [client.get(path).content.decode() for path in SUPPORTER_PAGES]
    url = "/api/v1/challenges/"
    while url:
        body = client.get(url).json()
        texts.append(str(body["results"]))
        url = body["next"]
    page, query = client.get("/challenges/"), {}
    while page.context["next_query"]:
        query = dict(pair.split("=") for pair in page.context["next_query"].split("&"))
        page = client.get("/challenges/", query)
        texts.append(page.content.decode())
    return "\n".join(texts)


def test_a_supporter_finds_nothing_that_identifies_a_family_after_seed_demo():
    call_command(
        "seed_demo",
        families=8,
        coaches=8,
        supporters=12,
        challenges=80,
        history_days=0,
        force=True,
        stdout=io.StringIO(),
    )
    secrets = _secrets()
    assert secrets, "the demo has families with names, addresses and phones"
    client = Client()
    client.force_login(User.objects.get(email="supporter1@example.org"))
    text = _pages(client)
    assert "challenge-" in text  # the board shows challenges
    found = sorted(secret for secret in secrets if re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", text))
    assert not found, f"family data on the supporter's pages: {found}"
