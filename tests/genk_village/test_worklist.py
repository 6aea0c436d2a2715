"""The back office opens on the coordinator's work list: each line counts its city's waiting work, links to
the filtered list where the work is done, and empties when the work is done."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from challenges import services as challenge_services
from challenges.models import Challenge
from coaches import services as coach_services
from coaches.models import Coach, ContactLog, Match, SupportRequest
from families import services as family_services
from families.models import Family
from genk_village import worklist
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import CoachFactory, MatchFactory, ReadyCoachFactory
from tests.families.factories import DeprivationCheckFactory, FamilyFactory
from tests.supporters.factories import SupporterFactory

INDEX = reverse("admin:index")


def line(user, key: str) -> worklist.WorkLine:
    return {line.key: line for line in worklist.work_for(user)}[key]


def assert_waiting_in_list(client, user, key: str, obj) -> None:
    """The line counts one item, and its link opens the admin list that holds exactly that item."""
    work = line(user, key)
    assert work.count == 1
    assert work.age_days is not None and work.age_days >= 0
    client.force_login(user)
    response = client.get(work.url)
    assert response.status_code == 200
    assert [o.pk for o in response.context["cl"].result_list] == [obj.pk]


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def matching_family(city, district):
    return FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)


@pytest.fixture
def ready_coach(city):
    return ReadyCoachFactory(city=city)


def test_a_referral_waits_until_the_family_is_registered(client, coordinator, city):
    family = FamilyFactory(city=city)
    assert_waiting_in_list(client, coordinator, "families.referred", family)

    family_services.family_start_intake(family=family, actor=coordinator)

    assert line(coordinator, "families.referred").count == 0


def test_an_intake_waits_until_the_family_enters_matching(client, coordinator, family):
    Family.objects.filter(pk=family.pk).update(status=Family.Status.INTAKE, intake_on=timezone.localdate())
    DeprivationCheckFactory(child=family.children.get())
    assert_waiting_in_list(client, coordinator, "families.intake", family)

    family_services.family_start_matching(family=Family.objects.get(pk=family.pk), actor=coordinator)

    assert line(coordinator, "families.intake").count == 0


def test_a_family_in_matching_waits_for_its_shortlist_until_a_coach_is_proposed(
    client, coordinator, matching_family, ready_coach
):
    assert_waiting_in_list(client, coordinator, "coaches.shortlist", matching_family)

    coach_services.match_propose(family=matching_family, coach=ready_coach, actor=coordinator)

    assert line(coordinator, "coaches.shortlist").count == 0


def test_a_proposal_waits_for_the_family_until_it_chooses(client, coordinator, matching_family, ready_coach):
    match = coach_services.match_propose(family=matching_family, coach=ready_coach, actor=coordinator)
    assert_waiting_in_list(client, coordinator, "coaches.proposed", match)

    coach_services.match_record_choice(match=match, actor=coordinator)

    assert line(coordinator, "coaches.proposed").count == 0


def test_a_choice_waits_for_the_coach_until_the_match_starts(
    client, coordinator, matching_family, ready_coach
):
    match = coach_services.match_propose(family=matching_family, coach=ready_coach, actor=coordinator)
    coach_services.match_record_choice(match=match, actor=coordinator)
    assert_waiting_in_list(client, coordinator, "coaches.chosen", match)

    coach_services.match_activate(match=Match.objects.get(pk=match.pk), actor=coordinator)

    assert line(coordinator, "coaches.chosen").count == 0


def test_an_active_match_without_a_contact_for_30_days_waits_until_a_contact_is_logged(
    client, coordinator, coach
):
    match = Match.objects.get(coach__user=coach)
    Match.objects.filter(pk=match.pk).update(started_on=timezone.localdate() - datetime.timedelta(days=60))
    ContactLog.objects.create(
        match=match, author=coach, kind=ContactLog.Kind.values[0], happened_on=days_ago(40).date()
    )
    assert_waiting_in_list(client, coordinator, "coaches.silent", match)

    coach_services.contact_log_record(
        match=match, actor=coach, kind=ContactLog.Kind.values[0], happened_on=timezone.localdate()
    )

    assert line(coordinator, "coaches.silent").count == 0


def test_an_active_match_never_contacted_since_its_start_waits_until_a_contact_is_logged(
    client, coordinator, coach
):
    match = Match.objects.get(coach__user=coach)
    Match.objects.filter(pk=match.pk).update(started_on=timezone.localdate() - datetime.timedelta(days=31))
    assert_waiting_in_list(client, coordinator, "coaches.never_contacted", match)

    coach_services.contact_log_record(
        match=Match.objects.get(pk=match.pk),
        actor=coach,
        kind=ContactLog.Kind.values[0],
        happened_on=timezone.localdate(),
    )

    assert line(coordinator, "coaches.never_contacted").count == 0


def test_a_coach_whose_extract_lapses_within_30_days_waits_until_the_screening_is_approved(
    client, coordinator, city
):
    today = timezone.localdate()
    applicant = CoachFactory(
        city=city,
        screening_status=Coach.Screening.SCREENING,
        interview_on=today - datetime.timedelta(days=3),
        criminal_record_extract_on=today - datetime.timedelta(days=10),
        references_checked=True,
    )
    CoachFactory(city=city, screening_status=Coach.Screening.SCREENING, criminal_record_extract_on=today)
    assert_waiting_in_list(client, coordinator, "coaches.extract", applicant)

    coach_services.coach_approve_screening(coach=applicant, actor=coordinator)

    assert line(coordinator, "coaches.extract").count == 0


def test_a_think_tank_question_waits_until_it_is_answered(client, coordinator, coach):
    question = coach_services.support_request_ask(
        coach=Coach.objects.get(user=coach), question="How do I start?", actor=coach
    )
    assert_waiting_in_list(client, coordinator, "coaches.questions", question)

    coach_services.support_request_answer(support_request=question, answer="Listen first.", actor=coordinator)

    assert line(coordinator, "coaches.questions").count == 0
    assert SupportRequest.objects.get(pk=question.pk).status == SupportRequest.Status.ANSWERED


def test_a_delivery_waiting_more_than_3_days_waits_until_it_is_confirmed(client, coordinator, family):
    claimant = SupporterFactory(city=family.city)
    challenge = ChallengeFactory(
        family=family,
        status=Challenge.Status.DELIVERED,
        claimant=claimant,
        claimed_at=days_ago(5),
        delivered_at=days_ago(4),
    )
    ChallengeFactory(
        family=family,
        status=Challenge.Status.DELIVERED,
        claimant=claimant,
        claimed_at=days_ago(2),
        delivered_at=days_ago(1),
    )
    assert_waiting_in_list(client, coordinator, "challenges.delivered", challenge)

    challenge_services.challenge_confirm(challenge=challenge, actor=coordinator)

    assert line(coordinator, "challenges.delivered").count == 0


def test_an_open_challenge_unclaimed_after_72_hours_waits_until_it_is_claimed(
    client, coordinator, family, supporter
):
    challenge = ChallengeFactory(family=family, created_at=days_ago(4))
    ChallengeFactory(family=family)
    assert_waiting_in_list(client, coordinator, "challenges.unclaimed", challenge)

    challenge_services.challenge_claim(challenge=challenge, supporter=supporter.supporter, actor=supporter)

    assert line(coordinator, "challenges.unclaimed").count == 0


def test_a_reported_challenge_waits_until_its_reports_are_dismissed(client, coordinator, family, supporter):
    challenge = ChallengeFactory(family=family)
    report = challenge_services.challenge_report(
        challenge=challenge, supporter=supporter.supporter, reason="other", actor=supporter
    )
    assert_waiting_in_list(client, coordinator, "challenges.reported", challenge)

    challenge_services.challenge_report_dismiss(report=report, actor=coordinator)

    assert line(coordinator, "challenges.reported").count == 0


def test_another_citys_work_never_counts(coordinator, other_coordinator, other_city):
    family = FamilyFactory(city=other_city)
    FamilyFactory(city=other_city, status=Family.Status.MATCHING)
    ChallengeFactory(family=family, created_at=days_ago(4))
    MatchFactory(family=FamilyFactory(city=other_city, status=Family.Status.MATCHING))

    assert sum(work.count for work in worklist.work_for(coordinator)) == 0
    assert sum(work.count for work in worklist.work_for(other_coordinator)) == 4


def test_the_back_office_opens_on_the_work_list_above_the_models(client, coordinator, city):
    FamilyFactory(city=city)
    client.force_login(coordinator)

    response = client.get(INDEX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Work list for today" in page
    assert 'id="work-familiesreferred"' in page
    assert "nothing waiting" in page
    assert page.index("Work list for today") < page.index('id="content-main"')
    assert response.context["app_list"]


@pytest.mark.parametrize("persona", ["coach", "supporter", "steering", "referrer"])
def test_a_non_coordinator_never_sees_the_work_list(client, personas, persona, city):
    FamilyFactory(city=city)
    client.force_login(personas[persona])

    response = client.get(INDEX)

    assert response.status_code == 403
    assert "Work list for today" not in response.content.decode()


def test_the_registry_has_lines_from_each_app(coordinator):
    apps = {work.key.split(".")[0] for work in worklist.work_for(coordinator)}

    assert apps == {"families", "coaches", "challenges"}


def test_the_work_list_takes_as_many_queries_for_many_items_as_for_one(coordinator, city):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            worklist.work_for(coordinator)
        return len(captured)

    FamilyFactory(city=city)
    ChallengeFactory(family=FamilyFactory(city=city), created_at=days_ago(4))
    few = queries()
    for _ in range(5):
        ChallengeFactory(family=FamilyFactory(city=city), created_at=days_ago(4))
        MatchFactory(family=FamilyFactory(city=city, status=Family.Status.MATCHING))

    assert queries() == few


def test_the_back_office_index_stays_within_its_query_budget(
    client, coordinator, city, django_assert_max_num_queries
):
    for _ in range(5):
        ChallengeFactory(family=FamilyFactory(city=city), created_at=days_ago(4))
    client.force_login(coordinator)

    with django_assert_max_num_queries(20):
        assert client.get(INDEX).status_code == 200
