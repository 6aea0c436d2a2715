"""The coaches app's privacy step: a family's matches and contacts, and a coach's own profile."""

import datetime
import os

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile

from coaches.models import Coach, ContactLog, Match, MatchingWishes, SupportRequest, WaitingFamily
from genk_village import privacy
from tests.coaches.factories import ReadyCoachFactory
from tests.genk_village.privacy_checks import (
    NAME,
    PERSONAL,
    PHONE,
    assert_admin_log_forgotten,
    assert_forgotten,
    log_in_admin,
    snapshot,
)


@pytest.fixture
def match(family):
    """A closed match of `family` whose exit note, contacts and wishes name the family."""
    coach = ReadyCoachFactory(city=family.city)
    return Match.objects.create(
        family=family,
        coach=coach,
        status=Match.Status.CLOSED,
        started_on=datetime.date(2024, 1, 8),
        ended_on=datetime.date(2025, 1, 8),
        closure_reason=Match.ClosureReason.PLANNED_END,
        exit_note=f"Goodbye party at {PERSONAL}",
    )


@pytest.fixture
def contact(match):
    return ContactLog.objects.create(
        match=match, kind="visit", happened_on=datetime.date(2024, 2, 1), note=f"Visited {PERSONAL}"
    )


@pytest.fixture
def wishes(family):
    return MatchingWishes.objects.create(family=family, child_interests=f"football with {PERSONAL}")


@pytest.fixture
def profile(city, settings, tmp_path):
    """A coach whose profile names the person in every field a family or coordinator reads."""
    settings.MEDIA_ROOT = tmp_path
    coach = ReadyCoachFactory(
        city=city,
        display_name=NAME,
        phone=PHONE,
        introduction=f"I am {PERSONAL}",
        introduction_tr=f"Ben {PERSONAL}",
        introduction_ar=f"أنا {NAME}",
        interests=f"cooking with {NAME}",
        motivation=f"{PERSONAL} was helped once",
        partner_organisation=f"{NAME} bvba",
    )
    coach.photo.save("hamiyet.jpg", ContentFile(b"not really a photo"), save=True)
    SupportRequest.objects.create(coach=coach, question=f"How do I help {PERSONAL}?")
    SupportRequest.objects.create(
        coach=coach, question=f"{NAME} again", answer=f"Call {PHONE}", status=SupportRequest.Status.ANSWERED
    )
    return coach


def test_erasing_a_family_erases_its_contact_notes_exit_notes_and_wishes(family, match, contact, wishes):
    assert privacy.family_anonymise(family=family, actor=None) is True

    assert_forgotten(match, contact, wishes)
    assert (match.exit_note, contact.note, wishes.child_interests) == ("", "", "")
    assert (match.status, match.closure_reason, contact.kind) == ("closed", "planned_end", "visit")


def test_erasing_a_family_scrubs_the_admin_history_of_its_matches_contacts_and_the_matching_desk(
    family, match, contact, wishes, coordinator
):
    log_in_admin(coordinator, match, contact, wishes, WaitingFamily.objects.get(pk=family.pk))

    privacy.family_anonymise(family=family, actor=coordinator)

    assert_admin_log_forgotten()
    assert LogEntry.objects.filter(content_type__model="waitingfamily").count() == 1


def test_the_family_export_holds_the_coaches_section(family, match, contact, wishes):
    data = privacy.family_file(family)

    assert data["matches"][0]["exit_note"] == f"Goodbye party at {PERSONAL}"
    assert data["matches"][0]["coach"] == match.coach.display_name
    assert data["contacts"][0]["note"] == f"Visited {PERSONAL}"
    assert data["matching_wishes"][0]["child_interests"] == f"football with {PERSONAL}"


def test_erasing_a_coach_erases_the_profile_photo_and_questions_and_keeps_the_matches(
    profile, coordinator, django_capture_on_commit_callbacks
):
    photo = profile.photo.path
    log_in_admin(coordinator, profile, *profile.support_requests.all())

    with django_capture_on_commit_callbacks(execute=True):
        assert privacy.user_anonymise(user=profile.user, actor=coordinator) is True

    assert_forgotten(profile, *profile.support_requests.all())
    assert (profile.display_name, profile.phone, profile.photo.name) == ("Coach", "", "")
    assert (profile.introduction, profile.interests, profile.motivation, profile.partner_organisation) == (
        "",
        "",
        "",
        "",
    )
    assert (profile.introduction_tr, profile.introduction_ar) == ("", "")
    assert {r.question for r in profile.support_requests.all()} == {"—"}
    assert profile.support_requests.get(status="answered").answer == "—"
    assert not os.path.exists(photo)
    assert profile.screening_status == Coach.Screening.APPROVED
    assert_admin_log_forgotten()


def test_a_coach_export_holds_the_profile_and_the_questions_to_the_think_tank(profile):
    data = privacy.person_file(profile.user)

    assert data["coach"]["introduction"] == f"I am {PERSONAL}"
    assert (data["coach"]["introduction_tr"], data["coach"]["introduction_ar"]) == (
        f"Ben {PERSONAL}",
        f"أنا {NAME}",
    )
    assert "photo" not in data["coach"]
    assert {q["question"] for q in data["questions_to_the_think_tank"]} == {
        f"How do I help {PERSONAL}?",
        f"{NAME} again",
    }
    assert data["training_attendance"] == []


def test_a_second_erasure_of_a_coach_returns_false_and_changes_nothing(profile, coordinator):
    privacy.user_anonymise(user=profile.user, actor=coordinator)
    rows = (Coach.objects.filter(pk=profile.pk), SupportRequest.objects.all(), LogEntry.objects.all())
    before = snapshot(*rows)

    assert privacy.user_anonymise(user=profile.user, actor=coordinator) is False

    assert snapshot(*rows) == before


def test_a_second_erasure_of_a_family_leaves_its_coach_records_alone(family, match, contact, wishes):
    privacy.family_anonymise(family=family, actor=None)
    rows = (Match.objects.all(), ContactLog.objects.all(), MatchingWishes.objects.all())
    before = snapshot(*rows)

    assert privacy.family_anonymise(family=family, actor=None) is False

    assert snapshot(*rows) == before


def test_the_coaches_step_is_registered_for_families_and_persons():
    step = {s.name: s for s in privacy.registered()}["coaches"]

    assert step.family_export and step.family_erase and step.person_export and step.person_erase
