"""The load mix of `bench/load.py`: supporters browse and claim, coaches log contacts, steering reads.

Every simulated person signs in through the real sign-in form and then keeps a steady pace
(constant_throughput), so that N users make about N requests per second in all.
"""

import datetime
import itertools
import os
import re
from zoneinfo import ZoneInfo

from locust import HttpUser, constant_throughput, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "genk-village-demo")
COACHES = int(os.environ.get("LOAD_COACHES", "25"))
SUPPORTERS = int(os.environ.get("LOAD_SUPPORTERS", "200"))
_coach_numbers = itertools.cycle(range(1, COACHES + 1))
_supporter_numbers = itertools.cycle(range(1, SUPPORTERS + 1))
BRUSSELS = ZoneInfo("Europe/Brussels")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    abstract = True
    wait_time = constant_throughput(1)
    email = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="sign-in form")
        with self.client.post(
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": self._token(page.text)},
            name="sign in",
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies:
                response.failure(f"{self.email} could not sign in ({response.status_code} at {response.url})")

    def _token(self, html: str) -> str:
        match = CSRF_INPUT.search(html)
        return match.group(1) if match else self.client.cookies.get("csrftoken", "")

    @property
    def csrf_header(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}


class Supporter(Person):
    weight = 6

    def on_start(self) -> None:
        self.email = f"supporter{next(_supporter_numbers)}@example.org"
        super().on_start()

    @task(5)
    def browse_the_board(self) -> None:
        self.client.get("/challenges/", name="/challenges/ (board)")

    @task(3)
    def list_open_challenges(self) -> None:
        self.client.get("/api/v1/challenges/?status=open", name="/api/v1/challenges/")

    @task(1)
    def claim_one(self) -> None:
        listing = self.client.get("/api/v1/challenges/?status=open&page_size=5", name="/api/v1/challenges/")
        results = listing.json().get("results", []) if listing.ok else []
        if not results:
            return
        with self.client.post(
            f"/api/v1/challenges/{results[-1]['id']}/claim/",
            headers=self.csrf_header,
            name="/api/v1/challenges/{id}/claim/",
            catch_response=True,
        ) as response:
            # Losing a race for a challenge is the expected answer under load, not an error.
            if response.status_code in {200, 409}:
                response.success()

    @task(1)
    def my_points(self) -> None:
        self.client.get("/api/v1/me/points/", name="/api/v1/me/points/")


class Coach(Person):
    weight = 2

    def on_start(self) -> None:
        self.email = f"coach{next(_coach_numbers)}@example.org"
        super().on_start()

    @task(3)
    def my_family(self) -> None:
        self.client.get("/coach/", name="/coach/")

    @task(1)
    def log_a_contact(self) -> None:
        form = self.client.get("/coach/contact/", name="/coach/contact/ (form)")
        if form.status_code != 200:
            return  # a coach without a family sees the "no family yet" page instead
        today = datetime.datetime.now(tz=BRUSSELS).date().isoformat()
        self.client.post(
            "/coach/contact/",
            {
                "csrfmiddlewaretoken": self._token(form.text),
                "kind": "phone",
                "happened_on": today,
                "duration_minutes": "10",
                "note": "Called about school",
            },
            name="/coach/contact/ (log)",
        )


class Steering(Person):
    weight = 1
    email = "steering@example.org"

    @task
    def dashboard(self) -> None:
        self.client.get("/monitoring/", name="/monitoring/")
