"""The dashboard's exports: released figures as numbers, hidden ones as text, the scope in a header row,
and a CSV that Belgian Excel opens as it is."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring import exports
from monitoring.disclosure import Figure
from monitoring.indicators import REGISTRY
from monitoring.selectors import TableLine
from monitoring.services import snapshot_range
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshots(genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=31), last=DAY)
    return genk


def test_the_dashboard_xlsx_holds_released_figures_as_number_cells_and_hidden_ones_as_text(
    client, steering, snapshots
):
    client.force_login(steering)

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("monitoring:export_xlsx"), {"period": "30"}).content)
    ).active

    by_code = {row[1].value: row for row in sheet.iter_rows(min_row=4)}
    assert by_code["reach.referred"][5].value == 9 and by_code["reach.referred"][5].data_type == "n"
    assert by_code["reach.referred"][4].value == 9 and by_code["reach.referred"][4].data_type == "n"
    assert by_code["reach.matched"][5].value == "< 5" and by_code["reach.matched"][5].data_type == "s"
    # a share is not a count: hidden, it says so in words
    assert by_code["match_health.contact_30d"][5].value == "too few to show"
    assert sheet["A1"].font.bold and sheet["A3"].font.bold
    scope = [cell.value for cell in sheet[2]]
    assert scope[:6] == ["City", "Genk", "District", "Whole city", "Period", "last 30 days"]
    # spreadsheets hold no time zones: dates are written as local wall times
    assert (scope[7].date(), scope[9].date()) == (datetime.date(2026, 5, 31), DAY)
    assert isinstance(scope[11], datetime.datetime)


def test_the_dashboard_csv_has_the_byte_order_mark_semicolons_and_the_district_it_covers(
    client, steering, snapshots
):
    client.force_login(steering)

    content = client.get(
        reverse("monitoring:export_csv"), {"period": "90", "district": snapshots["north"].pk}
    ).content.decode("utf-8")

    assert content.startswith("\ufeffGenk Village indicators – Waterschei")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][:6] == ["City", "Genk", "District", "Waterschei", "Period", "last 90 days"]
    assert rows[1][9] == "2026-06-30"
    assert rows[2][:3] == ["Group", "Code", "Indicator"]
    by_code = {row[1]: row for row in rows[3:]}
    assert "coaches.recruited" not in by_code  # a district view holds the district's figures only
    assert by_code["reach.referred"][5] == "< 5"


def test_csv_numbers_are_plain_without_thousands_separators(settings):
    settings.LANGUAGE_CODE = "nl"
    line = TableLine(
        REGISTRY["challenges.posted"], "Challenges", Figure(1_000_000, "1.000.000"),
        Figure(1_234_567, "1.234.567"), None,
    )  # fmt: skip

    rows = list(csv.reader(io.StringIO(exports.as_csv([line], title="t", scope=[])[1:]), delimiter=";"))

    assert rows[-1][4:6] == ["1000000", "1234567"]
