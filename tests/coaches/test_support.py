"""Keeping a match alive (issue #14): the support rhythm, the health check-ins and the structured closure,
each on a controlled clock."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from coaches import calendar, tasks
from coaches.models import COORDINATOR_KINDS, ContactLog, HealthCheckIn, Match, Reminder
from coaches.services import (
    CoachError,
    contact_log_record,
    contact_log_record_check_in,
    health_check_in_record,
    match_close,
    match_goodbye_record,
    reminders_send_support_moments,
)
from coaches.support import MET, MISSED, MONTHLY, QUARTERLY, match_moments
from coaches.worklist import coach_work
from families.models import Family
from monitoring.indicators import measure
from tests.coaches.factories import ReadyCoachFactory, TrainingSessionFactory
from tests.families.factories import ChildFactory, FamilyFactory
from tests.genk_village.factories import language

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


def run(job, **kwargs):
    """Run a job as in production: its e-mails and follow-up jobs leave once its transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return job(**kwargs)


@pytest.fixture
def active(city, district):
    coach = ReadyCoachFactory(city=city, active_matches=1, user__email="steady@example.org")
    family = FamilyFactory(
        city=city, district=district, status=Family.Status.MATCHED, family_name="Benali", address="Kolenweg 3"
    )
    ChildFactory(family=family, first_name="Noor")
    return Match.objects.create(family=family, coach=coach, status=Match.Status.ACTIVE, started_on=START)


def contact(match, day, kind=ContactLog.Kind.VISIT):
    return ContactLog.objects.create(match=match, kind=kind, happened_on=day)


def answers(score_each: int) -> list[int]:
    return [score_each] * 5


# The support rhythm


def test_a_first_contact_within_two_weeks_is_met_and_a_silent_month_is_missed(active):
    contact(active, START + datetime.timedelta(days=10))
    moments = match_moments(active, today=datetime.date(2026, 2, 20))
    first, february, march = moments[0], moments[1], moments[2]
    assert first.due_on == datetime.date(2026, 1, 19) and first.status(datetime.date(2026, 2, 20)) == MET
    assert february.kind == MONTHLY and february.due_on == datetime.date(2026, 2, 5)
    assert february.status(datetime.date(2026, 2, 20)) == MISSED
    assert march.due_on == datetime.date(2026, 3, 5) and march.status(datetime.date(2026, 2, 20)) == "due"


def test_a_late_contact_does_not_meet_the_moment_it_missed_but_meets_the_next(active):
    contact(active, datetime.date(2026, 1, 25))  # after the first moment's due date (19 January)
    moments = match_moments(active, today=datetime.date(2026, 2, 6))
    assert moments[0].met_on is None
    assert moments[1].met_on == datetime.date(2026, 1, 25)


def test_in_year_two_a_moment_is_due_every_quarter(active):
    Match.objects.filter(pk=active.pk).update(started_on=datetime.date(2025, 1, 6))
    active.refresh_from_db()
    contact(active, datetime.date(2026, 3, 20))
    moments = match_moments(active, today=datetime.date(2026, 4, 10))
    later = [moment for moment in moments if moment.kind == QUARTERLY]
    assert later[0].opens_on == datetime.date(2026, 1, 7)
    assert later[0].due_on == datetime.date(2026, 4, 6)
    assert later[0].met_on == datetime.date(2026, 3, 20)
    assert [m.due_on for m in later[:2]] == [datetime.date(2026, 4, 6), datetime.date(2026, 7, 6)]


def test_a_coordinators_check_in_is_its_own_kind_and_meets_no_moment_of_the_coach(active, coordinator):
    with time_machine.travel(datetime.datetime(2026, 1, 12, 10, tzinfo=datetime.UTC)):
        check = contact_log_record_check_in(
            match=active,
            actor=coordinator,
            kind=ContactLog.Kind.COORDINATOR_FAMILY,
            happened_on=datetime.date(2026, 1, 12),
        )
        with pytest.raises(CoachError):
            contact_log_record(
                match=active,
                actor=active.coach.user,
                kind=ContactLog.Kind.COORDINATOR_COACH,
                happened_on=datetime.date(2026, 1, 12),
            )
        with pytest.raises(CoachError):
            contact_log_record_check_in(
                match=active,
                actor=active.coach.user,
                kind=ContactLog.Kind.COORDINATOR_COACH,
                happened_on=datetime.date(2026, 1, 12),
            )
    assert check.get_kind_display() == "coordinator's check-in with the family"
    assert match_moments(active, today=datetime.date(2026, 1, 20))[0].met_on is None


def test_the_coach_is_reminded_once_a_few_days_before_a_moment_not_yet_met(active, settings):
    settings.SUPPORT_REMIND_DAYS_BEFORE = 3
    assert run(reminders_send_support_moments, today=datetime.date(2026, 1, 10)) == 0  # nine days ahead
    assert run(reminders_send_support_moments, today=datetime.date(2026, 1, 16)) == 1
    assert run(reminders_send_support_moments, today=datetime.date(2026, 1, 17)) == 0  # told already
    assert Reminder.objects.filter(kind=Reminder.Kind.SUPPORT_MOMENT, match=active).count() == 1
    assert [message.to for message in mail.outbox] == [["steady@example.org"]]
    assert "2026-01-19" in mail.outbox[0].body
    contact(active, datetime.date(2026, 1, 20))
    assert run(reminders_send_support_moments, today=datetime.date(2026, 2, 3)) == 0  # February met early


