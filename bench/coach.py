"""Bench scenario of the coach's home, registered into bench/run.py by `register(run)`.

- `coach_home`: GET /coach/ as coach1@example.org (the demo seeder's account), signed in through the real
  allauth form, under gunicorn (2 sync workers), sequential requests: p50/p95/p99 and the ratio of its
  p95 to the floor's (/healthz) p95 measured under the same server. Needs the `seed_demo` data.
"""

import http.client
import os
import re
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

EMAIL = "coach1@example.org"
PASSWORD = os.environ.get("DEMO_PASSWORD", "genk-village-demo")


def register(run) -> None:
    """Add the coach home scenario to run.py's registry, after its own."""

    @run.scenario("coach_home")
    def coach_home(bench) -> list[dict[str, Any]]:
        """GET /coach/ as coach1, against the floor measured under the same server."""
        figures = {}
        with run.gunicorn(bench) as port:
            session = sign_in(run, port)
            for name, path, cookie in [("floor", "/healthz", None), ("coach_home", "/coach/", session)]:
                figures[name] = run.timed_gets(
                    port,
                    path,
                    warmup=bench.options.warmup // 4,
                    requests=bench.options.requests // 4,
                    session=cookie,
                )
        results = [run.result("coach_home", f"p{p}", figures["coach_home"][p], "ms") for p in (50, 95, 99)]
        results.append(run.result("coach_home", "floor_p95", figures["floor"][95], "ms"))
        ratio = figures["coach_home"][95] / figures["floor"][95]
        results.append(run.result("coach_home", "p95_over_floor", ratio, "x"))
        return results


def sign_in(run, port: int) -> str:
    """Sign in through the login form as a person would; the session cookie it sets."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if response.status != 200 or token is None or "csrftoken" not in cookies:
        raise run.BenchError(f"GET /accounts/login/ answered {response.status} without a CSRF token")
    connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = urlencode({"login": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookies['csrftoken'].value}",
        "Referer": f"http://127.0.0.1:{port}/accounts/login/",
    }
    connection.request("POST", "/accounts/login/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if response.status != 302 or "sessionid" not in cookies:
        raise run.BenchError(f"signing in as {EMAIL} answered {response.status} without a session")
    return cookies["sessionid"].value
