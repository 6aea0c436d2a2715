"""The coaches' back office writes through the same services as the pages: the family's choice recorded
by a coordinator tells the coach as the proposal page does, once, however often the job runs."""

from django.core import mail
from django.urls import reverse

from coaches import tasks
from coaches.models import Match
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory


def _proposed(city, district) -> Match:
    family = FamilyFactory(city=city, district=district, status="matching")
    coach = ReadyCoachFactory(city=city, user__email="chosen@example.org")
    return Match.objects.create(family=family, coach=coach, rank=1)


def test_recording_the_familys_choice_in_the_admin_sends_one_email_to_the_coach(
    client, coordinator, city, district, django_capture_on_commit_callbacks
):
    match = _proposed(city, district)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("admin:coaches_match_changelist"),
            {"action": "record_choice", "_selected_action": [match.pk]},
            follow=True,
        ).content.decode()

    assert "1 choices recorded" in page
    match.refresh_from_db()
    assert match.status == Match.Status.CHOSEN and match.coach_notified_at is not None
    assert [message.to for message in mail.outbox] == [["chosen@example.org"]]
    assert reverse("proposals:respond", args=[match.pk]) in mail.outbox[0].body


def test_telling_the_chosen_coach_twice_sends_one_email(city, district):
    match = _proposed(city, district)
    Match.objects.filter(pk=match.pk).update(status=Match.Status.CHOSEN)

    assert tasks.notify_chosen_coach(match.pk) is True
    assert tasks.notify_chosen_coach(match.pk) is False

    assert len(mail.outbox) == 1


def test_a_coach_whose_match_is_no_longer_waiting_is_not_told(city, district):
    match = _proposed(city, district)

    assert tasks.notify_chosen_coach(match.pk) is False

    assert not mail.outbox