def test_the_reminder_job_is_safe_to_run_twice(active):
    with time_machine.travel(datetime.datetime(2026, 1, 17, 6, tzinfo=datetime.UTC)):
        assert run(tasks.remind_support_moments) == 1
        assert run(tasks.remind_support_moments) == 0
    assert len(mail.outbox) == 1


def test_the_coach_home_shows_the_next_moment_and_a_missed_one(client, coach, family):
    match = Match.objects.get(family=family, status=Match.Status.ACTIVE)
    Match.objects.filter(pk=match.pk).update(started_on=START)
    client.force_login(coach)
    with time_machine.travel(datetime.datetime(2026, 1, 26, 10, tzinfo=datetime.UTC)):
        page = client.get(reverse("coaches:home")).content.decode()
    assert "The contact due by 19 January 2026 was not logged." in page
    assert "Next contact due by 5 February 2026." in page


def test_the_coordinators_work_list_counts_a_match_behind_its_rhythm(active, coordinator, client):
    with time_machine.travel(datetime.datetime(2026, 1, 26, 10, tzinfo=datetime.UTC)):
        lines = {line.key: line for line in coach_work(coordinator)}
        assert lines["coaches.behind"].count == 1
        assert lines["coaches.behind"].waiting_since == datetime.date(2026, 1, 19)
        client.force_login(coordinator)
        listed = client.get(lines["coaches.behind"].url)
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [active]


def test_the_calendar_holds_the_moments_and_training_but_nothing_of_the_family(active, city):
    session = TrainingSessionFactory(
        city=city, title="Coach the coach", starts_at=datetime.datetime(2026, 2, 1, 18, tzinfo=datetime.UTC)
    )
    with time_machine.travel(datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC)):
        events = list(calendar.events_for(active.coach.user))
    keys = {"uid", "summary", "start", "end", "description", "url"}
    assert all(set(event) == keys for event in events)
    moments = [event for event in events if event["uid"].startswith("support-")]
    assert moments[0]["start"] == datetime.date(2026, 1, 19)
    assert moments[0]["summary"] == "Contact moment with your family"
    assert moments[0]["url"].startswith("http")
    assert any(event["uid"] == f"training-{session.pk}@genk-village" for event in events)
    text = " ".join(str(value) for event in events for value in event.values())
    for identity in ("Benali", "Kolenweg", "Noor", active.family.reference):
        assert identity not in text


def test_support_on_schedule_is_the_share_of_moments_met_on_time(active, city, district):
    contact(active, datetime.date(2026, 1, 10))  # meets the first moment (19 January)
    contact(active, datetime.date(2026, 3, 1))  # meets 5 March; 5 February was missed
    found = {
        (m.district_id, m.code): m
        for m in measure(city=city, day=datetime.date(2026, 3, 10), district_ids=[district.pk])
    }
    rate = found[(None, "matches.support_on_schedule@90")]  # the moments of the 90 days up to the day
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert found[(district.pk, "matches.support_on_schedule@90")].value == pytest.approx(2 / 3)


def test_the_indicator_is_on_the_dashboard(client, steering):
    client.force_login(steering)
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "Contact moments met on time" in page
    assert "Premature closures" in page


# Match health


def test_the_coach_answers_the_check_in_and_the_score_is_the_sum(client, coach, family):
    client.force_login(coach)
    data = {"respondent": "coach", "at_ease": 5, "look_forward": 4, "talk": 4, "trust": 5, "forward": 3}
    response = client.post(reverse("coaches:check_in"), data)
    assert response.status_code == 302
    check_in = HealthCheckIn.objects.get(match__family=family)
    assert (check_in.respondent, check_in.score, check_in.answers) == ("coach", 21, [5, 4, 4, 5, 3])


def test_the_family_reads_the_statements_in_its_own_language(client, coach, family):
    family.household_languages.set([language("tr")])
    client.force_login(coach)
    page = client.get(reverse("coaches:check_in"), {"respondent": "family"}).content.decode()
    with translation.override("tr"):
        statement = str(translation.gettext("We trust each other."))
    assert statement != "We trust each other."
    assert statement in page and 'lang="tr"' in page
    client.post(
        reverse("coaches:check_in"),
        {"respondent": "family", "at_ease": 4, "look_forward": 4, "talk": 4, "trust": 4, "forward": 4},
    )
    assert HealthCheckIn.objects.get(match__family=family).language == "tr"


