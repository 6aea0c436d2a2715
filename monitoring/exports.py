"""The indicator table of a period as CSV or XLSX: released figures only, the same as on the page."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .disclosure import hidden_text


def _header() -> list[str]:
    return [
        _("Group"), _("Code"), _("Indicator"), _("Period"), _("At the start"), _("At the end"), _("Target"),
        _("Note"), _("Definition"),
    ]  # fmt: skip


def _note(line) -> str:
    notes = []
    if line.end.suppressed:
        notes.append(_("%(hidden)s: too few to show") % {"hidden": hidden_text()})
    if line.end.unstable:
        notes.append(_("unstable: small base"))
    return "; ".join(notes)


def _rows(lines) -> list[list[str]]:
    return [
        [
            line.group, line.indicator.code, str(line.indicator.label), str(line.indicator.period),
            line.start.display if line.start else "–", line.end.display,
            "" if line.target is None else str(line.target), _note(line), str(line.indicator.definition),
        ]
        for line in lines
    ]  # fmt: skip


def as_csv(lines) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    writer.writerows(_rows(lines))
    return buffer.getvalue()


def as_xlsx(lines, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicators")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(_header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    # Displayed text, not numbers: a hidden figure must stay "< 5" in every cell a spreadsheet can show.
    for row in _rows(lines):
        sheet.append(row)
    for column, width in zip("ABCDEFGHI", [14, 34, 40, 30, 14, 14, 10, 28, 80], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
