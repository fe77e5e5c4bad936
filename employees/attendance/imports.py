"""Importing an attendance export (CSV or XLSX) of DingTalk, WeCom or Feishu: the file is
read safely (`hrflow.core.tabular`), its vendor recognised by its header, each row
turned into punches (a cell may hold several times, as WeCom's daily sheet does) and
stored through `punches_record`, so a file imported twice stores its punches once.

The report says what happened to every row: read, stored, already there, skipped (a
row of "no punch"), refused with the spreadsheet's row number and the reason.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from django.db import transaction
from django.utils.translation import gettext as _

from employees.attendance.punches import PunchInput, punches_record
from employees.attendance.vendors import LAYOUTS, VendorLayout, layout_detect
from employees.models import PunchSource
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.core.tabular import Row, table_read
from hrflow.org.selectors import company_current

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?")


@dataclass
class ImportReport:
    vendor: str
    rows_read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)


@transaction.atomic
def attendance_import(
    *, name: str, data: bytes, actor: User | None, override_reason: str = ""
) -> ImportReport:
    """Read, check and store an attendance export; refuses the whole file only when it
    cannot be read or is no known layout or lacks a needed column."""
    table = table_read(name=name, data=data)
    layout = layout_detect(table.header)
    if layout is None:
        raise ApplicationError(
            _("This is not an attendance export hrflow knows (%(vendors)s): no column names it.")
            % {"vendors": ", ".join(known.name for known in LAYOUTS)},
            extra={"field": "file"},
        )
    missing = [column for column in layout.required if column not in table.header]
    if missing:
        raise ApplicationError(
            _("The %(vendor)s file is missing the column %(columns)s.")
            % {"vendor": layout.name, "columns": "、".join(missing)},
            extra={"field": "file"},
        )
    report = ImportReport(vendor=layout.code, rows_read=len(table.rows))
    zone = company_current().zone
    punches: list[PunchInput] = []
    row_numbers: list[int] = []
    for row in table.rows:
        found, problem = _row_punches(row, table.header, layout, zone)
        if problem:
            report.refused.append((row.number, problem))
        elif not found:
            report.skipped += 1
        for punch in found:
            punches.append(punch)
            row_numbers.append(row.number)
    result = punches_record(
        rows=punches, source=PunchSource.IMPORT, actor=actor, override_reason=override_reason
    )
    report.stored, report.duplicates = result.created, result.duplicates
    refused_rows: dict[int, str] = {}
    for index, reason in result.refused:
        refused_rows.setdefault(row_numbers[index], reason)
    report.refused = sorted([*report.refused, *refused_rows.items()])
    audit_record(
        actor=actor,
        action="attendance.imported",
        changes={
            "file": [None, name[:200]],
            "vendor": [None, layout.code],
            "stored": [None, report.stored],
            "duplicates": [None, report.duplicates],
            "refused": [None, len(report.refused)],
        },
    )
    return report


def _row_punches(
    row: Row, header: tuple[str, ...], layout: VendorLayout, zone: tzinfo
) -> tuple[list[PunchInput], str]:
    cells = dict(zip(header, row.cells, strict=False))
    if layout.result and cells.get(layout.result, "") in layout.no_punch:
        return [], ""
    for column in layout.required:
        if not cells.get(column, ""):
            return [], _("The column %(column)s is empty.") % {"column": column}
    number, day_text, time_text = (cells[column] for column in layout.required)
    day = _day(day_text)
    if day is None:
        return [], _("Bad date %(value)s.") % {"value": day_text}
    times = _TIME.findall(time_text)
    if not times:
        return [], _("Bad time %(value)s.") % {"value": time_text}
    on = _day(time_text) or day
    found = []
    for hours, minutes, seconds in times:
        try:
            clock = time(int(hours), int(minutes), int(seconds or 0))
        except ValueError:
            return [], _("Bad time %(value)s.") % {"value": time_text}
        found.append(
            PunchInput(
                employee_number=number,
                at=datetime.combine(on, clock, tzinfo=zone),
                device=_device(layout, cells.get(layout.device, "") if layout.device else ""),
            )
        )
    return found, ""


def _day(text: str) -> date | None:
    match = _DATE.search(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _device(layout: VendorLayout, device: str) -> str:
    # The vendor is part of the device: the same minute from two systems is two punches.
    return f"{layout.code}:{device}"[:80] if device else layout.code