def test_a_drop_in_the_score_and_a_missing_check_in_are_on_the_work_list(active, coordinator):
    with time_machine.travel(datetime.datetime(2026, 2, 1, 10, tzinfo=datetime.UTC)):
        health_check_in_record(
            match=active, actor=active.coach.user, respondent="coach", answers=answers(5), language="nl"
        )
    with time_machine.travel(datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC)):
        health_check_in_record(
            match=active, actor=coordinator, respondent="family", answers=answers(4), language="nl"
        )
        health_check_in_record(
            match=active, actor=active.coach.user, respondent="coach", answers=answers(4), language="nl"
        )
        lines = {line.key: line for line in coach_work(coordinator)}
        assert lines["coaches.health_dropped"].count == 1  # 25 to 20
        assert lines["coaches.health_missing"].count == 0
    with time_machine.travel(datetime.datetime(2026, 8, 20, 10, tzinfo=datetime.UTC)):
        lines = {line.key: line for line in coach_work(coordinator)}
        assert lines["coaches.health_missing"].count == 1  # due 1 August, 14 days of grace
    with pytest.raises(CoachError):
        health_check_in_record(
            match=active, actor=coordinator, respondent="coach", answers=answers(3), language="nl"
        )


# Closure


def _admin_close(client, match, **data):
    return client.post(
        reverse("admin:coaches_match_changelist"),
        {"action": "close", "apply": "1", "_selected_action": [match.pk], **data},
    )


def test_a_planned_closure_after_two_years_is_not_premature(active, coordinator, client, city):
    Match.objects.filter(pk=active.pk).update(started_on=datetime.date(2024, 1, 8))
    client.force_login(coordinator)
    with time_machine.travel(datetime.datetime(2026, 1, 9, 10, tzinfo=datetime.UTC)):
        response = _admin_close(
            client,
            active,
            kind="planned",
            reason="planned_end",
            conversation_on="2026-01-08",
            exit_note="A good two years.",
            goodbye_on="2026-01-09",
        )
    assert response.status_code == 302
    active.refresh_from_db()
    assert (active.status, active.closure_kind, active.goodbye_on) == (
        "closed",
        "planned",
        datetime.date(2026, 1, 9),
    )
    assert active.closure_conversation_on == datetime.date(2026, 1, 8)
    found = {m.code: m for m in measure(city=city, day=datetime.date(2026, 1, 10)) if m.district_id is None}
    assert found["match_health.closed_premature"].value == 0


def test_an_unplanned_closure_before_a_year_counts_as_premature_and_offers_a_new_shortlist(
    active, coordinator, client, city, settings
):
    settings.REMATCH_BUFFER_DAYS = 30
    other = ReadyCoachFactory(city=city)
    other.languages.set([language("nl")])
    client.force_login(coordinator)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 10, tzinfo=datetime.UTC)):
        _admin_close(client, active, kind="unplanned", reason="family_stopped", rematch="on")
        active.refresh_from_db()
        assert (active.closure_kind, active.rematch_wanted) == ("unplanned", True)
        assert not Match.objects.filter(family=active.family, status=Match.Status.PROPOSED).exists()
    found = {m.code: m for m in measure(city=city, day=datetime.date(2026, 4, 2)) if m.district_id is None}
    assert found["match_health.closed_premature"].value == 1
    with time_machine.travel(datetime.datetime(2026, 5, 2, 10, tzinfo=datetime.UTC)):
        assert run(tasks.offer_rematches) == 1
        assert run(tasks.offer_rematches) == 0
    proposed = Match.objects.filter(family=active.family, status=Match.Status.PROPOSED)
    assert [m.coach_id for m in proposed] == [other.pk]


def test_the_closure_page_asks_planned_or_not_the_conversation_and_the_goodbye(active, coordinator, client):
    client.force_login(coordinator)
    page = client.post(
        reverse("admin:coaches_match_changelist"), {"action": "close", "_selected_action": [active.pk]}
    ).content.decode()
    for label in ("Planned or not", "Closure conversation on", "Goodbye with the family on", "new shortlist"):
        assert label in page


def test_the_goodbye_can_be_recorded_after_the_closure(active, coordinator):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        match_close(match=active, reason="coach_stopped", actor=coordinator)
        match_goodbye_record(match=active, goodbye_on=datetime.date(2026, 3, 1), actor=coordinator)
    active.refresh_from_db()
    assert active.closure_kind == "unplanned" and active.goodbye_on == datetime.date(2026, 3, 1)


def test_the_admin_records_a_coordinators_check_in_and_a_goodbye(active, coordinator, client):
    client.force_login(coordinator)
    changelist = reverse("admin:coaches_match_changelist")
    today = timezone.localdate().isoformat()

    asked = client.post(changelist, {"action": "check_in", "_selected_action": [active.pk]})
    client.post(
        changelist,
        {"action": "check_in", "apply": "1", "_selected_action": [active.pk],
         "kind": COORDINATOR_KINDS[0].value, "happened_on": today, "note": "All well"},
    )  # fmt: skip

    assert asked.status_code == 200 and 'name="happened_on"' in asked.text
    assert ContactLog.objects.filter(match=active, kind=COORDINATOR_KINDS[0].value, note="All well").exists()
    _admin_close(client, active, reason=Match.ClosureReason.values[0])
    client.post(
        changelist, {"action": "goodbye", "apply": "1", "_selected_action": [active.pk], "goodbye_on": today}
    )
    active.refresh_from_db()
    assert active.goodbye_on == timezone.localdate()
