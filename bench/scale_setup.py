"""What bench/scale.py needs from the seeded database, and the queries each of its pages runs.

    python bench/scale_setup.py setup --claims 400 --clients 4    # JSON: sessions, ids, a proposal link
    python bench/scale_setup.py queries < pages.json               # JSON: {name: queries of one GET}
    python bench/scale_setup.py release < ids.json                 # the claimed challenges open again

Run with the environment of the server under test (the same SECRET_KEY), so that the sessions it
creates are valid there and the proposal link's signature holds.
"""

import argparse
import datetime
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genk_village.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from challenges.models import Challenge  # noqa: E402
from challenges.selectors import BoardFilters, board_page  # noqa: E402
from challenges.services import challenge_release  # noqa: E402
from coaches.models import Match  # noqa: E402
from coaches.services.proposals import match_propose_shortlist, proposal_link_create  # noqa: E402
from families.models import Family  # noqa: E402
from genk_village.models import User  # noqa: E402
from supporters.models import Supporter  # noqa: E402

SUPPORTER = "supporter1@example.org"
COACH = "coach1@example.org"
COORDINATOR = "coordinator@example.org"


def session_for(user: User) -> str:
    """A signed-in session, as the login form leaves it (the bench measures pages, not the login)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def proposal_token(coordinator: User) -> str:
    """A family's one-time link to its shortlist; a shortlist is proposed first if none is open."""
    family = Family.objects.filter(matches__status=Match.Status.PROPOSED).order_by("pk").first()
    if family is None:
        for candidate in Family.objects.filter(status=Family.Status.MATCHING).order_by("pk")[:50]:
            if match_propose_shortlist(family=candidate, actor=coordinator):
                family = candidate
                break
    if family is None:
        return ""
    _link, token = proposal_link_create(family=family, actor=coordinator)
    return token


def setup(claims: int, clients: int) -> dict:
    supporter = Supporter.objects.select_related("user").get(user__email=SUPPORTER)
    coordinator = User.objects.get(email=COORDINATOR)
    first, cursor = board_page(user=supporter.user, supporter=supporter, filters=BoardFilters())
    if not first or cursor is None:
        raise SystemExit(f"{SUPPORTER}'s board has fewer than two pages; seed more challenges")
    today = timezone.localdate()
    claimants = list(
        Supporter.objects.cleared()
        .filter(city_id=supporter.city_id, user__email__startswith="supporter")
        .exclude(pk=supporter.pk)
        .select_related("user")
        .order_by("pk")[:clients]
    )
    # The least urgent open challenges: far from the pages the other scenarios read.
    open_ids = list(
        Challenge.objects.filter(
            city_id=supporter.city_id,
            status=Challenge.Status.OPEN,
            target_quantity__isnull=True,
            hidden_at__isnull=True,
            needed_by__gte=today + datetime.timedelta(days=1),
        )
        .order_by("-needed_by", "-id")
        .values_list("pk", flat=True)[:claims]
    )
    sample = first[0]
    return {
        "sessions": {
            "supporter": session_for(supporter.user),
            "coach": session_for(User.objects.get(email=COACH)),
            "coordinator": session_for(coordinator),
        },
        "claimants": [session_for(claimant.user) for claimant in claimants],
        "claim_ids": open_ids,
        "challenge_id": sample.pk,
        "category": sample.category,
        "district_id": sample.district_id,
        "district_name": sample.district.name,
        "search": sample.title.split()[0],
        "next_query": urlencode({"after": f"{cursor[0].isoformat()}_{cursor[1]}"}),
        "proposal_token": proposal_token(coordinator),
        "city_id": supporter.city_id,
    }


def queries(pages: dict) -> dict:
    """The queries of one GET of each page (after one to warm the caches), as the server runs them."""
    users = {"supporter": SUPPORTER, "coach": COACH, "coordinator": COORDINATOR}
    counts = {}
    for name, (who, path) in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        if who in users:
            client.force_login(User.objects.get(email=users[who]))
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"GET {path} as {who} answered {status}")
        counts[name] = len(captured)
    return counts


def release(ids: list[int]) -> int:
    """Undo the claims scenario through the service the claimant would use, so that a later run on the
    same database sees the same board and every challenge's history stays whole."""
    claimed = Challenge.objects.filter(pk__in=ids, status=Challenge.Status.CLAIMED).select_related(
        "claimant__user"
    )
    for challenge in claimed:
        challenge_release(challenge=challenge, supporter=challenge.claimant, actor=challenge.claimant.user)
    return len(claimed)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["setup", "queries", "release"])
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    options = parser.parse_args(argv)
    if options.command == "setup":
        answer = setup(options.claims, options.clients)
    elif options.command == "queries":
        answer = queries(json.load(sys.stdin))
    else:
        answer = release(json.load(sys.stdin))
    print(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv[1:])
