"""`manage.py seed_demo`: the demo a fresh clone shows, idempotent, and true to the rules of the domain."""

import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, ChallengeEvent, PointsEntry
from challenges.selectors import badges_due
from coaches.matching.loading import shortlist_for
from coaches.models import Coach, ContactLog, Match
from demo.seeder import count_rows as count_seeded_rows
from families.models import Family
from genk_village.models import City, User
from supporters.models import AwardedBadge, GroupMembership, Supporter

pytestmark = pytest.mark.django_db


def count_rows():
    """Every model of every installed app, not only the ones the seeder means to write."""
    return count_seeded_rows(app_labels=None)


SMALL = {"families": 6, "coaches": 5, "supporters": 12, "challenges": 40}
ALL_STATUSES = {"open", "claimed", "delivered", "confirmed", "expired", "cancelled"}


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    """pytest-django runs with DEBUG=False, which the command refuses; a fast hasher keeps logins cheap."""
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo(**options) -> str:
    """The command as a person runs it, without the year of indicator history unless asked for: that is
    a day's measurement 366 times, tested on its own in tests/monitoring/test_history.py."""
    options.setdefault("history_days", 0)
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def demo_emails(coaches: int, supporters: int) -> list[str]:
    return [
        "coordinator@example.org",
        "steering@example.org",
        "referrer@example.org",
        *(f"coach{n}@example.org" for n in range(1, coaches + 1)),
        *(f"supporter{n}@example.org" for n in range(1, supporters + 1)),
    ]


def test_seed_demo_creates_a_small_pilot_of_the_sizes_asked_for():
    seed_demo(**SMALL)

    genk = City.objects.get(slug="genk")
    assert genk.districts.filter(name__in=["Winterslag", "Zwartberg", "Kattevennen"]).count() == 3
    assert list(Family.objects.order_by("reference").values_list("reference", flat=True)) == [
        f"GEN-{n:04d}" for n in range(1, 7)
    ]
    assert Coach.objects.count() == 5
    assert Supporter.objects.count() == 12
    assert Challenge.objects.count() == 40
    coordinator = User.objects.get(email="coordinator@example.org")
    assert coordinator.is_coordinator and coordinator.city == genk
    assert User.objects.get(email="steering@example.org").is_steering
    referrer = User.objects.get(email="referrer@example.org")
    assert referrer.is_referrer and referrer.organisation
    # challenges are spread over every family with an active coach
    carrying = set(Challenge.objects.values_list("family_id", flat=True))
    assert carrying == set(Match.objects.filter(status="active").values_list("family_id", flat=True))


def test_a_second_run_creates_nothing_new():
    seed_demo(**SMALL)
    before = count_rows()

    out = seed_demo(**SMALL)

    assert count_rows() == before
    assert "Nothing to create" in out


def test_a_run_with_larger_sizes_adds_only_what_is_missing():
    seed_demo(**SMALL)
    first_family = Family.objects.get(reference="GEN-0001")

    seed_demo(**{**SMALL, "families": 8, "challenges": 60})

    assert Family.objects.count() == 8
    assert Family.objects.get(reference="GEN-0001").updated_at == first_family.updated_at
    assert Challenge.objects.count() == 60
    assert Coach.objects.count() == 5


def test_coach1_has_an_active_match_with_a_family_that_has_open_and_claimed_challenges():
    seed_demo(**SMALL)

    match = Match.objects.filter(coach__user__email="coach1@example.org", status="active").first()

    assert match is not None
    statuses = set(Challenge.objects.filter(family=match.family).values_list("status", flat=True))
    assert {"open", "claimed"} <= statuses
    assert Family.objects.visible_to(match.coach.user).filter(pk=match.family_id).exists()


def test_every_demo_account_signs_in_with_the_demo_password(settings):
    seed_demo(**SMALL)

    for email in demo_emails(SMALL["coaches"], SMALL["supporters"]):
        assert Client().login(email=email, password=settings.DEMO_PASSWORD), email
        address = EmailAddress.objects.get(user__email=email)
        assert address.verified and address.primary, email


def test_a_demo_account_signs_in_through_allauth_with_mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    seed_demo(**SMALL)
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": "coach1@example.org", "password": settings.DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(User.objects.get(email="coach1@example.org").pk)


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=False"):
        seed_demo(**SMALL)

    assert not User.objects.exists()


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    seed_demo(families=0, coaches=1, supporters=0, challenges=0, force=True)

    assert User.objects.filter(email="coach1@example.org", is_coach=True).exists()


