"""The world the role journeys walk through: Genk's languages, three ready coaches in Winterslag, and
the small Genk of the monitoring tests, with known figures, for the steering member."""

import pytest

from tests.coaches.conftest import compiled_catalogues  # noqa: F401  (the journeys read translated pages)
from tests.coaches.factories import ReadyCoachFactory
from tests.genk_village.factories import language
from tests.monitoring.conftest import _fresh_cache, genk, limburg  # noqa: F401  (the steering Genk, its region)


@pytest.fixture
def languages(db):
    return {code: language(code) for code in ("tr", "nl")}


@pytest.fixture
def ready_coaches(city, district, languages):
    """Three screened, trained coaches with a free place; only Zeynep speaks Turkish."""
    intros = {
        "Zeynep": "Teacher, mother of two. I love cooking and walks in Bokrijk.",
        "Marc": "Retired engineer; I fix bikes and like football.",
        "Lotte": "Student social work, I play the guitar.",
    }
    coaches = {}
    for name, intro in intros.items():
        coach = ReadyCoachFactory(
            city=city,
            display_name=name,
            introduction=intro,
            available_evenings=True,
            available_weekends=name != "Marc",
            user__email=f"{name.lower()}@example.org",
            home_district=district,
        )
        spoken = ["tr", "nl"] if name == "Zeynep" else ["nl"]
        coach.languages.set([languages[code] for code in spoken])
        coaches[name] = coach
    return coaches
