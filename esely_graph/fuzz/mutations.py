"""Mutation families over a real source file: each takes the file's bytes and a seeded RNG.

They model what arrives from 3,200 town halls: broken encodings and containers, shifted or missing
columns, huge or empty cells, hostile text (markup, template syntax, spreadsheet formulas), and
the date and amount spellings a parser has to refuse or read.
"""

from __future__ import annotations

import random
from typing import Callable

Mutation = Callable[[bytes, random.Random], bytes]

HOSTILE = ["<img src=x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}", "<script>alert(1)</script>", "&lt;b&gt;",
           "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\"; DROP TABLE x; --",
           "?x ?y ?z } UNION {", "<http://evil/>", "\\u0000", "%s%s%n"]
UNICODE = ["\u202eגדול", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦", "\u200b", "\ufeff", "ő̈", "𝕳𝖊𝖕", "\u2028"]
TRICKY = ["2027. II. félév", "I. negyedév", "2025. IV. n.év", "2027.12.31.", "99999. december 32.",
          "2023-2027", "évente március 31.", "a költségvetési rendelet elfogadásakor", "0. félév",
          "2 M Ft", "500 e Ft", "1" * 40 + " Ft", "9" * 5000, "-300 000 Ft", "1,2,3 millió", "mrd mrd Ft",
          "bruttó 1 000 Ft &lt;b&gt;Pályázat", "1/0", "Felelős: ", "Határidő:\t", "1.)", "a)", "I/9999999999999"]


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def _lines_op(fn):
    def op(data: bytes, rng: random.Random) -> bytes:
        lines = _text(data).split("\n")
        return _bytes("\n".join(fn(lines, rng)))
    return op


def _cells_op(fn):
    """Apply fn(cell, rng) to a few random cells of random lines (tab-, semicolon- or whole-line)."""
    def op(data: bytes, rng: random.Random) -> bytes:
        lines = _text(data).split("\n")
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(lines))
            sep = "\t" if "\t" in lines[i] else (";" if ";" in lines[i] else None)
            cells = lines[i].split(sep) if sep else [lines[i]]
            j = rng.randrange(len(cells))
            cells[j] = fn(cells[j], rng)
            lines[i] = (sep or "").join(cells)
        return _bytes("\n".join(lines))
    return op


def byte_flip(data, rng):
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def truncate(data, rng):
    return data[: rng.randrange(len(data) + 1)]


def nul_bytes(data, rng):
    i = rng.randrange(len(data) + 1)
    return data[:i] + b"\x00" * rng.randint(1, 5) + data[i:]


def invalid_utf8(data, rng):
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]) + data[i:]


def utf16(data, rng):
    return _text(data).encode("utf-16", errors="surrogatepass")


def crlf(data, rng):
    return data.replace(b"\n", b"\r\n") if rng.random() < 0.7 else data.replace(b"\n", b"\r")


def bom(data, rng):
    return b"\xef\xbb\xbf" * rng.randint(1, 3) + data


FAMILIES: dict[str, Mutation] = {
    "byte-flip": byte_flip,
    "truncate": truncate,
    "delete-lines": _lines_op(lambda ls, r: [l for l in ls if r.random() > 0.15] or [""]),
    "duplicate-lines": _lines_op(lambda ls, r: [x for l in ls for x in ([l, l] if r.random() < 0.1 else [l])]),
    "tabs-spaces": lambda d, r: d.replace(b"\t", b"    ", r.randint(1, 20)) if r.random() < 0.5 else d.replace(b"  ", b"\t", 5),
    "extra-column": _lines_op(lambda ls, r: [l + "\textra" if r.random() < 0.3 else l for l in ls]),
    "missing-column": _lines_op(lambda ls, r: [l.rsplit("\t", 1)[0] if r.random() < 0.3 else l for l in ls]),
    "empty-cells": _cells_op(lambda c, r: ""),
    "huge-cell": _cells_op(lambda c, r: c + "nagyon hosszú szöveg " * r.choice([10, 2000, 40000])),
    "huge-line": _lines_op(lambda ls, r: ls + ["x" * r.choice([1000, 300_000])]),
    "nul-bytes": nul_bytes,
    "invalid-utf8": invalid_utf8,
    "utf16": utf16,
    "crlf": crlf,
    "bom": bom,
    "header-only": _lines_op(lambda ls, r: ls[: r.randint(1, 8)]),
    "foreign-header": _lines_op(lambda ls, r: [("Kedvenc\tszíne\tÁllatfaj\t" + l) if i < 8 and r.random() < 0.3 else l
                                               for i, l in enumerate(ls)]),
    "unicode": _cells_op(lambda c, r: r.choice(UNICODE) + c + r.choice(UNICODE)),
    "markup": _cells_op(lambda c, r: r.choice(HOSTILE[:5]) + c),
    "formula": _cells_op(lambda c, r: r.choice(HOSTILE[5:9]) + c),
    "injection": _cells_op(lambda c, r: c + r.choice(HOSTILE[9:])),
    "tricky-values": _cells_op(lambda c, r: r.choice(TRICKY)),
    "huge-numbers": lambda d, r: _huge_numbers(d, r),
}


def _huge_numbers(data: bytes, rng: random.Random) -> bytes:
    """Replace a few digit runs (point numbers, resolution numbers, amounts, years) by huge ones."""
    import re

    text = _text(data)
    runs = list(re.finditer(r"\d+", text))
    for m in sorted(rng.sample(runs, min(len(runs), rng.randint(1, 3))), key=lambda m: -m.start()):
        text = text[: m.start()] + "9" * rng.choice([29, 40, 5000]) + text[m.end():]
    return _bytes(text)


def zip_corrupt(data: bytes, rng: random.Random) -> bytes:
    """For .docx/.xlsx: truncate the container, or flip bytes inside it."""
    return truncate(data, rng) if rng.random() < 0.5 else byte_flip(data, rng)


CONTAINER_FAMILIES: dict[str, Mutation] = {"zip-corrupt": zip_corrupt, "truncate": truncate, "byte-flip": byte_flip}
