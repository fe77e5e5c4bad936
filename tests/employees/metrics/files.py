"""Metric files as HR's spreadsheets write them: CSV (UTF-8, with a BOM, GB18030)
and XLSX."""

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

HEADER_ZH = ("工号", "姓名", "指标代码", "日期", "数值")
HEADER_EN = ("Employee number", "Metric", "Date", "Value")


def csv_bytes(rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(",".join(str(cell) for cell in row) for row in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def file_of(kind: str, rows: Sequence[Sequence[Any]]) -> tuple[str, bytes]:
    """(name, bytes) of `rows` written as `kind`: csv, csv-bom, gb18030 or xlsx."""
    if kind == "xlsx":
        return "kpi.xlsx", xlsx_bytes(rows)
    encoding = {"csv": "utf-8", "csv-bom": "utf-8-sig", "gb18030": "gb18030"}[kind]
    return "kpi.csv", csv_bytes(rows, encoding=encoding)
