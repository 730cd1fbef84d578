"""Word ``.docx``: every table of the document, merged cells read once; paragraphs as prose lines.

python-docx repeats a merged cell at every grid position it covers, so the
rows are read from the XML: a cell spanning columns (``w:gridSpan``) gives its
text at its first grid position and empty cells after it; a cell continuing a
vertical merge (``w:vMerge`` without ``restart``) is empty, so the row reads as
continuing the row above. A cell's paragraphs are kept on separate lines.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from ..errors import SourceError
from .rows import Row, Table, cell_row


def _open(path: Path, display: str):
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for broken packages
        raise SourceError(display, None, None, f"not a readable Word document: {exc} (nem olvasható Word fájl)") from None


def read_docx_tables(path: Path, display: str) -> list[Table]:
    document = _open(path, display)
    tables: list[Table] = []
    caption: list[str] = []
    number = 0
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = _para_text(block).strip()
            if text:
                caption.append(text)
        elif block.tag == qn("w:tbl"):
            t = Table(f"table {len(tables) + 1}", caption=caption)
            for r, cells in enumerate(_grid_rows(DocxTable(block, document)), 1):
                number += 1
                t.rows.append(cell_row(number, cells, f"table {len(tables) + 1} row {r}"))
            tables.append(t)
            caption = []
    return tables


def _grid_rows(table: DocxTable) -> list[list[str]]:
    """Each row as one text per grid column; a merged cell's text only at its first position."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells: list[str] = [""] * tr.grid_before
        for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
            span = tc.grid_span
            continues = tc.vMerge is not None and tc.vMerge != "restart"
            text = "" if continues else _cell_text(tc, table)
            cells.append(text)
            cells.extend([""] * (span - 1))
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _para_text(p) -> str:
    """A paragraph's text from its XML: every ``w:t`` (so text inside tracked insertions, hyperlinks and
    simple fields too; deleted text is ``w:delText`` and stays out), tabs and line breaks."""
    out = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            out.append(el.text or "")
        elif el.tag == _TAB:
            out.append("\t")
        elif el.get(_BR_TYPE) in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


_T, _TAB, _BR, _CR, _BR_TYPE = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:type")


def _cell_text(tc, parent) -> str:
    """The cell's paragraphs (nested tables included), one per line; a cell all in bold is marked
    ``<b>…</b>`` as in the text exports (a section heading; ``clean_cell`` strips the tags)."""
    paras = [Paragraph(p, parent) for p in tc.iter(qn("w:p"))]
    text = "\n".join(t for t in (_para_text(p._p).strip() for p in paras) if t)
    runs = [r for p in paras for r in p.runs if r.text.strip()]
    return f"<b>{text}</b>" if runs and all(r.bold for r in runs) else text


def read_docx_prose(path: Path, display: str) -> list[Row]:
    """The document as lines: one paragraph (or table row, tab-separated) after another, a blank
    line between paragraphs; a fully bold paragraph is marked ``**…**`` as in Markdown."""
    document = _open(path, display)
    rows: list[Row] = []
    para = table = 0

    def add(raw: str, place: str) -> None:
        rows.append(Row(len(rows) + 1, raw, None, place))

    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            p = Paragraph(block, document)
            text = _para_text(block)
            if not text.strip():
                continue
            para += 1
            bold = all(r.bold for r in p.runs if r.text.strip()) and any(r.text.strip() for r in p.runs)
            for k, line in enumerate(text.split("\n"), 1):
                if line.strip():
                    add(f"**{line.strip()}**" if bold else line, f"paragraph {para}" + (f" line {k}" if k > 1 else ""))
            add("", f"after paragraph {para}")
        elif block.tag == qn("w:tbl"):
            table += 1
            for r, cells in enumerate(_grid_rows(DocxTable(block, document)), 1):
                add("\t".join(c.replace("\n", " ") for c in cells), f"table {table} row {r}")
            add("", f"after table {table}")
    return rows
