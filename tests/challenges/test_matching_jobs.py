"""The notification jobs: match a new challenge, widen after 48 h, alert after 72 h, the daily digest.

Each runs twice in its test and notifies nobody twice.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from challenges import tasks
from challenges.distribution import supporters_ranked_for
from challenges.services import challenge_post
from supporters.models import Notification, NotificationPreference, PhoneVerification
from supporters.notifications import notify, unsubscribe_token
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.factories import DistrictFactory, UserFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

SENT_SMS: list[tuple[str, str]] = []


class RecordingSms:
    def send(self, *, to: str, text: str) -> None:
        SENT_SMS.append((to, text))


def _helpers(city, district, count: int, **fields):
    helpers = [SupporterFactory(city=city, categories=["material"], **fields) for _ in range(count)]
    for helper in helpers:
        helper.districts.set([district])
    return helpers


def _aged(challenge, hours: int):
    type(challenge).objects.filter(pk=challenge.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours)
    )
    return challenge


def test_ranking_prefers_the_district_and_a_lighter_load_and_skips_other_skills(city, family):
    elsewhere = DistrictFactory(city=city, name="Zwartberg")
    busy, free = _helpers(city, family.district, 2)
    far = SupporterFactory(city=city, categories=["material"])
    far.districts.set([elsewhere])
    anywhere = SupporterFactory(city=city, categories=[])
    SupporterFactory(city=city, categories=["homework"])
    ChallengeFactory(family=family, status="claimed", claimant=busy, claimed_at=timezone.now())
    challenge = ChallengeFactory(family=family, category="material")
    ranked = [candidate.supporter_id for candidate in supporters_ranked_for(challenge)]
    assert ranked == [free.pk, busy.pk, anywhere.pk]  # busy holds one challenge; anywhere said nothing
    assert far.pk not in ranked


def test_posting_a_challenge_notifies_the_best_few_once_even_when_the_job_runs_twice(
    city, family, coach, django_capture_on_commit_callbacks
):
    _helpers(city, family.district, 8)
    with django_capture_on_commit_callbacks(execute=True):
        challenge = challenge_post(family=family, title="Winter coat", category="material", actor=coach,
                                   needed_by=timezone.localdate() + datetime.timedelta(days=5))  # fmt: skip
    assert Notification.objects.filter(challenge=challenge, kind="match").count() == 5
    assert tasks.match_challenge(challenge.pk) == 0
    assert tasks.match_recent_challenges() == 0
    assert Notification.objects.filter(challenge=challenge).count() == 5
    assert len(mail.outbox) == 5


def test_the_catch_up_job_tells_supporters_about_a_challenge_a_lost_job_left_out(city, family):
    _helpers(city, family.district, 2)
    challenge = ChallengeFactory(family=family)
    assert tasks.match_recent_challenges() == 2
    assert tasks.match_recent_challenges() == 0
    assert Notification.objects.filter(challenge=challenge).count() == 2


def test_after_48_hours_the_wider_circle_hears_once(city, family):
    _helpers(city, family.district, 30)
    challenge = _aged(ChallengeFactory(family=family), hours=49)
    fresh = ChallengeFactory(family=family, title="Fresh")
    tasks.match_challenge(challenge.pk)
    assert tasks.widen_unclaimed_challenges() == 25
    assert tasks.widen_unclaimed_challenges() == 0
    assert not Notification.objects.filter(challenge=fresh).exists()
    first = set(Notification.objects.filter(challenge=challenge, kind="match").values_list("user", flat=True))
    wide = set(
        Notification.objects.filter(challenge=challenge, kind="widened").values_list("user", flat=True)
    )
    assert not first & wide  # the wider circle is new people


def test_after_72_hours_the_coordinator_is_alerted_once(
    city, family, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    challenge = _aged(ChallengeFactory(family=family), hours=73)
    _aged(ChallengeFactory(family=family, status="expired"), hours=100)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.alert_unclaimed_challenges() == 1
        assert tasks.alert_unclaimed_challenges() == 0
    alert = Notification.objects.get(kind="alert")
    assert alert.user == coordinator and alert.challenge == challenge
    assert mail.outbox[0].to == [coordinator.email]


def test_the_daily_digest_goes_once_a_day_to_those_who_want_it(
    city, family, django_capture_on_commit_callbacks
):
    wants, skips = _helpers(city, family.district, 2)
    skips.wants_digest = False
    skips.save(update_fields=["wants_digest"])
    ChallengeFactory(family=family, title="Winter coat")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_digests() == 1
        assert tasks.send_digests() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.get(kind="digest").user == wants.user
    assert "Winter coat" in mail.outbox[0].body


def test_a_city_that_asks_for_approval_tells_only_approved_supporters(
    city, family, django_capture_on_commit_callbacks
):
    city.supporters_need_approval = True
    city.save()
    approved, _waiting = _helpers(city, family.district, 2)
    approved.approved_at = timezone.now()
    approved.save(update_fields=["approved_at"])
    challenge = ChallengeFactory(family=family, category="material", title="Winter coat")
    assert [candidate.supporter_id for candidate in supporters_ranked_for(challenge)] == [approved.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_digests() == 1
    assert Notification.objects.get(kind="digest").user == approved.user


def test_every_email_has_an_unsubscribe_link_that_works_without_signing_in(
    client, city, family, django_capture_on_commit_callbacks
):
    (helper,) = _helpers(city, family.district, 1)
    ChallengeFactory(family=family, title="Winter coat")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests()
    link = re.search(r"https?://\S+/challenges/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path).status_code == 200
    assert not NotificationPreference.objects.get(user=helper.user, kind="digest").email
    assert client.post("/challenges/unsubscribe/forged-token/").status_code == 400


def test_an_unsubscribed_kind_sends_no_email_but_still_shows_in_the_app(city):
    user = UserFactory(city=city)
    NotificationPreference.objects.create(user=user, kind="match", email=False)
    assert notify(user=user, kind="match", key="match:1", title="Hello") is not None
    assert mail.outbox == []
    assert Notification.objects.get(user=user).read_at is None


def test_text_messages_go_through_the_adapter_named_in_the_settings(settings, city):
    settings.SMS_BACKEND = "tests.challenges.test_matching_jobs.RecordingSms"
    helper = SupporterFactory(city=city, phone="+32 470 00 00 09")  # a profile number alone gets no texts
    PhoneVerification.objects.create(user=helper.user, number="+32470000001", verified_at=timezone.now())
    NotificationPreference.objects.create(user=helper.user, kind="match", sms=True)
    SENT_SMS.clear()
    notify(
        user=helper.user, kind="match", key="match:2", title="A challenge that fits you", url="/challenges/"
    )
    notify(
        user=helper.user, kind="match", key="match:2", title="A challenge that fits you", url="/challenges/"
    )
    assert [to for to, _text in SENT_SMS] == ["+32470000001"]


def test_the_console_sms_backend_is_the_default(settings, city):
    helper = SupporterFactory(city=city, phone="+32 470 00 00 02")
    NotificationPreference.objects.create(user=helper.user, kind="match", sms=True, email=False)
    assert notify(user=helper.user, kind="match", key="match:3", title="Hi") is not None


def test_the_unsubscribe_token_cannot_be_turned_into_another_persons(client, city):
    one, two = UserFactory(city=city), UserFactory(city=city)
    token = unsubscribe_token(user_id=one.pk, kind="digest")
    client.post(f"/challenges/unsubscribe/{token}/")
    assert NotificationPreference.objects.filter(user=one, email=False).exists()
    assert not NotificationPreference.objects.filter(user=two).exists()


def test_the_notifications_page_shows_mine_and_saves_my_choices(client, supporter):
    notify(
        user=supporter,
        kind="match",
        key="match:9",
        title="A challenge that fits you",
        body="Coat, in Winterslag",
    )
    client.force_login(supporter)
    page = client.get("/challenges/notifications/").content.decode()
    assert "Coat, in Winterslag" in page
    assert not Notification.objects.filter(user=supporter, read_at__isnull=True).exists()
    client.post("/challenges/notifications/", {"match_in_app": "on", "digest_email": "on"})
    match = NotificationPreference.objects.get(user=supporter, kind="match")
    assert match.in_app and not match.email and not match.sms


def test_the_notifications_page_refuses_a_coach(client, coach):
    client.force_login(coach)
    assert client.get("/challenges/notifications/").status_code == 403
