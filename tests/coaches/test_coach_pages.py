"""The coach's pages at /coach/: who may open them, what they change, and what they never show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Challenge, PointsEntry
from coaches.forms import ContactLogForm
from coaches.models import ContactLog, Match, SupportRequest
from families.models import Goal, Offer
from genk_village.models import AuditEntry
from supporters.models import Supporter
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def things(family, coach, supporter):
    """A goal, a claimed challenge and an offer of the coach's family."""
    goal = Goal.objects.create(
        family=family, domain="leisure", description="Elif joins a swimming club", next_step="Find a club"
    )
    claimed = ChallengeFactory(
        family=family,
        title="Swimming bag",
        status=Challenge.Status.CLAIMED,
        claimant=Supporter.objects.get(user=supporter),
        claimed_at=timezone.now(),
    )
    offer = Offer.objects.create(family=family, title="Homemade baklava", exchange_mode="gift")
    return {"goal": goal, "challenge": claimed, "offer": offer}


@pytest.fixture
def stranger_things(city, district):
    """The same things for another family, matched to another coach: never reachable from `coach`."""
    family = FamilyFactory(city=city, district=district, status="matched")
    Match.objects.create(
        family=family,
        coach=ReadyCoachFactory(city=city, active_matches=1),
        status=Match.Status.ACTIVE,
        started_on=TODAY(),
    )
    goal = Goal.objects.create(family=family, domain="school", description="Homework corner")
    challenge = ChallengeFactory(family=family)
    offer = Offer.objects.create(family=family, title="Bike lessons", exchange_mode="swap")
    return {"goal": goal, "challenge": challenge, "offer": offer}


# (url name, the thing whose id it takes, method)
PAGES = [
    ("home", None, "get"),
    ("contact_new", None, "get"),
    ("challenge_list", None, "get"),
    ("challenge_new", None, "get"),
    ("offer_list", None, "get"),
    ("offer_new", None, "get"),
    ("question_list", None, "get"),
    ("question_new", None, "get"),
    ("goal_edit", "goal", "get"),
    ("challenge_detail", "challenge", "get"),
    ("challenge_cancel", "challenge", "get"),
    ("challenge_confirm", "challenge", "post"),
    ("offer_withdraw", "offer", "post"),
]
FAMILY_PAGES_WITH_NO_FAMILY_SCREEN = {
    "contact_new",
    "challenge_list",
    "challenge_new",
    "offer_list",
    "offer_new",
}
REFUSED = {"supporter": 403, "steering": 403, "referrer": 403, "coordinator": 403}


def _url(name, thing, things):
    return reverse(f"coaches:{name}", args=[things[thing].pk] if thing else [])


@pytest.mark.parametrize(("name", "thing", "method"), PAGES)
def test_every_coach_page_admits_only_the_coach_of_the_family(client, personas, things, name, thing, method):
    url = _url(name, thing, things)
    for persona, status in REFUSED.items():
        client.force_login(personas[persona])
        assert getattr(client, method)(url).status_code == status, persona

    client.logout()
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(personas["other_coach"])
    response = getattr(client, method)(url)
    if thing:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        if name in FAMILY_PAGES_WITH_NO_FAMILY_SCREEN or name == "home":
            assert "No family yet" in response.content.decode()

    client.force_login(personas["coach"])
    assert getattr(client, method)(url).status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "thing", "method"), [page for page in PAGES if page[1]])
def test_a_coach_opening_another_familys_thing_gets_404(client, coach, stranger_things, name, thing, method):
    client.force_login(coach)
    before = Challenge.objects.get(pk=stranger_things["challenge"].pk).status
    assert getattr(client, method)(_url(name, thing, stranger_things)).status_code == 404
    assert Challenge.objects.get(pk=stranger_things["challenge"].pk).status == before
    assert Offer.objects.get(pk=stranger_things["offer"].pk).status == Offer.Status.OPEN


def test_the_coach_home_shows_first_names_the_phone_and_the_plan_but_not_the_address(client, coach, family):
    family.plan_summary = "Elif learns to swim; Ayse finds Dutch lessons."
    family.save(update_fields=["plan_summary"])
    Goal.objects.create(family=family, domain="school", description="Dutch lessons", next_step="Call CVO")
    client.force_login(coach)
    page = client.get(reverse("coaches:home")).content.decode()
    assert family.reference in page
    assert "Winterslag" in page
    assert "Elif" in page and "Ayse" in page
    assert 'href="tel:+32470123456"' in page
    assert "Dutch lessons" in page and "Call CVO" in page and "Elif learns to swim" in page
    assert "Stalenstraat" not in page
    assert "Yilmaz" not in page


def test_a_coach_without_an_active_match_sees_a_friendly_no_family_page(client, other_coach):
    client.force_login(other_coach)
    response = client.get(reverse("coaches:home"))
    assert response.status_code == 200
    assert "No family yet" in response.content.decode()


