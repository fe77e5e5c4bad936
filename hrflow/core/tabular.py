"""Read an uploaded table (CSV or XLSX) into rows of text, safely.

For every import HR sends as a spreadsheet (metric values now, attendance
later). The threats are files that are not what their name says, text in an
encoding Python guesses wrong, and files built to exhaust the server: a zip
bomb (an XLSX is a zip), millions of rows, a field megabytes long. Each is
refused as a `TableError` naming what is wrong; nothing here raises anything
else for a file a client sent.

Encodings: UTF-8 with or without a byte-order mark, and GB18030 (a superset
of GBK and GB2312), which Chinese Excel writes when saving "CSV". UTF-8 is
tried first: a GB18030 text of Chinese characters is almost never valid
UTF-8, while nearly any byte string decodes as GB18030.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from hrflow.core.errors import ApplicationError
from hrflow.core.xlsx_extent import SheetUnreadable, first_sheet_extent

MiB = 1024 * 1024
MAX_TABLE_BYTES = 20 * MiB
MAX_TABLE_ROWS = 200_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 1_000
# An XLSX of 20 MB holds its sheet compressed about ten times; more than this once
# unzipped is a file made to fill the memory, not a spreadsheet of values.
MAX_UNZIPPED_BYTES = 400 * MiB

ACCEPT = ".csv,.xlsx"
_XLSX_MAGIC = b"PK\x03\x04"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class TableError(ApplicationError):
    """The file as a whole cannot be read (its rows are never looked at)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extra={"field": "file"})


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[Row]  # blank rows left out


def table_read(
    *,
    name: str,
    data: bytes,
    max_bytes: int = MAX_TABLE_BYTES,
    max_rows: int = MAX_TABLE_ROWS,
) -> Table:
    """Read the first sheet of an XLSX or a CSV file: a header row, then data rows.

    Cells are stripped text (numbers as they read, dates as YYYY-MM-DD).
    Refuses an empty or oversized file, an unknown kind, an unreadable encoding,
    more than `max_rows` data rows, more than MAX_COLUMNS columns or a cell
    longer than MAX_CELL_CHARS.
    """
    if not data:
        raise TableError(_("The file is empty."))
    if len(data) > max_bytes:
        raise TableError(_("The file is larger than %(mb)d MB.") % {"mb": max_bytes // MiB})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx":
        lines = _xlsx_lines(data, max_rows)
    elif extension == "csv":
        lines = _csv_lines(data)
    else:
        raise TableError(_("Upload a CSV or XLSX file (an .xls file: save it as .xlsx first)."))
    return _table(lines, max_rows)


def _table(lines: Iterator[list[str]], max_rows: int) -> Table:
    header: tuple[str, ...] | None = None
    rows: list[Row] = []
    for number, cells in enumerate(lines, start=1):
        # Blank rows are skipped but still read: a file of a million of them is
        # refused like one of a million values.
        if number > 2 * max_rows + 1:
            raise TableError(
                _("The file has more than %(most)s rows; split it.") % {"most": max_rows}
            )
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise TableError(
                _("Row %(row)s has more than %(most)s columns.")
                % {"row": number, "most": MAX_COLUMNS}
            )
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise TableError(
                _("Row %(row)s holds a cell longer than %(most)s characters.")
                % {"row": number, "most": MAX_CELL_CHARS}
            )
        stripped = tuple(cell.strip() for cell in cells)
        if not any(stripped):
            continue
        if header is None:
            header = stripped
            continue
        if len(rows) == max_rows:
            raise TableError(
                _("The file has more than %(most)s rows; split it.") % {"most": max_rows}
            )
        rows.append(Row(number, stripped))
    if header is None:
        raise TableError(_("The file has no header row."))
    return Table(header, rows)


def _csv_lines(data: bytes) -> Iterator[list[str]]:
    text = _decoded(data)
    if "\x00" in text:
        raise TableError(_("The file holds a NUL character: it is not a text CSV file."))
    first_line = text.split("\n", 1)[0]
    # Excel writes commas; "Unicode text" and some exports write tabs.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _csv_guarded(reader)


def _csv_guarded(reader: Iterable[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as error:  # a field past csv's size limit, a stray quote at the end
        raise TableError(_("The CSV file cannot be read: %(reason)s") % {"reason": error}) from None


def _decoded(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        raise TableError(_("The file is UTF-16 text; save it as CSV (UTF-8) or XLSX."))
    if data.startswith(_UTF8_BOM):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file's text is neither UTF-8 nor GB18030; save it as CSV (UTF-8)."))


def _xlsx_lines(data: bytes, max_rows: int) -> Iterator[list[str]]:
    if not data.startswith(_XLSX_MAGIC):
        raise TableError(_("The file is not an XLSX workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(entry.file_size for entry in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                raise TableError(_("The workbook is too large once unpacked."))
            extent = first_sheet_extent(archive)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise TableError(_("The file is not an XLSX workbook.")) from None
    except SheetUnreadable:
        raise TableError(_("The XLSX workbook cannot be read; save it again in Excel.")) from None
    # Refused before the reader lays the sheet out (see xlsx_extent), with the words
    # _table would use for the same rows read one by one.
    if extent.rows > 2 * max_rows + 1:
        raise TableError(_("The file has more than %(most)s rows; split it.") % {"most": max_rows})
    if extent.columns > MAX_COLUMNS:
        raise TableError(
            _("Row %(row)s has more than %(most)s columns.")
            % {"row": extent.widest_row, "most": MAX_COLUMNS}
        )
    return _xlsx_rows(data)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    # python-calamine (Rust's calamine) reads a sheet about ten times faster than
    # openpyxl's read-only mode: 100,000 metric values in well under the import's
    # 10 s budget, where openpyxl alone took 15 s. Its XML reader expands no
    # entities, and the unpacked size was checked above. Imported here: only the
    # import pages need it.
    from python_calamine import CalamineWorkbook

    # A damaged workbook raises calamine's own errors (zip, XML, a missing part)
    # or a ValueError for a bad cell: all mean the same to the person who sent it.
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # see above
        raise TableError(_("The XLSX workbook cannot be read; save it again in Excel.")) from None
    try:
        if not workbook.sheet_names:
            raise TableError(_("The workbook has no sheet."))
        sheet = workbook.get_sheet_by_index(0)
        # skip_empty_area=False keeps the sheet anchored at A1, so row numbers and
        # columns are the ones the person sees even when the first rows are empty.
        for values in sheet.to_python(skip_empty_area=False):
            yield [_cell_text(value) for value in values]
    except TableError:
        raise
    except Exception:  # a damaged sheet part
        raise TableError(_("The XLSX workbook cannot be read; save it again in Excel.")) from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as the person sees it: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # 15 significant digits, as Excel shows them: 0.1 + 0.2 reads 0.3.
        return format(value, ".15g")
    return str(value)
