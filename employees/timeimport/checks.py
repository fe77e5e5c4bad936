"""File-level refusals of an attendance export before it is read: formulas.

An attendance export holds values only. A cell that is a formula (=, +, @ or a dash
before a letter, which spreadsheet programs run when the file or a report built from it
is opened) means the file was edited or built to attack whoever opens it next: the
file is refused whole, naming the first such cell. An XLSX is also refused when its
sheets store any formula, whatever value it last showed.
"""

import io
import re
import zipfile

from django.utils.translation import gettext as _

from hrflow.core.tabular import Table

_FORMULA_START = re.compile(r"^(?:[=+@]|-[^\d\s.])")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_CHUNK = 1 << 20


def formula_refusal(table: Table) -> str:
    """The refusal of the first cell that reads as a formula, else ""."""
    for cells, number in [(table.header, 1), *((row.cells, row.number) for row in table.rows)]:
        for cell in cells:
            if _FORMULA_START.match(cell):
                return _(
                    "Row %(row)s holds a formula (%(cell)s); export the attendance again "
                    "as values only."
                ) % {"row": number, "cell": cell[:40]}
    return ""


def xlsx_formula_refusal(data: bytes) -> str:
    """Whether the workbook's sheets store formulas (an `<f>` element), read in chunks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                if not _SHEET.match(entry.filename):
                    continue
                with archive.open(entry) as sheet:
                    tail = b""
                    while chunk := sheet.read(_CHUNK):
                        window = tail + chunk
                        if b"<f>" in window or b"<f " in window:
                            return _(
                                "The workbook holds formulas; export the attendance again "
                                "as values only."
                            )
                        tail = window[-3:]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return ""  # not a workbook: the reader says so in its own words
    return ""
