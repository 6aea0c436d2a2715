"""Benchmarks on PostgreSQL: seed a database at scale, then time named scenarios (`make bench`).

    python bench/run.py                      # every scenario, 1,000,000 challenges
    python bench/run.py --scale small        # 10,000 challenges, for a quick look
    python bench/run.py --only floor --reuse-db

Each scenario is a function registered under a name; it returns result dicts (name, metric, value,
unit, target, baseline). Results are printed as a table and written to bench/results/<UTC time>.json
and bench/results/latest.json. Everything the bench starts (the seeder, gunicorn) is stopped when it
ends, also on Ctrl-C.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/genk_bench"
SCALES = {"small": 10_000, "medium": 100_000, "large": 1_000_000}
DEFAULT_CHALLENGES = SCALES["large"]

# Measured on the reference machine (2 cores, PostgreSQL 15 on the same host, 1,000,000 challenges,
# 2026-11-23); a result is compared with these to see whether a change made things slower. The same
# machine under heavy load from other work gave 316-360 s for the seed and a floor p95 of ~8 ms.
BASELINES: dict[tuple[str, str], float] = {
    ("seed_demo", "duration"): 163.0,
    ("seed_demo", "challenges_per_second"): 6135.0,
    ("floor", "p50"): 1.44,
    ("floor", "p95"): 2.02,
    ("floor", "p99"): 2.50,
    ("floor", "throughput"): 662.0,
}


@dataclass
class Bench:
    """What every scenario gets: the options, the bench database and the processes to stop at the end."""

    options: argparse.Namespace
    database_url: str
    challenges: int
    processes: list[subprocess.Popen] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of the app under test: the bench database, DEBUG on, and no Redis, so
        that Celery is eager and /healthz costs exactly one database query."""
        env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "SQLITE_PATH"}}
        env.update({"DATABASE_URL": self.database_url, "DEBUG": "1", "PYTHONUNBUFFERED": "1"} | extra)
        return env

    def start(self, command: list[str], **kwargs: Any) -> subprocess.Popen:
        # A session of its own, so that stopping it stops its children too (gunicorn's workers).
        process = subprocess.Popen(command, cwd=ROOT, start_new_session=True, **kwargs)
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            stop(process)
        self.processes.clear()


