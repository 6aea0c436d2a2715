"""First come, first served on PostgreSQL: 50 supporters claim one challenge at the same moment."""

import threading

import pytest
from django.db import connection
from django.test import Client

from challenges.models import Challenge, ChallengeEvent
from supporters.models import Supporter
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLAIMANTS = 50


def test_of_fifty_simultaneous_claims_through_the_api_exactly_one_wins(city, family):
    challenge = ChallengeFactory(family=family)
    users = [
        UserFactory(email=f"racer{n}@example.org", city=city, is_supporter=True) for n in range(CLAIMANTS)
    ]
    Supporter.objects.bulk_create(
        Supporter(user=user, city=city, display_name=f"Racer {n}") for n, user in enumerate(users)
    )
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    start = threading.Barrier(CLAIMANTS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def claim(client: Client) -> None:
        try:
            start.wait()
            response = client.post(f"/api/v1/challenges/{challenge.pk}/claim/")
            with lock:
                answers.append((response.status_code, response.json().get("detail", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _detail in answers)
    assert statuses == [200] + [409] * (CLAIMANTS - 1)
    assert {detail for status, detail in answers if status == 409} == {
        "Someone else has just taken this challenge."
    }
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLAIMED
    assert ChallengeEvent.objects.filter(challenge=challenge, kind="claimed").count() == 1
