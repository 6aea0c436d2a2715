"""Bench scenarios of the steering dashboard, registered into bench/run.py by `register(run)`.

- `dashboard_data`: grows the bench database to --dashboard-families families (default 10,000) with the
  demo seeder (the challenges are those of the `seed_demo` scenario).
- `snapshot`: the nightly job for one day (`backfill_snapshots` of yesterday), then 30 more days for trends.
- `dashboard`: GET /monitoring/ as a signed-in steering member under gunicorn (2 sync workers), sequential
  requests: p50/p95/p99 and the ratio of its p95 to the floor's (/healthz) p95, target ≤ 2.
"""

import datetime
import os
import subprocess
import sys
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


def register(run) -> None:
    """Add the dashboard scenarios to run.py's registry, after its own."""

    def manage(bench, *arguments: str) -> str:
        command = [sys.executable, "manage.py", *arguments]
        process = bench.start(command, env=bench.env(), stdout=subprocess.PIPE, text=True)
        output, _ = process.communicate()
        if process.returncode:
            raise run.BenchError(f"{' '.join(arguments[:1])} failed ({process.returncode}):\n{output}")
        return output

    @run.scenario("dashboard_data")
    def dashboard_data(bench) -> list[dict[str, Any]]:
        """The families the dashboard is measured at (the seeder only adds what is missing)."""
        started = time.monotonic()
        print(manage(bench, "seed_demo", "--families", str(FAMILIES), "--challenges", str(bench.challenges)))
        return [run.result("dashboard_data", "families", FAMILIES, "families"),
                run.result("dashboard_data", "duration", time.monotonic() - started, "s")]  # fmt: skip

    @run.scenario("snapshot")
    def snapshot(bench) -> list[dict[str, Any]]:
        """The nightly snapshot of one day, and a 30-day backfill (the trends the dashboard draws)."""
        yesterday = datetime.date.today() - datetime.timedelta(days=1)  # noqa: DTZ011 (bench host's date)
        started = time.monotonic()
        day = yesterday.isoformat()
        print(manage(bench, "backfill_snapshots", "--from", day, "--to", day))
        one_day = time.monotonic() - started
        first = yesterday - datetime.timedelta(days=30)
        started = time.monotonic()
        last = (yesterday - datetime.timedelta(days=1)).isoformat()
        print(manage(bench, "backfill_snapshots", "--from", first.isoformat(), "--to", last))
        backfill = time.monotonic() - started
        return [run.result("snapshot", "one_day", one_day, "s"),
                run.result("snapshot", "backfill_30_days", backfill, "s")]  # fmt: skip

    @run.scenario("dashboard")
    def dashboard(bench) -> list[dict[str, Any]]:
        """GET /monitoring/ as steering@example.org, against the floor measured under the same server."""
        session = manage(bench, "shell", "-c", SESSION_SCRIPT).strip().splitlines()[-1]
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
