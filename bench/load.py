"""The load scenario: a production-like stack on loopback under a steady mix of people (locust).

gunicorn (DEBUG=0, collected static files), PostgreSQL, Redis and a real Celery worker; locust signs
in supporters, coaches and a steering member (bench/locustfile.py) and holds about one request per
second per person for the whole run. Reported: p50/p95/p99 latency, throughput and the error count
(target: 0 errors at 50 requests per second for 10 minutes).
"""

import csv
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

TARGET_RPS = 50
# People sign in one every 2.5 s: allauth allows 30 sign-ins a minute from one address, and here every
# simulated person comes from 127.0.0.1.
SPAWN_RATE = "0.4"


def register(run) -> None:
    """Add the scenario to bench/run.py's registry; it reuses the harness's process handling."""

    @run.scenario("load")
    def load(bench) -> list[dict[str, Any]]:
        users = bench.options.load_users
        env = run.production_env(bench, REDIS_URL=bench.options.load_redis_url)
        with run.gunicorn(bench, env=env, workers=4) as port:
            worker = bench.start(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "genk_village",
                    "worker",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
            )
            try:
                prefix = Path(tempfile.mkdtemp(prefix="genk-bench-load-")) / "load"
                subprocess.run(
                    [
                        str(run.BIN / "locust"),
                        "-f",
                        str(run.ROOT / "bench" / "locustfile.py"),
                        "--headless",
                        "--users",
                        str(users),
                        "--spawn-rate",
                        SPAWN_RATE,
                        "--run-time",
                        f"{bench.options.load_seconds}s",
                        "--host",
                        f"http://127.0.0.1:{port}",
                        "--csv",
                        str(prefix),
                        "--only-summary",
                        "--loglevel",
                        "WARNING",
                    ],
                    cwd=run.ROOT,
                    env=env,
                    check=False,
                )
                totals = _aggregated(Path(f"{prefix}_stats.csv"))
            finally:
                run.stop(worker)
        return [
            run.result("load", "requests", totals["Request Count"], "count"),
            run.result("load", "errors", totals["Failure Count"], "count", target=0),
            run.result("load", "throughput", totals["Requests/s"], "req/s"),
            run.result("load", "p50", totals["50%"], "ms"),
            run.result("load", "p95", totals["95%"], "ms"),
            run.result("load", "p99", totals["99%"], "ms"),
        ]


def _aggregated(path: Path) -> dict[str, float]:
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return {
                    key: float(row[key] or 0)
                    for key in ("Request Count", "Failure Count", "Requests/s", "50%", "95%", "99%")
                }
    raise RuntimeError(f"no aggregated row in {path}")
