"""A coach edits an open challenge nobody has taken: the former version is kept, the texts are screened
again, and a claimed one cannot change under its supporter."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, ChallengeRevision
from genk_village.models import AuditEntry
from supporters.models import Supporter
from tests.challenges.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    data = {
        "title": "Football shoes, size 31",
        "category": "material",
        "exchange_mode": "loan",
        "needed_by": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "description": "For the club's training on Wednesdays.",
    }
    return data | changes


def test_the_coach_changes_an_open_challenge_and_the_former_version_is_kept(client, coach, family):
    challenge = ChallengeFactory(family=family, title="Football shoes", description="", category="other")
    client.force_login(coach)
    url = reverse("coaches:challenge_edit", args=[challenge.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'value="Football shoes"' in page.content.decode()
    response = client.post(url, _form())
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert (challenge.title, challenge.category, challenge.exchange_mode) == (
        "Football shoes, size 31",
        "material",
        "loan",
    )
    (former,) = ChallengeRevision.objects.filter(challenge=challenge)
    assert (former.title, former.category, former.description, former.edited_by) == (
        "Football shoes",
        "other",
        "",
        coach,
    )
    assert AuditEntry.objects.filter(action="challenges.challenge.edited", actor=coach).exists()
    detail = client.get(reverse("coaches:challenge_detail", args=[challenge.pk])).content.decode()
    assert "Football shoes, size 31" in detail and url in detail


def test_a_phone_number_or_the_familys_name_in_the_new_text_is_refused(client, coach, family):
    challenge = ChallengeFactory(family=family, title="Football shoes")
    client.force_login(coach)
    url = reverse("coaches:challenge_edit", args=[challenge.pk])
    for text in ("Call 0470 12 34 56 for the size", f"For {family.family_name}'s son"):
        response = client.post(url, _form(description=text))
        assert response.status_code == 200 and 'class="error' in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.title == "Football shoes" and not ChallengeRevision.objects.exists()


def test_a_claimed_challenge_cannot_be_changed_and_shows_no_edit_button(client, coach, family, supporter):
    challenge = ChallengeFactory(
        family=family, title="Football shoes", status=Challenge.Status.CLAIMED,
        claimant=Supporter.objects.get(user=supporter), claimed_at=timezone.now(),
    )  # fmt: skip
    client.force_login(coach)
    url = reverse("coaches:challenge_edit", args=[challenge.pk])
    assert url not in client.get(reverse("coaches:challenge_detail", args=[challenge.pk])).content.decode()
    response = client.post(url, _form())
    assert response.status_code == 200
    assert "Only an open challenge that nobody has taken can be changed." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.title == "Football shoes" and not ChallengeRevision.objects.exists()


def test_another_coach_and_a_supporter_cannot_change_it(client, family, other_coach, supporter):
    challenge = ChallengeFactory(family=family, title="Football shoes")
    url = reverse("coaches:challenge_edit", args=[challenge.pk])
    client.force_login(other_coach)
    assert client.post(url, _form()).status_code == 404
    client.force_login(supporter)
    assert client.post(url, _form()).status_code == 403
    challenge.refresh_from_db()
    assert challenge.title == "Football shoes"


def test_the_texts_keep_their_own_direction_on_a_right_to_left_page(client, coach, family):
    challenge = ChallengeFactory(family=family, title="Football shoes")
    coach.language = "ar"
    coach.save(update_fields=["language"])
    client.force_login(coach)
    page = client.get(reverse("coaches:challenge_edit", args=[challenge.pk])).content.decode()
    assert 'dir="rtl"' in page
    assert re.search(r'<input[^>]*name="title"[^>]*dir="auto"|<input[^>]*dir="auto"[^>]*name="title"', page)
    assert re.search(
        r'<textarea[^>]*dir="auto"[^>]*name="description"|<textarea[^>]*name="description"[^>]*dir="auto"',
        page,
    )
