"""The one writer of every CSV and XLSX the site hands out: the back office's and the dashboard's.

Text from people (a supporter's display name, a challenge title) may start like a formula; a spreadsheet
would run `=HYPERLINK(...)` and send the cells next to it anywhere. Every text cell that starts with one of
FORMULA_STARTS gets a leading apostrophe. Numbers and dates stay numbers and dates. The CSV is what a
Belgian Excel opens directly: UTF-8 with a byte-order mark, semicolons, no thousands separators.
"""

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_DELIMITER = ";"  # Excel in a Belgian locale splits on semicolons; the comma is its decimal mark


@dataclass(frozen=True)
class Formatted:
    """A number with the text a reader knows it by: a number cell formatted `excel_format` in XLSX,
    `text` in CSV ("45 %" is clearer there than 0,45)."""

    value: float
    text: str
    excel_format: str = "General"


def neutralise(value):
    """Text a spreadsheet would evaluate is made plain text; everything else is left as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _local(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets hold no time zones: an aware time is written as the local wall time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Formatted):
        return neutralise(value.text)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | decimal.Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def csv_text(rows: Iterable[Sequence]) -> str:
    """The rows (headers first) as CSV text, starting with the byte-order mark."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def _xlsx_value(value):
    if value is None or isinstance(
        value, bool | int | float | decimal.Decimal | datetime.date | datetime.time
    ):
        return _local(value) if isinstance(value, datetime.datetime) else value
    return neutralise(str(value))


def xlsx_bytes(
    rows: Iterable[Sequence], *, sheet_title: str, bold_rows: int = 1, widths: Sequence[int] = ()
) -> bytes:
    """The rows as one sheet of a workbook, written as a stream; the first `bold_rows` rows in bold."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title)[:31])  # Excel's limit for a sheet name
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(
                sheet, value=_xlsx_value(value.value if isinstance(value, Formatted) else value)
            )
            if isinstance(value, Formatted):
                cell.number_format = value.excel_format
            if number < bold_rows:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