def test_the_default_pilot_has_every_state_and_keeps_the_rules():
    out = seed_demo()

    assert "Created" in out
    assert Family.objects.count() == 20
    assert Coach.objects.count() == 25
    assert Supporter.objects.count() == 200
    assert Challenge.objects.count() == 300
    assert set(Challenge.objects.values_list("status", flat=True)) == ALL_STATUSES
    assert set(Family.objects.values_list("status", flat=True)) == {
        "referred",
        "intake",
        "matching",
        "matched",
        "closed",
    }
    assert set(Coach.objects.values_list("screening_status", flat=True)) == {
        "applied",
        "screening",
        "approved",
        "rejected",
        "withdrawn",
    }
    assert set(Match.objects.values_list("status", flat=True)) >= {
        "active",
        "closed",
        "proposed",
        "not_chosen",
    }
    assert Supporter.objects.filter(kind="group").exists() and GroupMembership.objects.exists()
    _assert_challenges_keep_the_rules()
    _assert_badges_follow_the_ledger()
    _assert_coach_places_add_up()
    _assert_matching_has_what_it_scores()
    # a few active matches have gone without contact for 30 days or more
    month_ago = timezone.localdate() - datetime.timedelta(days=30)
    last_contacts = (
        ContactLog.objects.filter(match__status="active").values("match").annotate(last=Max("happened_on"))
    )
    assert any(row["last"] < month_ago for row in last_contacts)
    assert any(row["last"] >= month_ago for row in last_contacts)


def _assert_badges_follow_the_ledger():
    """Every supporter holds exactly the badges the ledger earns them, as a confirmation would award."""
    held = {}
    for supporter_id, code in AwardedBadge.objects.values_list("supporter_id", "badge__code"):
        held.setdefault(supporter_id, set()).add(code)
    for supporter in Supporter.objects.all():
        assert held.get(supporter.pk, set()) == badges_due(supporter), supporter
    assert sum("first-help" in codes for codes in held.values()) >= 10
    assert any("fast-helper" in codes for codes in held.values())


def test_supporter1_with_done_challenges_sees_the_badges_they_earned(settings):
    seed_demo(**SMALL)
    helper = Supporter.objects.get(user__email="supporter1@example.org")
    assert PointsEntry.objects.filter(supporter=helper, reason="challenge_confirmed").exists()
    client = Client()
    client.force_login(helper.user)
    page = client.get(reverse("challenges:progress")).content.decode()
    assert "Nog geen badges." not in page  # the demo's people read Dutch
    assert '<li class="badge earned"><strong>Eerste keer geholpen</strong>' in page


def test_the_bulk_paths_write_families_and_coaches_that_keep_the_same_rules(monkeypatch):
    # Above the threshold the seeder writes rows instead of calling the services; force that path.
    monkeypatch.setattr("demo.families.paths.BULK_THRESHOLD", 0)
    monkeypatch.setattr("demo.coaches.BULK_THRESHOLD", 0)

    seed_demo(families=20, coaches=25, supporters=30, challenges=120)

    assert set(Family.objects.values_list("status", flat=True)) == {
        "referred",
        "intake",
        "matching",
        "matched",
        "closed",
    }
    assert (
        Family.objects.get(reference="GEN-0001").matches.get(status="active").coach.user.email
        == "coach1@example.org"
    )
    matched = Family.objects.filter(status="matched")
    assert matched.exists() and not matched.filter(~Q(matches__status="active")).exists()
    assert not Family.objects.filter(
        status__in=["intake", "matching", "matched"], household_languages=None
    ).exists()
    _assert_challenges_keep_the_rules()
    _assert_coach_places_add_up()
    _assert_matching_has_what_it_scores()
    before = count_rows()
    seed_demo(families=20, coaches=25, supporters=30, challenges=120)
    assert count_rows() == before


def _assert_matching_has_what_it_scores() -> None:
    """Coaches live somewhere and families say what the child likes, so demo shortlists mean something."""
    assert not Coach.objects.filter(home_district=None).exists()
    past_intake = Family.objects.exclude(status="referred")
    assert past_intake.filter(matching_wishes__child_interests__gt="").count() == past_intake.count()
    ranked = [coach for family in Family.objects.filter(status="matching") for coach in shortlist_for(family)]
    assert ranked
    # the reasons come as language, distance, availability, interests, preference
    for position in (1, 2, 3):
        assert any(coach.reasons[position].points for coach in ranked)


