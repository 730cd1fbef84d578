"""Readers: a source file, whatever its format, as numbered rows with places.

The format is told by the file's content (magic bytes), never its extension:
``PK`` + ``[Content_Types].xml`` with ``word/`` -> Word, with ``xl/`` -> Excel,
``%PDF-`` -> PDF, anything else -> text (CSV/TSV/Markdown/plain).

``read_tables`` gives every table of a document (a text file is one table);
the importer picks the one whose header maps best. ``read_prose`` gives lines
for the resolution and proposal importers.
"""

from __future__ import annotations

from pathlib import Path

from .rows import Row, Source, Table
from .sniff import DOCX, PDF, TEXT, XLSX, sniff_format

__all__ = ["Row", "Source", "Table", "read_tables", "read_prose", "sniff_format"]


def read_tables(path: Path, display: str, encoding: str | None = None) -> Source:
    """Every table of the file. ``encoding`` (from the manifest) overrides detection for text files only."""
    fmt = sniff_format(path, display)
    if fmt == DOCX:
        from .word import read_docx_tables

        return Source(fmt, read_docx_tables(path, display))
    if fmt == XLSX:
        from .excel import read_xlsx_tables

        return Source(fmt, read_xlsx_tables(path, display))
    if fmt == PDF:
        from .pdf import read_pdf_tables

        return Source(fmt, read_pdf_tables(path, display))
    from .text import decode, read_table_text

    text, used = decode(path.read_bytes(), display, encoding)
    return Source(TEXT, [read_table_text(text, display)], used)


def read_prose(path: Path, display: str, encoding: str | None = None) -> Source:
    """The document's lines as one table of one-cell rows (``Row.raw`` is the line)."""
    fmt = sniff_format(path, display)
    if fmt == DOCX:
        from .word import read_docx_prose

        return Source(fmt, [Table("document", read_docx_prose(path, display))])
    if fmt == PDF:
        from .pdf import read_pdf_prose

        return Source(fmt, [Table("document", read_pdf_prose(path, display))])
    if fmt == XLSX:
        from .excel import read_xlsx_tables

        tables = read_xlsx_tables(path, display)
        rows = [Row(r.number, "\t".join(r.cells), None, r.place) for t in tables for r in t.rows]
        return Source(fmt, [Table("workbook", [Row(i, r.raw, None, r.place) for i, r in enumerate(rows, 1)])])
    from .text import decode, text_lines

    text, used = decode(path.read_bytes(), display, encoding)
    return Source(TEXT, [Table("text", text_lines(text))], used)
