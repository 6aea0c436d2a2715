"""Who hears about a challenge: rank the supporters who fit, notify the best few, widen, alert, digest.

Each function is safe to run twice: a notification is unique per (person, key), so a rerun sends nothing
new, and the sweeps pick every overdue challenge, so a missed run is caught up by the next.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from families.models import ConsentRecord
from genk_village.models import User
from supporters.models import Notification, NotificationKind, Supporter
from supporters.notifications import notify

from .models import Challenge

FIRST_CIRCLE = 5
WIDE_CIRCLE = 25
WIDEN_AFTER = datetime.timedelta(hours=48)
ALERT_AFTER = datetime.timedelta(hours=72)
RECENT_LOAD = datetime.timedelta(days=30)
DIGEST_SIZE = 10


@dataclass(frozen=True)
class Candidate:
    supporter_id: int
    user_id: int
    score: int


def supporters_ranked_for(challenge: Challenge) -> list[Candidate]:
    """Supporters of the city who can do this category, best first: district, language, availability,
    and fewer challenges in hand. Household languages count only with the family's consent for it."""
    family_languages = set()
    consented = ConsentRecord.objects.filter(
        family_id=challenge.family_id, purpose=ConsentRecord.Purpose.LANGUAGE, withdrawn_on__isnull=True
    ).exists()
    if consented:
        family_languages = set(challenge.family.household_languages.values_list("pk", flat=True))
    candidates = Supporter.objects.cleared().filter(city_id=challenge.city_id, user__is_active=True)
    since = timezone.now() - RECENT_LOAD
    rows = candidates.annotate(
        here=Count("districts", filter=Q(districts=challenge.district_id), distinct=True),
        anywhere=Count("districts", distinct=True),
        load=Count(
            "claimed_challenges",
            filter=Q(claimed_challenges__status__in=["claimed", "delivered"])
            | Q(claimed_challenges__claimed_at__gte=since),
            distinct=True,
        ),
    ).values_list(
        "pk", "user_id", "categories", "here", "anywhere", "load",
        "available_weekdays", "available_evenings", "available_weekends",
    )  # fmt: skip
    speaks = {}
    if family_languages:
        for supporter_id in Supporter.objects.filter(
            city_id=challenge.city_id, languages__in=family_languages
        ).values_list("pk", flat=True):
            speaks[supporter_id] = True
    ranked = []
    for pk, user_id, categories, here, anywhere, load, *available in rows:
        if categories and challenge.category not in categories:
            continue  # they said what they do, and this is not it
        if anywhere and not here:
            continue  # they said where they go, and this is elsewhere
        score = 3 * bool(categories) + 2 * bool(here) + 2 * speaks.get(pk, False) + any(available) - 2 * load
        ranked.append(Candidate(pk, user_id, score))
    ranked.sort(key=lambda candidate: (-candidate.score, candidate.supporter_id))
    return ranked


def _challenge_text(challenge: Challenge) -> tuple[str, str]:
    """What a notification says: what is needed, where, by when; never who."""
    body = _("%(title)s, in %(district)s, needed by %(date)s.") % {
        "title": challenge.title,
        "district": challenge.district.name,
        "date": challenge.needed_by.isoformat(),
    }
    return body, reverse("challenges:board") + f"#challenge-{challenge.pk}"


def challenge_notify_fitting(*, challenge: Challenge, wide: bool = False) -> int:
    """Tell the best few who fit that a challenge is open (or, when `wide`, the wider circle after 48 h)."""
    if challenge.status != Challenge.Status.OPEN:
        return 0
    kind = NotificationKind.WIDENED if wide else NotificationKind.MATCH
    size = WIDE_CIRCLE if wide else FIRST_CIRCLE
    told = set(Notification.objects.filter(challenge=challenge).values_list("user_id", flat=True))
    chosen = [c for c in supporters_ranked_for(challenge) if c.user_id not in told or not wide][:size]
    users = User.objects.in_bulk([candidate.user_id for candidate in chosen])
    sent = 0
    for candidate in chosen:
        user = users[candidate.user_id]
        # each person reads it in their own language, in the app as in the e-mail
        with translation.override(user.language):
            body, url = _challenge_text(challenge)
            title = _("Still open: can you help?") if wide else _("A challenge that fits you")
            sent += bool(notify(user=user, kind=kind, key=f"{kind}:{challenge.pk}",
                                title=title, body=body, url=url, challenge=challenge))  # fmt: skip
    return sent


