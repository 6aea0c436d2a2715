"""Coordinators hide what should not be published, supporters report it: a hidden challenge is gone for
supporters at once, in the pages and the API; reports wait in the coordinators' queue until handled."""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from challenges.models import Challenge, ChallengeEvent, ChallengeReport, ChallengeToModerate
from challenges.services import (
    ChallengeError,
    challenge_claim,
    challenge_hide,
    challenge_report,
    challenge_report_dismiss,
)
from genk_village.models import AuditEntry
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:challenges_challengetomoderate_changelist")


@pytest.fixture
def challenge(family, coach):
    return ChallengeFactory(family=family, title="Swimming bag for the lessons")


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _queue(client, coordinator) -> str:
    client.force_login(coordinator)
    response = client.get(QUEUE)
    assert response.status_code == 200
    return response.content.decode()


def test_a_hidden_challenge_leaves_the_board_and_the_api_for_supporters_at_once(
    client, challenge, supporter, coordinator
):
    client.force_login(supporter)
    assert challenge.title in client.get(reverse("challenges:board")).content.decode()

    challenge_hide(challenge=challenge, reason="Names the child's school class", actor=coordinator)

    assert challenge.title not in client.get(reverse("challenges:board")).content.decode()
    api = _api(supporter)
    listed = api.get("/api/v1/challenges/").json()["results"]
    assert challenge.pk not in [item["id"] for item in listed]
    assert api.get(f"/api/v1/challenges/{challenge.pk}/").status_code == 404
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CANCELLED and challenge.closed_at is not None
    assert challenge.hidden_by == coordinator and challenge.hidden_reason == "Names the child's school class"


def test_hiding_writes_an_audit_entry_and_a_cancelled_event(challenge, coordinator):
    challenge_hide(challenge=challenge, reason="Not a fit for the board", actor=coordinator)

    entry = AuditEntry.objects.get(action="challenges.challenge.hidden")
    assert entry.actor == coordinator and entry.target_id == str(challenge.pk)
    assert entry.city_id == challenge.city_id
    assert challenge.events.filter(kind=ChallengeEvent.Kind.CANCELLED).exists()


def test_a_coordinator_of_another_city_cannot_hide_it(challenge, other_coordinator):
    with pytest.raises(ChallengeError) as refused:
        challenge_hide(challenge=challenge, reason="Mine now", actor=other_coordinator)

    assert refused.value.status == 403
    challenge.refresh_from_db()
    assert challenge.hidden_at is None and challenge.status == Challenge.Status.OPEN


def test_a_coach_cannot_hide_a_challenge(challenge, coach):
    with pytest.raises(ChallengeError):
        challenge_hide(challenge=challenge, reason="Oops", actor=coach)

    challenge.refresh_from_db()
    assert challenge.hidden_at is None


def test_a_hidden_challenge_that_was_claimed_is_gone_for_its_claimant_but_mine_says_so(
    client, challenge, supporter, coordinator
):
    challenge_claim(challenge=challenge, supporter=supporter.supporter, actor=supporter)

    challenge_hide(challenge=challenge, reason="Shows the street", actor=coordinator)

    client.force_login(supporter)
    page = client.get(reverse("challenges:mine")).content.decode()
    assert challenge.title not in page and "Shows the street" not in page
    assert "hidden by the coordinator" in page
    assert _api(supporter).get(f"/api/v1/challenges/{challenge.pk}/").status_code == 404


def test_the_family_coach_and_the_coordinator_still_see_a_hidden_challenge(challenge, coach, coordinator):
    challenge_hide(challenge=challenge, reason="Not a fit", actor=coordinator)

    assert Challenge.objects.visible_to(coach).filter(pk=challenge.pk).exists()
    assert Challenge.objects.visible_to(coordinator).filter(pk=challenge.pk).exists()


def test_a_hidden_challenge_cannot_be_claimed_by_its_id(challenge, supporter, coordinator):
    challenge_hide(challenge=challenge, reason="Not a fit", actor=coordinator)

    response = _api(supporter).post(f"/api/v1/challenges/{challenge.pk}/claim/")

    assert response.status_code == 409
    challenge.refresh_from_db()
    assert challenge.claimant is None