def _assert_challenges_keep_the_rules() -> None:
    today = timezone.localdate()
    assert not Challenge.objects.filter(claimed_at__lt=F("created_at")).exists()
    assert not Challenge.objects.filter(delivered_at__lt=F("claimed_at")).exists()
    assert not Challenge.objects.filter(confirmed_at__lt=F("claimed_at")).exists()
    assert not Challenge.objects.filter(closed_at__lt=F("created_at")).exists()
    assert not Challenge.objects.filter(created_at__gt=timezone.now()).exists()
    assert not Challenge.objects.filter(status="open", needed_by__lt=today).exists()
    assert not Challenge.objects.filter(status="expired", needed_by__gte=today).exists()
    # every challenge was posted once, and its last event is its status
    assert not Challenge.objects.exclude(events__kind="posted").exists()
    for challenge in Challenge.objects.exclude(status="open").prefetch_related("events"):
        assert (
            max(challenge.events.all(), key=lambda event: (event.created_at, event.pk)).kind
            == challenge.status
        )
    # confirmed: 10 points to the claimant, 5 more when claimed within 24 hours; nothing else is paid
    confirmed = Challenge.objects.filter(status="confirmed")
    assert PointsEntry.objects.filter(reason="challenge_confirmed", points=10).count() == confirmed.count()
    fast = [c for c in confirmed if c.claimed_at - c.created_at <= datetime.timedelta(hours=24)]
    assert PointsEntry.objects.filter(reason="speed_bonus", points=5).count() == len(fast)
    assert not PointsEntry.objects.exclude(challenge_event__kind=ChallengeEvent.Kind.CONFIRMED).exists()
    assert not PointsEntry.objects.exclude(supporter=F("challenge_event__challenge__claimant")).exists()


def _assert_coach_places_add_up() -> None:
    active = dict(
        Match.objects.filter(status="active")
        .values("coach")
        .annotate(n=Count("id"))
        .values_list("coach", "n")
    )
    for coach in Coach.objects.all():
        assert coach.active_matches == active.get(coach.pk, 0), coach
        assert coach.active_matches <= coach.capacity


# --- a second city: seed_demo --city ------------------------------------------------------------------------

HASSELT_ROLES = ["coordinator", "steering", "referrer", "coach1", "supporter1"]


def genk_rows() -> dict[str, list[dict]]:
    """Every row of Genk's the seeder writes, field by field, to show that seeding Hasselt leaves them be."""
    genk = City.objects.get(slug="genk")
    return {
        "districts": list(genk.districts.order_by("pk").values()),
        "users": list(User.objects.filter(city=genk).order_by("pk").values()),
        "families": list(Family.objects.filter(city=genk).order_by("pk").values()),
        "coaches": list(Coach.objects.filter(city=genk).order_by("pk").values()),
        "supporters": list(Supporter.objects.filter(city=genk).order_by("pk").values()),
        "matches": list(Match.objects.filter(family__city=genk).order_by("pk").values()),
        "challenges": list(Challenge.objects.filter(city=genk).order_by("pk").values()),
        "points": list(PointsEntry.objects.filter(supporter__city=genk).order_by("pk").values()),
    }


def test_seed_demo_city_adds_hasselt_with_its_own_districts_and_role_accounts_that_sign_in(settings):
    seed_demo(city="Hasselt")

    hasselt = City.objects.get(slug="hasselt")
    assert hasselt.name == "Hasselt"
    assert set(hasselt.districts.values_list("name", flat=True)) >= {
        "Centrum",
        "Kiewit",
        "Kuringen",
        "Runkst",
    }
    for role in HASSELT_ROLES:
        user = User.objects.get(email=f"{role}@hasselt.example.org")
        assert user.city == hasselt, role
        assert user.check_password(settings.DEMO_PASSWORD), role
        assert Client().login(email=user.email, password=settings.DEMO_PASSWORD), role
    assert User.objects.get(email="coordinator@hasselt.example.org").is_coordinator
    assert User.objects.get(email="steering@hasselt.example.org").is_steering
    assert User.objects.get(email="referrer@hasselt.example.org").is_referrer
    assert not User.objects.filter(email__endswith="@example.org").exists()