def challenges_unannounced(*, now: datetime.datetime | None = None):
    """Open challenges of the last 48 hours without any notification: the match job's catch-up list."""
    now = now or timezone.now()
    told = Notification.objects.filter(challenge=OuterRef("pk"))
    return (
        Challenge.objects.filter(
            status=Challenge.Status.OPEN,
            created_at__gt=now - WIDEN_AFTER,
            needed_by__gte=timezone.localdate(),
        )
        .exclude(Exists(told))
        .select_related("district")
    )


def _unclaimed_for(age: datetime.timedelta, kind: str, now: datetime.datetime):
    already = Notification.objects.filter(challenge=OuterRef("pk"), kind=kind)
    return (
        Challenge.objects.filter(
            status=Challenge.Status.OPEN, created_at__lte=now - age, needed_by__gte=timezone.localdate()
        )
        .exclude(Exists(already))
        .select_related("district")
    )


def challenges_widen_unclaimed(*, now: datetime.datetime | None = None) -> int:
    """Open for 48 hours and not widened yet: tell the wider circle."""
    now = now or timezone.now()
    return sum(
        challenge_notify_fitting(challenge=challenge, wide=True)
        for challenge in _unclaimed_for(WIDEN_AFTER, NotificationKind.WIDENED, now).iterator()
    )


def challenges_alert_unclaimed(*, now: datetime.datetime | None = None) -> int:
    """Open for 72 hours: alert the city's coordinators, once per challenge."""
    now = now or timezone.now()
    sent = 0
    for challenge in _unclaimed_for(ALERT_AFTER, NotificationKind.ALERT, now).iterator():
        url = reverse("admin:challenges_challenge_change", args=[challenge.pk])
        for user in User.objects.filter(city_id=challenge.city_id, is_coordinator=True, is_active=True):
            with translation.override(user.language):
                body, _url = _challenge_text(challenge)
                sent += bool(notify(user=user, kind=NotificationKind.ALERT, key=f"alert:{challenge.pk}",
                                    title=_("Unclaimed for three days"), body=body, url=url,
                                    challenge=challenge))  # fmt: skip
    return sent


def digests_send(*, today: datetime.date | None = None) -> int:
    """Once a day, to supporters who want it: the open challenges that fit them, most urgent first."""
    today = today or timezone.localdate()
    sent = 0
    supporters = Supporter.objects.cleared().filter(wants_digest=True, user__is_active=True)
    supporters = supporters.select_related("user")
    for supporter in supporters.prefetch_related("districts").iterator(chunk_size=200):
        open_here = Challenge.objects.filter(
            city_id=supporter.city_id, status=Challenge.Status.OPEN, needed_by__gte=today
        )
        if supporter.categories:
            open_here = open_here.filter(category__in=supporter.categories)
        districts = [district.pk for district in supporter.districts.all()]
        if districts:
            open_here = open_here.filter(district_id__in=districts)
        rows = list(open_here.select_related("district").order_by("needed_by", "id")[:DIGEST_SIZE])
        if not rows:
            continue
        with translation.override(supporter.user.language):
            body = "\n".join(f"- {_challenge_text(challenge)[0]}" for challenge in rows)
            sent += bool(notify(user=supporter.user, kind=NotificationKind.DIGEST,
                                key=f"digest:{today:%Y-%m-%d}", title=_("Challenges that fit you today"),
                                body=body, url=reverse("challenges:board") + "?fits_me=on"))  # fmt: skip
    return sent
