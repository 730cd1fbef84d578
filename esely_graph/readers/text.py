"""Text files: the encoding detected (charset-normalizer), CSV/TSV dialect detected (csv.Sniffer).

Tables come tab-separated (text extracted from Word/PDF) or as CSV the way
Hungarian Excel saves it: ``;``-separated, CRLF, quoted cells that may span
lines, Windows-1250 or UTF-8 with a BOM; Excel's "Unicode text" (UTF-16 with a
BOM, tab-separated) too. An ``encoding`` given in the manifest
overrides the detection.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from charset_normalizer import from_bytes

from ..errors import SourceError
from .rows import Row, Table, cell_row

# Candidates when the bytes are not UTF-8: the encodings Hungarian text is saved in.
# cp1250 and ISO-8859-2 agree on every Hungarian letter; they differ on typographic
# quotes and dashes (0x80–0x9F), which charset-normalizer weighs.
LEGACY = ["cp1250", "iso8859_2"]
# A Hungarian accented letter in UTF-8 (á é í ó ö ú ü: C3 xx; ő ű Ő Ű: C5 xx). Text in a one-byte
# encoding practically never holds these pairs, so a file that has them is UTF-8 with a bad byte.
_UTF8_LETTER = re.compile(rb"[\xc3\xc5][\x80-\xbf]")


def decode(data: bytes, display: str, encoding: str | None = None) -> tuple[str, str]:
    """(text with \\n line ends, encoding used)."""
    if not data.strip():
        raise SourceError(display, 1, 1, "file is empty; expected a table or text (a fájl üres)")
    if encoding:
        name = "utf-8-sig" if _is_utf8(encoding) else encoding
        try:
            codecs.lookup(name)
        except LookupError:
            raise SourceError(display, None, None, f"unknown encoding '{encoding}' in sources.toml; "
                              "expected e.g. utf-8 or cp1250") from None
        try:
            return _lines(data.decode(name)), encoding
        except UnicodeDecodeError as exc:
            raise SourceError(display, *_position(data, exc.start),
                              f"byte 0x{data[exc.start]:02x} is not {encoding}, the encoding sources.toml sets; "
                              "remove the encoding line to let it be detected "
                              f"(a fájl nem {encoding} kódolású)") from None
    if data.startswith(codecs.BOM_UTF8):
        return _lines(data.decode("utf-8-sig")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text" export
        try:
            return _lines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(display, None, None, f"not valid UTF-16 at byte {exc.start} "
                              "(hibás UTF-16 szöveg)") from None
    try:
        return _lines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_LETTER.search(data):
            raise SourceError(display, *_position(data, exc.start),
                              f"byte 0x{data[exc.start]:02x} is not UTF-8, although the rest of the file is: "
                              "the file mixes encodings; re-save it as UTF-8 "
                              "(a fájl vegyes karakterkódolású: mentse UTF-8 kódolással)") from None
    best = from_bytes(data, cp_isolation=LEGACY).best()
    if best is None:
        raise SourceError(display, None, None, "cannot tell the text encoding (not UTF-8, Windows-1250 or "
                          "ISO-8859-2); set encoding = \"…\" in sources.toml (ismeretlen karakterkódolás)")
    return _lines(str(best)), best.encoding


def _is_utf8(name: str) -> bool:
    return codecs.lookup(name).name == "utf-8"


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_lines(text: str) -> list[Row]:
    """Numbered lines as an editor counts them."""
    return [Row(i, raw, None, f"line {i}") for i, raw in enumerate(text.split("\n"), 1)]


def sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect | None:
    """The CSV dialect of a table text (tab, ``;`` or ``,``); None when it is not delimited."""
    lines = [ln for ln in text.split("\n")[:200] if ln.strip()]
    sniffer = csv.Sniffer()
    sniffer.preferred = ["\t", ";", ","]  # Hungarian Excel separates with ";" (the comma is the decimal mark)
    try:
        return sniffer.sniff("\n".join(lines)[:65536], delimiters="\t;,")
    except csv.Error:
        pass
    for line in lines[:20]:  # rows of unequal width (a hand-made file): the first row that tells
        try:
            return sniffer.sniff(line, delimiters="\t;,")
        except csv.Error:
            continue
    return None


def read_table_text(text: str, display: str) -> Table:
    """Rows of a CSV/TSV text, each keeping the line its record starts on."""
    dialect = sniff_dialect(text)
    if dialect is None:
        return Table("text", text_lines(text))
    reader = csv.reader(io.StringIO(text), delimiter=dialect.delimiter, quotechar=dialect.quotechar or '"',
                        doublequote=True, skipinitialspace=False, strict=False)
    rows, start = [], 1
    try:
        for record in reader:
            rows.append(cell_row(start, record, f"line {start}") if record else Row(start, "", (), f"line {start}"))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError(display, reader.line_num, None, f"not valid CSV: {exc} (hibás CSV)") from None
    return Table("text", rows)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte offset, 1-based, as an editor counts."""
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1
