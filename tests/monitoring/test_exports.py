"""The dashboard's exports: released figures as numbers, hidden ones as text, a CSV for Belgian Excel."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.services import snapshot_range
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


def test_the_dashboard_xlsx_holds_released_figures_as_number_cells_and_hidden_ones_as_text(
    client, steering, genk
):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=2), last=DAY)
    client.force_login(steering)

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("monitoring:export_xlsx"), {"period": "30"}).content)
    ).active

    by_code = {row[1].value: row for row in sheet.iter_rows(min_row=3)}
    assert by_code["reach.referred"][5].value == 9 and by_code["reach.referred"][5].data_type == "n"
    assert by_code["reach.matched"][5].value == "< 5" and by_code["reach.matched"][5].data_type == "s"
    assert sheet["A1"].font.bold and sheet["A2"].font.bold


def test_the_dashboard_csv_starts_with_the_byte_order_mark_and_uses_semicolons(client, steering, genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=2), last=DAY)
    client.force_login(steering)

    content = client.get(reverse("monitoring:export_csv"), {"period": "30"}).content.decode("utf-8")

    assert content.startswith("\ufeffGroup;Code;Indicator;")