def test_the_coach_home_takes_the_same_number_of_queries_for_a_bigger_family(client, coach, family, things):
    client.force_login(coach)
    url = reverse("coaches:home")
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    ChildFactory.create_batch(3, family=family)
    Goal.objects.bulk_create(
        Goal(family=family, domain=domain, description=f"Goal {n}")
        for n, domain in enumerate(["school", "health", "housing", "income_rights", "social_network"] * 4)
    )
    ChallengeFactory.create_batch(10, family=family)
    match = Match.objects.get(family=family, status=Match.Status.ACTIVE)
    ContactLog.objects.bulk_create(
        ContactLog(match=match, author=coach, kind="visit", happened_on=TODAY()) for _ in range(10)
    )
    with CaptureQueriesContext(connection) as big:
        response = client.get(url)
    assert response.status_code == 200
    assert "Goal 19" in response.content.decode()
    assert len(big) == len(small)
    # 12: the contact-moments section reads the match's contacts and its health check-ins, one query each
    assert len(big) <= 12, [query["sql"] for query in big.captured_queries]


def test_the_log_a_contact_form_defaults_to_today_and_records_the_contact(client, coach, family):
    client.force_login(coach)
    url = reverse("coaches:contact_new")
    assert f'value="{TODAY().isoformat()}"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "kind": "phone",
            "happened_on": TODAY().isoformat(),
            "duration_minutes": "15",
            "note": "Swim club ok",
        },
    )
    assert response.status_code == 302
    contact = ContactLog.objects.get()
    assert (contact.kind, contact.duration_minutes, contact.note, contact.author) == (
        "phone",
        15,
        "Swim club ok",
        coach,
    )
    assert contact.match.family == family
    assert AuditEntry.objects.filter(action="coaches.contact.logged", actor=coach).exists()