def stop(process: subprocess.Popen, timeout: float = 10, how: int = signal.SIGTERM) -> None:
    """Stop a process and its group: `how` first, SIGKILL if it is still there after `timeout`."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, how)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def result(
    name: str,
    metric: str,
    value: float,
    unit: str,
    *,
    target: float | None = None,
    minimum: float | None = None,
) -> dict[str, Any]:
    """One measured figure; `target` is an upper bound where one is agreed (lower is better), `minimum`
    a lower bound (higher is better: a throughput)."""
    baseline = BASELINES.get((name, metric)) or None
    return {
        "name": name,
        "metric": metric,
        "value": round(value, 3),
        "unit": unit,
        "target": target if minimum is None else minimum,
        "higher_is_better": minimum is not None,
        "baseline": baseline,
    }


Scenario = Callable[[Bench], list[dict[str, Any]]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    """Register a scenario under `name`; they run in the order they are declared."""

    def register(function: Scenario) -> Scenario:
        SCENARIOS[name] = function
        return function

    return register


# --- scenarios ------------------------------------------------------------------------------------------


@scenario("seed_demo")
def seed_demo(bench: Bench) -> list[dict[str, Any]]:
    """The demo seeder at scale: --challenges N on PostgreSQL must finish within ten minutes, with a month
    of indicator history (the default year is the small demo's: one measurement per day)."""
    command = [sys.executable, "manage.py", "seed_demo", "--challenges", str(bench.challenges)]
    command += ["--history-days", "31"]
    started = time.monotonic()
    # stderr passes through, so a terminal shows the seeder's progress bar
    process = bench.start(command, env=bench.env(), stdout=subprocess.PIPE, text=True)
    output, _ = process.communicate()
    elapsed = time.monotonic() - started
    if process.returncode:
        raise BenchError(f"seed_demo failed ({process.returncode}):\n{output}")
    print(output.rstrip())
    vacuum(bench.database_url)
    return [
        result("seed_demo", "duration", elapsed, "s", target=600),
        result("seed_demo", "challenges_per_second", bench.challenges / elapsed, "rows/s"),
    ]


def manage(bench: Bench, *arguments: str) -> str:
    """A manage.py command on the bench database; its output, or a BenchError with it when it fails."""
    command = [sys.executable, "manage.py", *arguments]
    process = bench.start(command, env=bench.env(), stdout=subprocess.PIPE, text=True)
    output, _ = process.communicate()
    if process.returncode:
        raise BenchError(f"{' '.join(arguments[:1])} failed ({process.returncode}):\n{output}")
    return output


def vacuum(database_url: str) -> None:
    """What autovacuum does to a database that has been running a while, at once: the visibility map
    that lets counts read their index alone, and fresh statistics. Without it the first scenarios read
    the heap behind every index entry of a table seeded a minute ago."""
    with contextlib.closing(psycopg2.connect(database_url)) as connection:
        connection.autocommit = True  # VACUUM runs outside a transaction
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


@scenario("floor")
def floor(bench: Bench) -> list[dict[str, Any]]:
    """The bare one-query view under gunicorn (2 workers): what every other page costs at least."""
    path = bench.options.floor_path
    with gunicorn(bench) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(bench.options.warmup):
            _get(connection, path)
        latencies = []
        started = time.perf_counter()
        for _ in range(bench.options.requests):
            begun = time.perf_counter()
            _get(connection, path)
            latencies.append(time.perf_counter() - begun)
        elapsed = time.perf_counter() - started
    latencies.sort()
    return [
        result("floor", "p50", percentile(latencies, 50) * 1000, "ms"),
        result("floor", "p95", percentile(latencies, 95) * 1000, "ms"),
        result("floor", "p99", percentile(latencies, 99) * 1000, "ms"),
        result("floor", "throughput", len(latencies) / elapsed, "req/s"),
    ]


@scenario("matching")
def matching(bench: Bench) -> list[dict[str, Any]]:
    """A shortlist among 10,000 coaches (in memory and through the database) and balancing 10,000
    families (bench/matching.py)."""
    command = [sys.executable, "bench/matching.py", "--json", "--database"]
    output = subprocess.run(command, cwd=ROOT, env=bench.env(), check=True, capture_output=True, text=True)
    rows = json.loads(output.stdout.strip().splitlines()[-1])
    return [result(r["name"], r["metric"], r["value"], r["unit"], target=r["target"]) for r in rows]


# The steering dashboard's scenarios live beside this file and register themselves here, after these.
import dashboard  # noqa: E402

dashboard.register(sys.modules[__name__])
# The coach's home against the floor (bench/coach.py).
import coach  # noqa: E402

coach.register(sys.modules[__name__])
# The bytes each coach and supporter page transfers on a first load, through Chromium (bench/pages.py).
import pages  # noqa: E402

pages.register(sys.modules[__name__])
# Every page, API list and claims at Flanders scale against the floor, and the headroom (bench/scale.py).
import scale  # noqa: E402

scale.register(sys.modules[__name__])
# The load test (a production-like stack under a steady mix of people) runs last: it takes minutes.
import load  # noqa: E402

load.register(sys.modules[__name__])


# --- helpers --------------------------------------------------------------------------------------------


class BenchError(Exception):
    pass


def percentile(ordered: list[float], percent: float) -> float:
    """Nearest-rank percentile of an ordered list."""
    if not ordered:
        return float("nan")
    rank = max(1, round(percent / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None) -> None:
    # gunicorn's sync workers close the connection after each response; http.client reconnects.
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise BenchError(f"GET {path} answered {response.status}")
    if response.will_close:
        connection.close()


def timed_gets(
    port: int,
    path: str,
    *,
    warmup: int,
    requests: int,
    session: str | None = None,
    seconds: float | None = None,
) -> dict[int, float]:
    """Sequential GETs of one page (signed in with `session` if given): p50/p95/p99 in milliseconds.
    With `seconds`, a page far over its target stops early (after 20 requests at least), so that one slow
    page cannot hold the whole bench for an hour."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    started = time.monotonic()
    for _ in range(warmup):
        _get(connection, path, headers)
    latencies = []
    for _ in range(requests):
        begun = time.perf_counter()
        _get(connection, path, headers)
        latencies.append(time.perf_counter() - begun)
        if seconds is not None and len(latencies) >= 20 and time.monotonic() - started > seconds:
            break
    latencies.sort()
    return {p: percentile(latencies, p) * 1000 for p in (50, 95, 99)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(bench: Bench, *, env: dict[str, str] | None = None, workers: int = 2) -> Iterator[int]:
    """gunicorn on a free loopback port, answering the floor path; its port. `env`: bench.env() by default."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "genk_village.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = bench.start(command, env=env or bench.env())
    try:
        wait_until_up(process, port, bench.options.floor_path)
        yield port
    finally:
        # SIGINT is gunicorn's quick shutdown; SIGTERM would wait for its workers' graceful timeout
        stop(process, how=signal.SIGINT)


def production_env(bench: Bench, **extra: str) -> dict[str, str]:
    """The app as in production (DEBUG=0, static files collected for WhiteNoise to serve and compress), on
    plain loopback HTTP and without MFA, which a scripted visitor cannot do."""
    static_root = Path(tempfile.mkdtemp(prefix="genk-bench-static-"))
    env = bench.env(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        MFA_REQUIRED_FOR_STAFF="0",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        **extra,
    )
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return env


def wait_until_up(process: subprocess.Popen, port: int, path: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode} before answering")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
            raise BenchError(f"GET {path} answered {status}; is the view there?")
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def prepare_database(bench: Bench) -> None:
    """Drop and create the bench database (unless --reuse-db), then migrate it."""
    parts = urlsplit(bench.database_url)
    name = parts.path.lstrip("/")
    if not bench.options.reuse_db:
        maintenance = urlunsplit(parts._replace(path="/postgres"))
        connection = psycopg2.connect(maintenance)
        connection.autocommit = True
        with connection.cursor() as cursor:
            # WITH (FORCE): a gunicorn left over from an interrupted run must not keep the old one alive
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
    process = bench.start([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=bench.env())
    if process.wait():
        raise BenchError("migrate failed")


def server_version(database_url: str) -> str:
    with contextlib.closing(psycopg2.connect(database_url)) as connection:
        version = connection.server_version  # e.g. 150020 for 15.20
    return f"{version // 10000}.{version % 10000}"


def print_table(results: list[dict[str, Any]]) -> None:
    header = ("scenario", "metric", "value", "unit", "target", "baseline", "")
    rows = [header]
    for row in results:
        verdict = ""
        if row["target"] is not None and row.get("higher_is_better"):
            verdict = "ok" if row["value"] >= row["target"] else "UNDER TARGET"
        elif row["target"] is not None:
            verdict = "ok" if row["value"] <= row["target"] else "OVER TARGET"
        rows.append(
            (
                row["name"],
                row["metric"],
                f"{row['value']:,.2f}",
                row["unit"],
                "" if row["target"] is None else f"{row['target']:,}",
                "" if row["baseline"] is None else f"{row['baseline']:,.2f}",
                verdict,
            )
        )
    widths = [max(len(str(row[column])) for row in rows) for column in range(len(header))]
    for number, row in enumerate(rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


def write_results(bench: Bench, results: list[dict[str, Any]], started: datetime.datetime) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    parts = urlsplit(bench.database_url)
    # never a password in the results
    netloc = (f"{parts.username}@" if parts.username else "") + (parts.hostname or "")
    safe_url = urlunsplit(parts._replace(netloc=netloc + (f":{parts.port}" if parts.port else "")))
    document = {
        "started_at": started.isoformat(),
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database_url": safe_url,
        "challenges": bench.challenges,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "postgres": server_version(bench.database_url),
        },
        "results": results,
    }
    path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}.json"
    text = json.dumps(document, indent=2)
    path.write_text(text)
    (RESULTS / "latest.json").write_text(text)
    return path


def parse_options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", action="append", choices=list(SCENARIOS), help="run this scenario only (repeatable)"
    )
    parser.add_argument(
        "--challenges",
        type=int,
        help=f"challenges to seed (default $BENCH_CHALLENGES or {DEFAULT_CHALLENGES:,})",
    )
    parser.add_argument(
        "--scale", choices=list(SCALES), help=", ".join(f"{k}={v:,}" for k, v in SCALES.items())
    )
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep the bench database instead of recreating it"
    )
    parser.add_argument("--requests", type=int, default=2000, help="timed requests per HTTP scenario (2000)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed requests first (200)")
    parser.add_argument("--floor-path", default="/healthz", help="the one-query view (/healthz)")
    parser.add_argument("--scale-requests", type=int, default=300, help="timed GETs of each page (300)")
    parser.add_argument("--scale-warmup", type=int, default=30, help="untimed GETs of each page first (30)")
    parser.add_argument(
        "--scale-page-seconds", type=float, default=60, help="a slower page stops after this long (60)"
    )
    parser.add_argument(
        "--page",
        action="append",
        choices=[page[0] for page in scale.PAGES],
        help="flanders: measure this page only (repeatable)",
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients of the claims (4)")
    parser.add_argument("--claims", type=int, default=400, help="open challenges claimed (400)")
    parser.add_argument(
        "--claims-redis-url", default="redis://127.0.0.1:6379/10", help="broker of the claims' jobs (emptied)"
    )
    parser.add_argument("--max-clients", type=int, default=64, help="the stepped run stops here (64)")
    parser.add_argument("--step-seconds", type=float, default=20, help="length of each step (20)")
    parser.add_argument(
        "--hold-seconds",
        type=float,
        default=600,
        help="75 %% of the saturation rate, held (600; 30 for a smoke run)",
    )
    parser.add_argument("--load-users", type=int, default=50, help="people, ~1 request/s each (50)")
    parser.add_argument("--load-seconds", type=int, default=600, help="length of the load test (600)")
    parser.add_argument(
        "--load-redis-url", default="redis://127.0.0.1:6379/9", help="broker of the load test's worker"
    )
    return parser.parse_args(argv)


def _interrupt(signum: int, frame: Any) -> None:
    # `kill <bench>` stops everything the bench started, as Ctrl-C does
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    options = parse_options(argv)
    if options.challenges is not None:
        challenges = options.challenges
    elif options.scale:
        challenges = SCALES[options.scale]
    else:
        challenges = int(os.environ.get("BENCH_CHALLENGES", DEFAULT_CHALLENGES))
    bench = Bench(options, os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL), challenges)
    signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C must stop the bench even when a shell started it in the background with SIGINT ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = datetime.datetime.now(datetime.UTC)
    results: list[dict[str, Any]] = []
    try:
        print(f"Preparing {urlsplit(bench.database_url).path.lstrip('/')} …", flush=True)
        prepare_database(bench)
        for name, run in SCENARIOS.items():
            if options.only and name not in options.only:
                continue
            print(f"== {name}", flush=True)
            results.extend(run(bench))
    except KeyboardInterrupt:
        print("\nInterrupted; stopping what the bench started.", file=sys.stderr)
        return 130
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        bench.stop_all()
    print()
    print_table(results)
    path = write_results(bench, results, started)
    print(f"\nWritten to {path.relative_to(ROOT)} and bench/results/latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