def test_the_admin_action_asks_the_reason_then_hides(client, challenge, coordinator):
    client.force_login(coordinator)
    url = reverse("admin:challenges_challenge_changelist")
    selected = {"action": "hide_with_reason", helpers.ACTION_CHECKBOX_NAME: [challenge.pk]}

    asked = client.post(url, selected)
    assert asked.status_code == 200 and "Why is it hidden?" in asked.content.decode()
    challenge.refresh_from_db()
    assert challenge.hidden_at is None

    done = client.post(url, selected | {"apply": "1", "reason": "Shows a phone number in a photo"})
    assert done.status_code == 302
    challenge.refresh_from_db()
    assert challenge.hidden_reason == "Shows a phone number in a photo"


def test_a_supporter_reports_a_challenge_and_it_appears_in_the_queue(
    client, challenge, supporter, coordinator
):
    client.force_login(supporter)

    response = client.post(
        reverse("challenges:report", args=[challenge.pk]), {"reason": "personal_details", "note": "A name"}
    )

    assert response.status_code == 302
    report = ChallengeReport.objects.get()
    assert report.reporter == supporter.supporter and report.reason == "personal_details"
    assert AuditEntry.objects.filter(action="challenges.challenge.reported").exists()
    page = _queue(client, coordinator)
    assert challenge.title in page and "this shows personal details" in page