def test_a_contact_in_the_future_is_refused_with_the_error_tied_to_the_date(client, coach):
    client.force_login(coach)
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = client.post(
        reverse("coaches:contact_new"), {"kind": "visit", "happened_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-describedby="id_happened_on_error"' in page
    assert 'id="id_happened_on_error"' in page
    assert not ContactLog.objects.exists()


def test_a_contact_note_is_shown_to_its_author_only_never_to_the_next_coach(client, coach, family, city):
    client.force_login(coach)
    client.post(
        reverse("coaches:contact_new"),
        {"kind": "visit", "happened_on": TODAY().isoformat(), "note": "Mother worried about rent"},
    )
    assert "Mother worried about rent" in client.get(reverse("coaches:contact_new")).content.decode()

    # The match ends and the family gets a new coach: the old coach's notes stay the old coach's.
    Match.objects.filter(family=family).update(
        status=Match.Status.CLOSED, ended_on=TODAY(), closure_reason="coach_stopped"
    )
    successor = ReadyCoachFactory(city=city, active_matches=1)
    Match.objects.create(family=family, coach=successor, status=Match.Status.ACTIVE, started_on=TODAY())
    client.force_login(successor.user)
    for name in ("home", "contact_new"):
        response = client.get(reverse(f"coaches:{name}"))
        assert response.status_code == 200
        assert "Mother worried about rent" not in response.content.decode()


def test_the_contact_note_says_the_coordinators_of_the_city_read_it_too(client, coach):
    client.force_login(coach)

    page = client.get(reverse("coaches:contact_new")).content.decode()

    assert "Only you and the coordinators of your city can read this note." in page
    assert 'id="note-hint"' in page
    assert "only for you" not in page.lower()


@pytest.mark.parametrize(
    ("language", "hint"),
    [
        ("nl", "Alleen jij en de coördinatoren van je stad kunnen deze nota lezen."),
        ("fr", "Seuls vous et les coordinateurs de votre ville pouvez lire cette note."),
    ],
)
def test_who_reads_the_contact_note_is_said_in_the_coachs_language(language, hint):
    with translation.override(language):
        assert str(ContactLogForm().fields["note"].help_text) == hint


def test_a_coordinator_reads_the_contact_note_in_the_admin(client, coach, coordinator):
    client.force_login(coach)
    client.post(
        reverse("coaches:contact_new"),
        {"kind": "visit", "happened_on": TODAY().isoformat(), "note": "Mother worried about rent"},
    )
    client.force_login(coordinator)
    contact = ContactLog.objects.get()
    page = client.get(reverse("admin:coaches_contactlog_change", args=[contact.pk])).content.decode()
    assert "Mother worried about rent" in page


def test_posting_a_challenge_goes_through_the_service_with_pictograms_and_a_privacy_warning(
    client, coach, family
):
    client.force_login(coach)
    url = reverse("coaches:challenge_new")
    page = client.get(url).content.decode()
    assert page.count('class="picto"') == len(Challenge.Category.values)
    assert "Never write names, addresses" in page
    assert 'aria-describedby="privacy-warning"' in page

    needed_by = TODAY() + datetime.timedelta(days=7)
    response = client.post(
        url,
        {
            "title": "Bike for a five-year-old",
            "category": "leisure",
            "needed_by": needed_by.isoformat(),
            "exchange_mode": "loan",
            "description": "16 inch, with side wheels",
        },
    )
    challenge = Challenge.objects.get()
    assert response["Location"] == reverse("coaches:challenge_detail", args=[challenge.pk])
    assert (challenge.family, challenge.status, challenge.posted_by) == (family, "open", coach)
    assert (challenge.category, challenge.exchange_mode, challenge.needed_by) == (
        "leisure",
        "loan",
        needed_by,
    )
    assert challenge.events.filter(kind="posted").exists()


def test_a_challenge_needed_yesterday_is_refused(client, coach):
    client.force_login(coach)
    yesterday = TODAY() - datetime.timedelta(days=1)
    response = client.post(
        reverse("coaches:challenge_new"),
        {
            "title": "Shoes",
            "category": "material",
            "needed_by": yesterday.isoformat(),
            "exchange_mode": "gift",
        },
    )
    assert response.status_code == 200
    assert 'id="id_needed_by_error"' in response.content.decode()
    assert not Challenge.objects.exists()


def test_the_coach_sees_who_claimed_and_can_write_to_them_for_the_hand_over(client, coach, things, supporter):
    client.force_login(coach)
    name = Supporter.objects.get(user=supporter).display_name
    listing = client.get(reverse("coaches:challenge_list")).content.decode()
    assert "Swimming bag" in listing and name in listing
    detail = client.get(reverse("coaches:challenge_detail", args=[things["challenge"].pk])).content.decode()
    assert name in detail
    assert f'href="mailto:{supporter.email}?subject=Swimming%20bag"' in detail


def test_confirming_a_delivered_challenge_pays_the_supporter_once(
    client, coach, things, django_capture_on_commit_callbacks
):
    challenge = things["challenge"]
    Challenge.objects.filter(pk=challenge.pk).update(status="delivered", delivered_at=timezone.now())
    client.force_login(coach)
    url = reverse("coaches:challenge_confirm", args=[challenge.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CONFIRMED
    paid = PointsEntry.objects.filter(supporter=challenge.claimant).count()
    assert paid >= 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)  # a second tap is refused with a message, not paid again
    assert "done already" in response.content.decode()
    assert PointsEntry.objects.filter(supporter=challenge.claimant).count() == paid


def test_cancelling_a_challenge_asks_first_then_cancels(client, coach, things):
    client.force_login(coach)
    url = reverse("coaches:challenge_cancel", args=[things["challenge"].pk])
    assert "Yes, cancel it" in client.get(url).content.decode()
    assert Challenge.objects.get(pk=things["challenge"].pk).status == Challenge.Status.CLAIMED
    client.post(url)
    assert Challenge.objects.get(pk=things["challenge"].pk).status == Challenge.Status.CANCELLED


def test_updating_a_goal_records_its_status_next_step_and_the_day_it_was_reached(client, coach, things):
    client.force_login(coach)
    goal = things["goal"]
    response = client.post(
        reverse("coaches:goal_edit", args=[goal.pk]), {"status": "reached", "next_step": "Celebrate"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.next_step, goal.reached_on) == ("reached", "Celebrate", TODAY())
    assert AuditEntry.objects.filter(action="families.goal.updated", actor=coach).exists()


def test_recording_and_withdrawing_what_the_family_offers_back(client, coach, family):
    client.force_login(coach)
    response = client.post(
        reverse("coaches:offer_new"),
        {"title": "Turkish cooking lesson", "exchange_mode": "swap", "description": "On a Saturday"},
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.family, offer.exchange_mode, offer.recorded_by, offer.status) == (
        family,
        "swap",
        coach,
        "open",
    )
    assert "Turkish cooking lesson" in client.get(reverse("coaches:offer_list")).content.decode()

    client.post(reverse("coaches:offer_withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN


def test_a_coach_asks_the_think_tank_and_reads_only_their_own_answers(
    client, coach, other_coach, coordinator
):
    client.force_login(coach)
    response = client.post(reverse("coaches:question_new"), {"question": "How do I talk about money?"})
    assert response.status_code == 302
    asked = SupportRequest.objects.get()
    assert asked.coach.user == coach
    asked.answer, asked.status = "Start from what the family wants.", SupportRequest.Status.ANSWERED
    asked.save()

    page = client.get(reverse("coaches:question_list")).content.decode()
    assert "How do I talk about money?" in page and "Start from what the family wants." in page
    client.force_login(other_coach)
    page = client.get(reverse("coaches:question_list")).content.decode()
    assert "How do I talk about money?" not in page
