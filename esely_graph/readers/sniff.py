"""Which format a file is, from its first bytes (never its extension)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import SourceError

DOCX, XLSX, PDF, TEXT = "docx", "xlsx", "pdf", "text"


def sniff_format(path: Path, display: str) -> str:
    """``docx``, ``xlsx``, ``pdf`` or ``text``; a clear error for other binary files."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise SourceError(display, None, None, "file not found") from None
    except IsADirectoryError:
        raise SourceError(display, None, None, "is a directory; expected a file") from None
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _office(path, display)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(display, None, None,
                          "an old Word/Excel 97–2003 file (.doc/.xls); save it as .docx or .xlsx "
                          "(régi Word/Excel formátum: mentse .docx vagy .xlsx formátumban)")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(display, None, None,
                          "a binary file that is not .docx, .xlsx or .pdf; expected a table or text document "
                          "(bináris fájl, nem .docx, .xlsx vagy .pdf)")
    return TEXT


def _office(path: Path, display: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except zipfile.BadZipFile:
        raise SourceError(display, None, None, "a damaged zip file; expected a .docx or .xlsx document "
                          "(sérült fájl)") from None
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    raise SourceError(display, None, None, "a zip file that is neither a Word (.docx) nor an Excel (.xlsx) "
                      "document (nem Word vagy Excel dokumentum)")
