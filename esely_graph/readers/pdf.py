"""Text PDFs (pdfplumber): ruled tables, joined over pages; text lines for prose.

A table that runs over pages is one table when the next page's first table has
the same columns (same count, same left edges within a few points); a blank row
marks where the page broke. Text wrapped inside a cell stays in that cell. A
PDF without a text layer is a scan: it needs OCR, and is refused saying so.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from ..errors import SourceError
from .rows import Row, Table, cell_row

_EDGE_TOLERANCE = 3.0  # points


def _open(path: Path, display: str):
    try:
        return pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises several kinds for broken files
        raise SourceError(display, None, None, f"not a readable PDF: {exc} (nem olvasható PDF)") from None


def _require_text(pdf, display: str) -> None:
    if not any(page.chars for page in pdf.pages):
        raise SourceError(display, 1, None,
                          "a scanned PDF: its pages are images with no text layer; run OCR on it first "
                          "(e.g. ocrmypdf) or use the Word original "
                          "(szkennelt PDF, nincs szövegréteg: előbb szövegfelismerés kell)")


def read_pdf_tables(path: Path, display: str) -> list[Table]:
    tables: list[Table] = []
    with _open(path, display) as pdf:
        _require_text(pdf, display)
        last_edges: tuple[float, ...] | None = None
        last_page = 0
        number = 0
        for p, page in enumerate(pdf.pages, 1):
            found = page.find_tables()
            above = 0.0
            for k, ft in enumerate(found):
                caption = _text_between(page, above, ft.bbox[1])
                above = ft.bbox[3]
                rows = ft.extract()
                edges = _left_edges(ft)
                joined = k == 0 and tables and last_page == p - 1 and _same_columns(edges, last_edges)
                if joined:
                    t = tables[-1]
                    number += 1
                    t.rows.append(Row(number, "", (), f"page {p} (page break)"))
                    t.name = t.name.split("–")[0] + f"–{p}"
                else:
                    t = Table(f"pages {p}", caption=caption)
                    tables.append(t)
                for r, cells in enumerate(rows, 1):
                    number += 1
                    t.rows.append(cell_row(number, [_cell(c) for c in cells], f"page {p} row {r}"))
                last_edges, last_page = edges, p
    return tables


def _text_between(page, top: float, bottom: float) -> list[str]:
    """The lines of text on the page between two heights (the title above a table)."""
    if bottom - top < 1:
        return []
    text = page.crop((0, top, page.width, bottom)).extract_text() or ""
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _cell(text: str | None) -> str:
    """A cell's text: lines wrapped by the PDF joined with spaces (a word split by a hyphen joined)."""
    if not text:
        return ""
    out = ""
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        if out.endswith("-") and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def _left_edges(ft) -> tuple[float, ...]:
    first = ft.rows[0].cells if ft.rows else []
    widest = max(ft.rows, key=lambda r: sum(1 for c in r.cells if c), default=None)
    cells = widest.cells if widest is not None else first
    return tuple(round(c[0], 1) for c in cells if c)


def _same_columns(a: tuple[float, ...], b: tuple[float, ...] | None) -> bool:
    return b is not None and len(a) == len(b) and all(abs(x - y) <= _EDGE_TOLERANCE for x, y in zip(a, b))


def read_pdf_prose(path: Path, display: str) -> list[Row]:
    """The PDF's text as lines, page after page; a blank line where the spacing shows a new paragraph
    (a paragraph running over a page break stays one)."""
    rows: list[Row] = []
    with _open(path, display) as pdf:
        _require_text(pdf, display)
        for p, page in enumerate(pdf.pages, 1):
            lines = page.extract_text_lines(keep_blank_chars=False)
            gaps = [b["top"] - a["bottom"] for a, b in zip(lines, lines[1:])]
            usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
            for k, line in enumerate(lines):
                if k and gaps[k - 1] > max(usual * 1.8, usual + 4):
                    rows.append(Row(len(rows) + 1, "", None, f"page {p}"))
                rows.append(Row(len(rows) + 1, line["text"], None, f"page {p} line {k + 1}"))
    return rows
