"""The coaches' back office writes through the same services as the pages: the family's choice recorded
by a coordinator tells the coach as the proposal page does, once, however often the job runs."""

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coaches import tasks
from coaches.models import Attendance, Coach, ContactLog, Match
from genk_village.models import AuditEntry
from tests.coaches.factories import CoachFactory, ReadyCoachFactory, TrainingSessionFactory
from tests.families.factories import FamilyFactory
from tests.families.test_admin_writes import _page_data
from tests.genk_village.factories import language

TODAY = timezone.localdate()


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

    assert "1 choice recorded" in page
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


def _coach_page(client, coach):
    coach.languages.set([language("nl")])
    url = reverse("admin:coaches_coach_change", args=[coach.pk])
    data = _page_data(client.get(url))
    data.pop("photo")  # no file chosen: the browser posts none
    return url, data


def test_screening_steps_saved_on_the_coach_page_go_through_coach_record_screening(client, coordinator, city):
    candidate = CoachFactory(city=city)
    client.force_login(coordinator)
    url, data = _coach_page(client, candidate)
    data.update(interview_on=TODAY.isoformat(), references_checked="on")

    assert client.post(url, data).status_code == 302

    candidate.refresh_from_db()
    assert (candidate.interview_on, candidate.references_checked) == (TODAY, True)
    assert candidate.screening_status == Coach.Screening.SCREENING  # the service moves an applicant on
    entry = AuditEntry.objects.get(action="coaches.coach.screening_recorded", actor=coordinator)
    assert entry.fields == ["interview_on", "references_checked", "screening_status"]


def test_removing_a_recorded_screening_date_is_a_form_error_and_changes_nothing(client, coordinator, city):
    screened = ReadyCoachFactory(city=city, display_name="Before")
    client.force_login(coordinator)
    url, data = _coach_page(client, screened)
    data.update(interview_on="", display_name="After")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "cannot be removed" in str(response.context["adminform"].form.non_field_errors())
    screened.refresh_from_db()
    assert screened.interview_on is not None and screened.display_name == "Before"


def test_attendance_added_on_the_coach_page_goes_through_attendance_record(client, coordinator, city):
    candidate = CoachFactory(city=city)
    session = TrainingSessionFactory(city=city)
    client.force_login(coordinator)
    url, data = _coach_page(client, candidate)
    data.update(
        {
            "attendances-TOTAL_FORMS": "1",
            "attendances-0-session": session.pk,
            "attendances-0-attended": "on",
            "attendances-0-coach": candidate.pk,
        }
    )

    assert client.post(url, data).status_code == 302

    assert Attendance.objects.get(coach=candidate).session == session
    assert AuditEntry.objects.filter(action="coaches.attendance.recorded", actor=coordinator).count() == 1


def test_attendance_added_on_its_own_page_goes_through_attendance_record_and_keeps_its_session(
    client, coordinator, city
):
    candidate = CoachFactory(city=city)
    session = TrainingSessionFactory(city=city)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:coaches_attendance_add"),
        {"coach": candidate.pk, "session": session.pk, "attended": "on"},
    )

    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="coaches.attendance.recorded", actor=coordinator).count() == 1
    attendance = Attendance.objects.get()
    page = client.get(reverse("admin:coaches_attendance_change", args=[attendance.pk])).content.decode()
    assert 'name="session"' not in page and 'name="coach"' not in page


def test_contact_logs_are_read_only_in_the_admin(client, coordinator, coach, family):
    match = Match.objects.get(family=family)
    contact = ContactLog.objects.create(match=match, author=coach, kind="visit", happened_on=TODAY)
    client.force_login(coordinator)
    url = reverse("admin:coaches_contactlog_change", args=[contact.pk])

    assert 'name="note"' not in client.get(url).content.decode()
    assert client.post(url, {"match": match.pk, "kind": "phone", "happened_on": TODAY}).status_code == 403
    assert client.get(reverse("admin:coaches_contactlog_add")).status_code == 403
    contact.refresh_from_db()
    assert contact.kind == "visit"
    match_page = client.get(reverse("admin:coaches_match_change", args=[match.pk])).content.decode()
    assert 'name="contacts-0-kind"' not in match_page
