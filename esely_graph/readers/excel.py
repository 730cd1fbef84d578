"""Excel ``.xlsx`` (openpyxl, read-only): every sheet a table, numbers and dates kept as values.

A merged range keeps its value in its top-left cell only (the others read
empty), so a section row merged across the sheet reads as one cell and a
vertically merged cell reads as continuing the row above. A cell's text form is
what a clerk sees: a whole number without ``.0``, a date in the cell's own
``yyyy.mm.dd.`` style, a bold text marked ``<b>…</b>`` as in the text exports (a
section heading); the typed value is kept beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook

from ..errors import SourceError
from .rows import Table, cell_row

_DATE_TOKENS = [("yyyy", "%Y"), ("yy", "%y"), ("mmmm", "%B"), ("mm", "%m"), ("m", "%m"), ("dd", "%d"), ("d", "%d")]


def read_xlsx_tables(path: Path, display: str) -> list[Table]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for broken packages
        raise SourceError(display, None, None, f"not a readable Excel workbook: {exc} (nem olvasható Excel fájl)") from None
    tables = []
    try:
        for ws in wb.worksheets:
            name = f"sheet '{ws.title}'"
            t = Table(name)
            ws.reset_dimensions()  # some writers record a wrong used range (A1); read every stored row
            for r, row in enumerate(ws.iter_rows(), 1):
                texts = [_text(c) for c in row]
                values = [_value(c) for c in row]
                while texts and not texts[-1]:
                    texts.pop()
                    values.pop()
                t.rows.append(cell_row(r, texts, f"{name} row {r}", values))
            tables.append(t)
    finally:
        wb.close()
    return tables


def _value(cell) -> object | None:
    v = getattr(cell, "value", None)
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    return v if isinstance(v, (int, float, dt.date, dt.datetime)) and not isinstance(v, bool) else None


def _text(cell) -> str:
    v = getattr(cell, "value", None)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "igaz" if v else "hamis"
    if isinstance(v, (dt.datetime, dt.date)):
        return _date_text(v, getattr(cell, "number_format", "") or "")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)):
        return str(v)
    text = str(v).replace("\r\n", "\n").replace("_x000D_", "").strip()
    font = getattr(cell, "font", None)
    return f"<b>{text}</b>" if text and font is not None and font.b else text  # a section heading


def _date_text(v: dt.date, number_format: str) -> str:
    """A date as its cell format shows it (``yyyy.mm.dd.``), ISO when the format is not a plain date."""
    fmt = re.sub(r"\[[^\]]*\]|\\|\"", "", number_format).lower()
    if not re.fullmatch(r"[ymd.\-/ ]+", fmt) or "y" not in fmt:
        return v.isoformat() if not isinstance(v, dt.datetime) else v.isoformat(sep=" ")
    out = ""
    i = 0
    while i < len(fmt):
        for token, code in _DATE_TOKENS:
            if fmt.startswith(token, i):
                out += code
                i += len(token)
                break
        else:
            out += fmt[i]
            i += 1
    return v.strftime(out)
