"""A regional view: a viewer of a region chooses the city, and every output follows it; nobody else can
reach another city's figures, by the form, the API or a cached page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from genk_village.models import Region
from monitoring.models import IndicatorSnapshot
from monitoring.warming import dashboard_warm
from tests.genk_village.factories import UserFactory
from tests.monitoring.conftest import HASSELT_REFERRED

pytestmark = pytest.mark.django_db


def referred(board) -> float:
    return board.rows["reach.referred"].figure.value


def test_a_viewer_of_the_region_chooses_the_city_and_every_figure_follows(client, limburg):
    client.force_login(limburg["viewer"])

    own = client.get("/monitoring/")
    other = client.get("/monitoring/", {"city": limburg["hasselt"].pk, "period": "365"})

    assert referred(own.context["board"]) == 9 and "Indicators: Genk, whole city" in own.content.decode()
    board = other.context["board"]
    assert board.city_name == "Hasselt" and referred(board) == HASSELT_REFERRED
    assert [d.name for d in board.districts] == ["Kiewit"]  # the tiles and the district table
    page = other.content.decode()
    assert "Indicators: Hasselt, whole city" in page and "Winterslag" not in page
    # the switch lists the region's cities, the chosen one selected; the filters keep the city
    assert other.context["switch"].initial == {"city": limburg["hasselt"].pk, "period": "365"}
    assert [name for _pk, name in other.context["switch"].fields["city"].choices] == ["Genk", "Hasselt"]
    assert f'<input type="hidden" name="city" value="{limburg["hasselt"].pk}">' in page
    assert f"city={limburg['hasselt'].pk}" in page  # the report and export links


def test_a_district_of_the_chosen_city(client, limburg):
    client.force_login(limburg["viewer"])
    hasselt, kiewit = limburg["hasselt"], limburg["kiewit"]

    district = client.get("/monitoring/", {"city": hasselt.pk, "district": kiewit.pk}).context["board"]
    # a district of Genk under Hasselt is refused: the page falls back to the viewer's own city
    mixed = client.get("/monitoring/", {"city": hasselt.pk, "district": limburg["west"].pk}).context["board"]

    assert district.district == kiewit and referred(district) == HASSELT_REFERRED
    assert mixed.city_name == "Genk" and mixed.district is None
    assert [d.name for d in mixed.districts] == ["Waterschei", "Winterslag"]
    # any refused value falls back the same way, also before Hasselt's districts were read
    bogus = client.get("/monitoring/", {"city": hasselt.pk, "period": "7"})
    assert bogus.status_code == 200 and "Indicators: Genk, whole city" in bogus.content.decode()
    assert bogus.context["switch"].initial["city"] == limburg["city"].pk  # the switch says the same


def test_the_report_exports_and_api_follow_the_city(client, limburg):
    client.force_login(limburg["viewer"])
    query = {"city": limburg["hasselt"].pk}

    report = client.get(reverse("monitoring:report"), query)
    csv_answer = client.get(reverse("monitoring:export_csv"), query)
    xlsx_answer = client.get(reverse("monitoring:export_xlsx"), query)
    api = client.get("/api/v1/indicators/", query).json()

    assert report.context["city"].name == "Hasselt" and report.context["board"].city_name == "Hasselt"
    assert "hasselt" in csv_answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(csv_answer.content.decode("utf-8-sig")), delimiter=";"))
    assert "Hasselt" in rows[0][0]
    assert "Hasselt" in load_workbook(io.BytesIO(xlsx_answer.content)).active["A1"].value
    assert api["scope"]["city"] == "Hasselt"
    by_code = {item["code"]: item for item in api["indicators"]}
    assert by_code["reach.referred"]["value"] == HASSELT_REFERRED


def test_a_city_outside_the_region_is_never_shown(client, limburg):
    client.force_login(limburg["viewer"])
    brugge = limburg["brugge"].pk

    page = client.get("/monitoring/", {"city": brugge})
    api = client.get("/api/v1/indicators/", {"city": brugge})
    export = client.get(reverse("monitoring:export_csv"), {"city": brugge})

    assert page.context["board"].city_name == "Genk"
    assert api.status_code == 400 and "Brugge" not in api.content.decode()
    assert "brugge" not in export["Content-Disposition"] and "genk" in export["Content-Disposition"]


def test_a_steering_member_without_a_region_sees_only_their_city(client, limburg, steering):
    client.force_login(steering)
    hasselt = limburg["hasselt"].pk

    page = client.get("/monitoring/", {"city": hasselt})

    assert page.context["board"].city_name == "Genk" and page.context["switch"] is None
    assert client.get("/api/v1/indicators/", {"city": hasselt}).status_code == 400
    assert client.get(reverse("monitoring:report"), {"city": hasselt}).context["city"].name == "Genk"


def test_a_cached_page_is_shared_but_the_switch_is_the_viewers_own(client, limburg, steering):
    """The body cached for Genk is the same for everyone of Genk; only a viewer of the region gets the
    choice of city, outside it."""
    dashboard_warm(city=limburg["city"])
    client.force_login(steering)
    alone = client.get("/monitoring/").content.decode()
    client.force_login(limburg["viewer"])
    regional = client.get("/monitoring/").content.decode()

    assert "Show this city" not in alone and "Show this city" in regional
    body = alone[alone.index("<h1>") : alone.index("</main>")]
    assert body in regional


def test_the_city_of_a_regional_viewer_only_is_warmed(limburg):
    """Hasselt has no steering member of its own: its dashboards are warmed for the region's viewer."""
    assert dashboard_warm(city=limburg["hasselt"]) == 5 * 2 * 3  # languages, city and Kiewit, periods
    assert dashboard_warm(city=limburg["brugge"]) == 0  # nobody may look at Brugge


