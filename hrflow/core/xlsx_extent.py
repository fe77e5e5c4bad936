"""How far the first sheet of an XLSX reaches, measured before anything reads it.

The sheet reader (python-calamine) lays a sheet out as a dense grid from A1 to its
furthest cell before any row can be looked at: a workbook of a few kilobytes with
one cell in A1 and one in XFD1048576 asks for hundreds of gigabytes and aborts the
process (a Rust allocation failure cannot be caught). So the sheet's XML is
streamed here first, unzipped chunk by chunk, and every row and cell reference
(or position, where a cell carries none) is followed to find the furthest row and
column; the caller refuses the file before the reader sees it.
"""

import re
import zipfile
from dataclasses import dataclass
from posixpath import dirname, join, normpath

from defusedxml import ElementTree

_CHUNK = 1024 * 1024
# No tag or text between two tags runs this long in a spreadsheet's sheet (a cell
# holds at most 32,767 characters, a few times that once escaped).
_LONGEST_RUN = 4 * 1024 * 1024
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_STRICT_MAIN = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_RELATIONSHIP_ID = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
# A row or cell start tag, with or without a namespace prefix ("<x:c ...>").
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>")
_ROW_REF = re.compile(rb'\br\s*=\s*["\'](\d{1,12})["\']')
_CELL_REF = re.compile(rb'\br\s*=\s*["\']([A-Za-z]{1,8})(\d{1,12})["\']')


class SheetUnreadable(Exception):
    """The workbook's structure cannot be followed to its first sheet."""


@dataclass(frozen=True)
class Extent:
    rows: int  # the furthest row number (1-based; 0 for an empty sheet)
    columns: int  # the furthest column number
    widest_row: int  # the row where the furthest column is


def first_sheet_extent(archive: zipfile.ZipFile) -> Extent:
    """The extent of the workbook's first sheet (the one the reader takes)."""
    return _extent(archive, _first_sheet_part(archive))


def _first_sheet_part(archive: zipfile.ZipFile) -> str:
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # missing part, bad XML, entities (defusedxml refuses them)
        raise SheetUnreadable from None
    sheet = next(
        (e for e in workbook.iter() if e.tag in (f"{_MAIN}sheet", f"{_STRICT_MAIN}sheet")), None
    )
    if sheet is None:
        raise SheetUnreadable
    wanted = next((sheet.get(key) for key in _RELATIONSHIP_ID if sheet.get(key)), None)
    target = next(
        (r.get("Target") for r in relations.iter() if r.get("Id") == wanted and wanted), None
    )
    if not target:
        raise SheetUnreadable
    # Targets are relative to xl/ unless absolute ("/xl/worksheets/sheet1.xml").
    part = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    if part not in archive.namelist() or dirname(part).startswith(".."):
        raise SheetUnreadable
    return part


def _extent(archive: zipfile.ZipFile, part: str) -> Extent:
    rows = columns = widest_row = 0
    row = column = 0
    tail = b""
    with archive.open(part) as sheet:
        while chunk := sheet.read(_CHUNK):
            text = tail + chunk
            # Only whole tags: up to the last ">", the rest waits for the next chunk.
            end = text.rfind(b">") + 1
            tail = text[end:]
            if len(tail) > _LONGEST_RUN:
                raise SheetUnreadable
            for match in _TAG.finditer(text, 0, end):
                attributes = match.group(2)
                if match.group(1) == b"row":
                    found = _ROW_REF.search(attributes)
                    row = int(found.group(1)) if found else row + 1
                    column = 0
                    continue
                cell = _CELL_REF.search(attributes)
                if cell:
                    column, row = _column_number(cell.group(1)), max(row, int(cell.group(2)))
                else:
                    column += 1
                # An empty cell (<c r="AX9" s="3"/>: formatting only) takes no room:
                # the reader lays out the cells that hold something.
                if attributes.rstrip().endswith(b"/"):
                    continue
                rows = max(rows, row)
                if column > columns:
                    columns, widest_row = column, row
    return Extent(rows, columns, widest_row)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number
