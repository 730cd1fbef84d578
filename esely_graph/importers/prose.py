"""Helpers for the prose importers: paragraphs with their line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .tables import Line

_MD = re.compile(r"\*\*|__")


@dataclass(frozen=True)
class Para:
    text: str  # markdown emphasis removed, lines joined with spaces
    lines: tuple[int, ...]
    bold: bool


def paragraphs(lines: list[Line]) -> list[Para]:
    """Blank-line separated paragraphs; a bullet line (``- …``) is a paragraph of its own."""
    out: list[Para] = []
    buf: list[Line] = []

    def flush() -> None:
        if buf:
            raw = " ".join(ln.raw.strip() for ln in buf)
            bold = raw.startswith("**") or "**" in raw[:3]
            text = re.sub(r"\s+", " ", _MD.sub("", raw)).strip()
            out.append(Para(text, tuple(ln.number for ln in buf), bold))
            buf.clear()

    for ln in lines:
        if ln.blank:
            flush()
        elif re.match(r"^\s*-\s", ln.raw):
            flush()
            buf.append(ln)
            flush()
        else:
            buf.append(ln)
    flush()
    return out


def indent(line_raw: str) -> int:
    return len(line_raw) - len(line_raw.lstrip(" "))
