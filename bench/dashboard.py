"""Bench scenarios of the steering dashboard, registered into bench/run.py by `register(run)`.

- `dashboard_data`: grows the bench database to --dashboard-families families (default 10,000) with the
  demo seeder (the challenges are those of the `seed_demo` scenario).
- `snapshot`: the nightly job for one day (`backfill_snapshots` of yesterday), then 30 more days for trends.
- `dashboard`: GET /monitoring/ as a signed-in steering member under gunicorn (2 sync workers), sequential
  requests: p50/p95/p99 and the ratio of its p95 to the floor's (/healthz) p95, target ≤ 2.
- `dashboard_uncached`: the first render after a snapshot, every time: in one process, each GET
  /monitoring/ follows a new snapshot version (so no cached body), against /healthz in the same process;
  p95, its ratio to the floor (target ≤ 2) and the queries of one render. Then what the nightly job does
  (`dashboard_after_snapshot`): a new version, every dashboard rendered into the cache (seconds), and the
  first visit of each district and period after it (p95, and its ratio to the same floor).
"""

import datetime
import json
import os
import time
from typing import Any

FAMILIES = int(os.environ.get("BENCH_DASHBOARD_FAMILIES", "10000"))
SESSION_SCRIPT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from genk_village.models import User
user = User.objects.get(email="steering@example.org")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


UNCACHED_SCRIPT = """
import json, time
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from genk_village.models import User
user = User.objects.get(email="steering@example.org")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
def timed(path, fresh, n):
    spent = []
    for _ in range(n):
        if fresh:
            cache.delete(f"monitoring:version:{user.city_id}")  # what a new snapshot does
        begun = time.perf_counter()
        assert client.get(path).status_code == 200
        spent.append(time.perf_counter() - begun)
    spent.sort()
    return spent[min(len(spent) - 1, int(round(0.95 * (len(spent) - 1))))] * 1000
timed("/monitoring/", True, 3)
timed("/healthz", False, 3)
cache.delete(f"monitoring:version:{user.city_id}")
with CaptureQueriesContext(connection) as queries:
    client.get("/monitoring/")
count = len(queries)  # now: the query log is a bounded deque, which later requests would rotate
floor = timed("/healthz", False, REQUESTS)
uncached = timed("/monitoring/", True, REQUESTS)
# the nightly job: a new snapshot version, then every dashboard rendered; each page's first visit after it
from genk_village.models import District
from monitoring.warming import dashboard_warm
cache.delete(f"monitoring:version:{user.city_id}")
began = time.perf_counter()
dashboard_warm(city=user.city)
warming = time.perf_counter() - began
first_visits = []
for district in ["", *District.objects.filter(city=user.city).values_list("pk", flat=True)]:
    for period in ("30", "90", "365"):
        begun = time.perf_counter()
        assert client.get("/monitoring/", {"district": district, "period": period}).status_code == 200
        first_visits.append(time.perf_counter() - begun)
first_visits.sort()
warm = first_visits[min(len(first_visits) - 1, int(round(0.95 * (len(first_visits) - 1))))] * 1000
figures = {"p95": uncached, "floor_p95": floor, "queries": count, "warm_p95": warm, "warming": warming}
print(json.dumps(figures))
"""


def register(run) -> None:
    """Add the dashboard scenarios to run.py's registry, after its own."""

    @run.scenario("dashboard_data")
    def dashboard_data(bench) -> list[dict[str, Any]]:
        """The families the dashboard is measured at (the seeder only adds what is missing)."""
        started = time.monotonic()
        sizes = ["--families", str(FAMILIES), "--challenges", str(bench.challenges), "--history-days", "31"]
        print(run.manage(bench, "seed_demo", *sizes))
        return [run.result("dashboard_data", "families", FAMILIES, "families"),
                run.result("dashboard_data", "duration", time.monotonic() - started, "s")]  # fmt: skip

    @run.scenario("snapshot")
    def snapshot(bench) -> list[dict[str, Any]]:
        """The nightly snapshot of one day, and a 30-day backfill (the trends the dashboard draws)."""
        yesterday = datetime.date.today() - datetime.timedelta(days=1)  # noqa: DTZ011 (bench host's date)
        started = time.monotonic()
        day = yesterday.isoformat()
        print(run.manage(bench, "backfill_snapshots", "--from", day, "--to", day))
        one_day = time.monotonic() - started
        first = yesterday - datetime.timedelta(days=30)
        started = time.monotonic()
        last = (yesterday - datetime.timedelta(days=1)).isoformat()
        print(run.manage(bench, "backfill_snapshots", "--from", first.isoformat(), "--to", last))
        backfill = time.monotonic() - started
        return [run.result("snapshot", "one_day", one_day, "s"),
                run.result("snapshot", "backfill_30_days", backfill, "s")]  # fmt: skip

    @run.scenario("dashboard")
    def dashboard(bench) -> list[dict[str, Any]]:
        """GET /monitoring/ as steering@example.org, against the floor measured under the same server."""
        session = run.manage(bench, "shell", "-c", SESSION_SCRIPT).strip().splitlines()[-1]
        results = []
        with run.gunicorn(bench) as port:
            figures = {}
            for name, path, cookie in [("floor", "/healthz", None), ("dashboard", "/monitoring/", session)]:
                figures[name] = run.timed_gets(
                    port,
                    path,
                    warmup=bench.options.warmup // 4,
                    requests=bench.options.requests // 4,
                    session=cookie,
                )
        for percent in (50, 95, 99):
            results.append(run.result("dashboard", f"p{percent}", figures["dashboard"][percent], "ms"))
        results.append(run.result("dashboard", "floor_p95", figures["floor"][95], "ms"))
        ratio = figures["dashboard"][95] / figures["floor"][95]
        results.append(run.result("dashboard", "p95_over_floor", ratio, "x", target=2))
        return results

    @run.scenario("dashboard_uncached")
    def dashboard_uncached(bench) -> list[dict[str, Any]]:
        """The dashboard rendered after a new snapshot version each time, against the floor in-process."""
        requests = max(bench.options.requests // 10, 20)
        output = run.manage(bench, "shell", "-c", UNCACHED_SCRIPT.replace("REQUESTS", str(requests)))
        figures = json.loads(output.strip().splitlines()[-1])
        ratio = figures["p95"] / figures["floor_p95"]
        warm_ratio = figures["warm_p95"] / figures["floor_p95"]
        return [run.result("dashboard_uncached", "p95", figures["p95"], "ms"),
                run.result("dashboard_uncached", "floor_p95", figures["floor_p95"], "ms"),
                run.result("dashboard_uncached", "p95_over_floor", ratio, "x", target=2),
                run.result("dashboard_uncached", "queries", figures["queries"], "queries"),
                run.result("dashboard_after_snapshot", "warming", figures["warming"], "s"),
                run.result("dashboard_after_snapshot", "first_visit_p95", figures["warm_p95"], "ms"),
                run.result("dashboard_after_snapshot", "p95_over_floor", warm_ratio, "x",
                           target=2)]  # fmt: skip
