"""The indicator table of a period as CSV or XLSX: released figures only, the same as on the page."""

from django.utils import timezone
from django.utils.translation import gettext as _

from genk_village import exports

from .disclosure import Figure, too_few_text

# How each kind of figure reads in a spreadsheet cell: a share as a percentage, hours with one decimal.
EXCEL_FORMATS = {"count": "0", "sum": "0", "rate": "0%", "hours": "0.0"}


def _header() -> list[str]:
    return [
        _("Group"), _("Code"), _("Indicator"), _("Period"), _("At the start"), _("At the end"), _("Target"),
        _("Note"), _("Definition"),
    ]  # fmt: skip


def scope_row(board, start) -> list:
    """What the figures cover and when they were made: the second row of every export."""
    made_at = timezone.localtime(board.made_at) if board.made_at else None
    return [
        _("City"), board.city_name, _("District"), board.district.name if board.district else _("Whole city"),
        _("Period"), str(board.period_label), _("From"), start.day if start else None, _("To"), board.day,
        _("Made at"), made_at,
    ]  # fmt: skip


def _note(line) -> str:
    notes = []
    if line.end.suppressed:
        notes.append(too_few_text())
    if line.end.unstable:
        notes.append(_("unstable: small base"))
    return "; ".join(notes)


def _cell(figure: Figure | None, kind: str):
    """A released number is a number; a hidden one keeps its text ("< 5" for a count, "too few to show"
    for anything else), so no cell can show it."""
    if figure is None:
        return "–"
    if figure.value is None:
        return figure.display
    if kind in {"count", "sum"}:
        return round(figure.value)
    return exports.Formatted(figure.value, figure.display, EXCEL_FORMATS[kind])


def _rows(lines) -> list[list]:
    return [
        [
            line.group, line.indicator.code, str(line.indicator.label), str(line.indicator.period),
            _cell(line.start, line.indicator.kind), _cell(line.end, line.indicator.kind), line.target,
            _note(line), str(line.indicator.definition),
        ]
        for line in lines
    ]  # fmt: skip


def as_csv(lines, *, title: str, scope: list) -> str:
    return exports.csv_text([[title], scope, _header(), *_rows(lines)])


def as_xlsx(lines, *, title: str, scope: list) -> bytes:
    return exports.xlsx_bytes(
        [[title], scope, _header(), *_rows(lines)],
        sheet_title=_("Indicators"),
        bold_rows=3,
        widths=[14, 34, 40, 30, 14, 14, 10, 28, 80],
    )