def test_snapshots_visible_to_a_viewer_are_those_of_their_region(limburg, steering):
    regional = set(
        IndicatorSnapshot.objects.visible_to(limburg["viewer"]).values_list("city__name", flat=True)
    )
    alone = set(IndicatorSnapshot.objects.visible_to(steering).values_list("city__name", flat=True))

    assert regional == {"Genk", "Hasselt"} and alone == {"Genk"}


def test_only_a_superuser_gives_someone_a_region(client, limburg, coordinator):
    """A coordinator of Genk may not widen anyone's view to other cities, nor read the regions."""
    client.force_login(coordinator)
    supporter = UserFactory(city=limburg["city"], is_supporter=True)

    change = client.get(reverse("admin:genk_village_user_change", args=[supporter.pk]))

    assert change.status_code == 200 and "region" not in change.context["adminform"].form.fields
    regions = client.get(reverse("admin:genk_village_region_changelist"))
    # their own city's region by name, never the other cities in it
    assert regions.status_code == 200 and "Limburg" in regions.content.decode()
    assert "Hasselt" not in regions.content.decode()
    assert client.get(reverse("admin:genk_village_region_add")).status_code == 403
    city_form = client.get(reverse("admin:genk_village_city_change", args=[limburg["city"].pk]))
    assert "region" not in city_form.context["adminform"].form.fields


def test_a_superuser_sets_the_region_of_a_person(admin_client, limburg, steering):
    page = admin_client.get(reverse("admin:genk_village_user_change", args=[steering.pk]))

    assert "region" in page.context["adminform"].form.fields
    regions = admin_client.get(reverse("admin:genk_village_region_changelist")).content.decode()
    assert "Genk, Hasselt" in regions


def test_a_region_is_visible_to_its_cities_coordinators_and_its_viewers(limburg, coordinator):
    brugge_coordinator = UserFactory(city=limburg["brugge"], is_coordinator=True)

    assert list(Region.objects.visible_to(coordinator)) == [limburg["region"]]
    assert list(Region.objects.visible_to(limburg["viewer"])) == [limburg["region"]]
    assert not Region.objects.visible_to(brugge_coordinator).exists()