def test_the_report_with_htmx_answers_with_the_card_and_a_thank_you(client, challenge, supporter):
    client.force_login(supporter)

    response = client.post(
        reverse("challenges:report", args=[challenge.pk]), {"reason": "other"}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="challenge-{challenge.pk}"' in page and "Thank you. A coordinator will look" in page


def test_a_second_report_by_the_same_supporter_is_refused_while_the_first_is_open(challenge, supporter):
    challenge_report(challenge=challenge, supporter=supporter.supporter, reason="other", actor=supporter)

    response = _api(supporter).post(
        f"/api/v1/challenges/{challenge.pk}/report/", {"reason": "inappropriate"}, format="json"
    )

    assert response.status_code == 409
    assert ChallengeReport.objects.count() == 1


def test_another_supporter_may_report_the_same_challenge(challenge, supporter, city):
    other = SupporterFactory(city=city)
    challenge_report(challenge=challenge, supporter=supporter.supporter, reason="other", actor=supporter)

    response = _api(other.user).post(
        f"/api/v1/challenges/{challenge.pk}/report/", {"reason": "inappropriate", "note": ""}, format="json"
    )

    assert response.status_code == 201 and response.json()["reason"] == "inappropriate"
    assert ChallengeReport.objects.count() == 2


def test_dismissing_the_reports_clears_the_queue_and_the_challenge_stays(
    client, challenge, supporter, coordinator
):
    challenge_report(challenge=challenge, supporter=supporter.supporter, reason="other", actor=supporter)
    assert challenge.title in _queue(client, coordinator)

    response = client.post(QUEUE, {"action": "dismiss_reports", helpers.ACTION_CHECKBOX_NAME: [challenge.pk]})

    assert response.status_code == 302
    report = ChallengeReport.objects.get()
    assert report.outcome == ChallengeReport.Outcome.DISMISSED and report.handled_by == coordinator
    assert challenge.title not in _queue(client, coordinator)
    challenge.refresh_from_db()
    assert challenge.hidden_at is None and challenge.status == Challenge.Status.OPEN
    # Handled, so the same supporter may report it again.
    challenge_report(challenge=challenge, supporter=supporter.supporter, reason="other", actor=supporter)


def test_hiding_handles_the_open_reports(challenge, supporter, coordinator):
    report = challenge_report(
        challenge=challenge, supporter=supporter.supporter, reason="inappropriate", actor=supporter
    )

    challenge_hide(challenge=challenge, reason="Agreed", actor=coordinator)

    report.refresh_from_db()
    assert report.outcome == ChallengeReport.Outcome.HIDDEN and report.handled_at is not None
    assert not ChallengeToModerate.objects.filter(reports__handled_at__isnull=True).exists()


def test_the_queue_lists_the_oldest_report_first(client, family, coach, supporter, coordinator):
    newer, older = (
        ChallengeFactory(family=family, title="Newer one"),
        ChallengeFactory(family=family, title="Older one"),
    )
    earlier = timezone.now() - timezone.timedelta(days=2)
    ChallengeReport.objects.create(
        challenge=older, reporter=supporter.supporter, reason="other", created_at=earlier
    )
    ChallengeReport.objects.create(challenge=newer, reporter=supporter.supporter, reason="other")

    page = _queue(client, coordinator)

    assert page.index("Older one") < page.index("Newer one")


def test_a_coordinator_of_another_city_cannot_dismiss_a_report(challenge, supporter, other_coordinator):
    report = challenge_report(
        challenge=challenge, supporter=supporter.supporter, reason="other", actor=supporter
    )

    with pytest.raises(ChallengeError):
        challenge_report_dismiss(report=report, actor=other_coordinator)

    report.refresh_from_db()
    assert report.handled_at is None


def test_the_report_endpoint_is_404_for_a_challenge_the_supporter_cannot_see(supporter, city, other_city):
    claimed_by_another = ChallengeFactory(
        family=FamilyFactory(city=city),
        status=Challenge.Status.CLAIMED,
        claimant=SupporterFactory(city=city),
        claimed_at=timezone.now(),
    )
    elsewhere = ChallengeFactory(family=FamilyFactory(city=other_city))
    api = _api(supporter)

    for hidden_from_me in (claimed_by_another, elsewhere):
        response = api.post(
            f"/api/v1/challenges/{hidden_from_me.pk}/report/", {"reason": "other"}, format="json"
        )
        assert response.status_code == 404
    assert not ChallengeReport.objects.exists()


def test_the_report_page_is_404_for_a_challenge_the_supporter_cannot_see(client, supporter, other_city):
    elsewhere = ChallengeFactory(family=FamilyFactory(city=other_city))
    client.force_login(supporter)

    response = client.post(reverse("challenges:report", args=[elsewhere.pk]), {"reason": "other"})

    assert response.status_code == 404
    assert not ChallengeReport.objects.exists()


def test_a_report_note_with_a_phone_number_is_refused(challenge, supporter):
    response = _api(supporter).post(
        f"/api/v1/challenges/{challenge.pk}/report/",
        {"reason": "personal_details", "note": "Ze zetten er 0477 57 32 44 bij"},
        format="json",
    )

    assert response.status_code == 400
    assert "phone number" in response.json()["detail"]
    assert not ChallengeReport.objects.exists()


def test_the_report_admin_is_read_only(rf, coordinator):
    model_admin = admin.site._registry[ChallengeReport]
    request = rf.get("/admin/")
    request.user = coordinator

    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_every_board_card_carries_the_report_form_with_its_reasons(client, challenge, supporter):
    client.force_login(supporter)

    page = client.get(reverse("challenges:board")).content.decode()

    assert reverse("challenges:report", args=[challenge.pk]) in page
    assert "this shows personal details" in page and 'name="reason"' in page


def test_a_report_from_my_challenges_answers_with_my_list(client, challenge, supporter):
    challenge_claim(challenge=challenge, supporter=supporter.supporter, actor=supporter)
    client.force_login(supporter)

    response = client.post(
        reverse("challenges:report", args=[challenge.pk]),
        {"reason": "inappropriate", "back": "mine"},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert response.status_code == 200 and 'id="mine-list"' in page
    assert "Thank you. A coordinator will look" in page
    assert ChallengeReport.objects.filter(challenge=challenge, reason="inappropriate").exists()


def test_a_delivered_challenge_that_is_hidden_keeps_its_state_for_the_coach_to_confirm(
    challenge, supporter, coordinator
):
    challenge_claim(challenge=challenge, supporter=supporter.supporter, actor=supporter)
    Challenge.objects.filter(pk=challenge.pk).update(
        status=Challenge.Status.DELIVERED, delivered_at=timezone.now()
    )

    challenge_hide(challenge=challenge, reason="A photo of the house", actor=coordinator)

    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.DELIVERED and challenge.closed_at is None
    assert not Challenge.objects.visible_to(supporter).filter(pk=challenge.pk).exists()


@pytest.mark.parametrize("language", ["nl", "fr", "en", "nl"])
def test_the_reasons_rendered_once_per_language_are_in_the_pages_language(language):
    """The reasons are rendered once per language and process: each language gets its own, in any order."""
    with translation.override(language):
        rendered = Template("{% load reporting %}{% report_reasons %}").render(Context())
        expected = [str(label) for _value, label in ChallengeReport.Reason.choices]
    assert all(label in rendered for label in expected), (language, rendered)
    assert rendered.count('name="reason"') == len(expected)