def test_a_city_without_its_sizes_gets_the_smaller_defaults_of_an_extra_city():
    seed_demo(city="Hasselt")

    hasselt = City.objects.get(slug="hasselt")
    assert list(Family.objects.filter(city=hasselt).values_list("reference", flat=True)) == [
        f"HAS-{n:04d}" for n in range(1, 7)
    ]
    assert Coach.objects.filter(city=hasselt).count() == 6
    assert Supporter.objects.filter(city=hasselt).count() == 20
    assert Challenge.objects.filter(city=hasselt).count() == 60


def test_coach1_of_hasselt_has_an_active_match_in_hasselt_with_open_and_claimed_challenges():
    seed_demo(city="Hasselt")

    match = Match.objects.get(coach__user__email="coach1@hasselt.example.org", status="active")

    assert match.family.city.slug == "hasselt" and match.coach.city.slug == "hasselt"
    statuses = set(Challenge.objects.filter(family=match.family).values_list("status", flat=True))
    assert {"open", "claimed"} <= statuses
    claimants = Supporter.objects.filter(claimed_challenges__family=match.family)
    assert claimants.exists() and not claimants.exclude(city=match.family.city).exists()


def test_seeding_hasselt_again_creates_nothing():
    seed_demo(city="Hasselt")
    before = count_rows()

    out = seed_demo(city="Hasselt")

    assert count_rows() == before
    assert "Nothing to create" in out


def test_seeding_hasselt_leaves_genks_rows_as_they_were_and_both_orders_end_the_same():
    seed_demo(**SMALL)
    genk_before = genk_rows()

    seed_demo(city="Hasselt", **SMALL)
    seed_demo(city="Hasselt", **SMALL)

    assert genk_rows() == genk_before
    both = count_rows()
    assert "Nothing to create" in seed_demo(**SMALL)
    assert count_rows() == both


def test_genk_seeded_after_hasselt_comes_out_whole_and_leaves_hasselt_alone():
    seed_demo(city="Hasselt", **SMALL)
    hasselt_before = count_rows()

    seed_demo(**SMALL)

    assert Family.objects.filter(city__slug="genk").count() == SMALL["families"]
    assert Family.objects.filter(city__slug="hasselt").count() == SMALL["families"]
    assert Match.objects.filter(coach__user__email="coach1@example.org", status="active").exists()
    assert "Nothing to create" in seed_demo(city="Hasselt", **SMALL)
    assert count_rows()["families.Family"] == hasselt_before["families.Family"] + SMALL["families"]


def test_nothing_of_hasselt_lies_in_a_district_of_genk():
    seed_demo(**SMALL)
    seed_demo(city="Hasselt")
    hasselt = City.objects.get(slug="hasselt")

    assert Family.objects.filter(city=hasselt).exists()
    assert not Family.objects.filter(city=hasselt).exclude(district__city=hasselt).exists()
    assert not Challenge.objects.filter(city=hasselt).exclude(district__city=hasselt).exists()
    assert not Challenge.objects.filter(city=hasselt).exclude(family__city=hasselt).exists()
    assert not Coach.objects.filter(city=hasselt).exclude(home_district__city=hasselt).exists()
    assert not Coach.objects.filter(city=hasselt, districts__city__slug="genk").exists()
    assert not Supporter.objects.filter(city=hasselt, districts__city__slug="genk").exists()
    assert not Match.objects.filter(family__city=hasselt).exclude(coach__city=hasselt).exists()


def test_a_city_the_seeder_does_not_know_gets_districts_named_after_it():
    seed_demo(city="Sint-Truiden", families=2, coaches=2, supporters=3, challenges=4)

    city = City.objects.get(slug="sint-truiden")
    assert set(city.districts.values_list("name", flat=True)) == {
        "Sint-Truiden Centrum",
        "Sint-Truiden Noord",
        "Sint-Truiden Oost",
        "Sint-Truiden Zuid",
        "Sint-Truiden West",
    }
    assert User.objects.filter(email="coordinator@sint-truiden.example.org", is_coordinator=True).exists()
    assert Family.objects.filter(city=city, reference="SIN-0001").exists()


def test_seed_demo_city_genk_is_the_pilot_itself():
    seed_demo(city="Genk", **SMALL)

    assert City.objects.count() == 1
    assert User.objects.filter(email="coordinator@example.org").exists()


def test_seed_demo_refuses_a_city_name_without_letters():
    with pytest.raises(CommandError, match="letter or a digit"):
        seed_demo(city="???")
