"""Small text helpers shared by importers and normalisers."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_TAG = re.compile(r"</?(?:p|b|i|u|br|strong|em|span)\b[^>]*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # the importers clean the same cell several times (header search, signatures, values)
def clean_cell(raw: str) -> str:
    """Strip formatting tags such as <p> and <b>, unescape entities, collapse spaces.

    Only known formatting tags are removed: any other angle-bracket text (for
    example a literal ``<script>`` typed into a cell) is kept as text.
    """
    text = _TAG.sub(" ", raw)
    text = html.unescape(text) if "&" in text else text
    text = text.replace("\\*", "*")
    return _SPACE.sub(" ", text).strip()


def is_bold(raw: str) -> bool:
    """True when the whole cell is wrapped in <b>…</b> (a section heading)."""
    s = raw.strip()
    return s.lower().startswith("<b>") and s.lower().endswith("</b>")


class _Folded(dict):
    """Code point -> its compatibility decomposition less combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        out = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        self[code] = out
        return out


_FOLDED = _Folded()


def fold(text: str) -> str:
    """Lower-case and strip accents: ``Közösségi`` -> ``kozossegi``.

    The same as dropping the combining marks of the lower-cased text's NFKD, character by character
    (decomposition is per character and only combining marks are reordered), through a table."""
    low = text.lower()
    return low if low.isascii() else low.translate(_FOLDED)


def join_continuation(before: str, after: str) -> str:
    """Join a cell with its page-break continuation.

    A word split by a hyphen at the break (``szolgál-`` + ``tatás``) is joined
    without a space; otherwise the two parts are joined by one space.
    """
    if not before:
        return after
    if not after:
        return before
    if before.endswith("-") and after[:1].islower():
        return before[:-1] + after
    return before + " " + after


def starts_lower(text: str) -> bool:
    """True when the text begins with a lower-case letter (not a digit, quote or capital)."""
    stripped = text.lstrip()
    return bool(stripped) and stripped[0].isalpha() and stripped[0].islower()


def slug(text: str) -> str:
    """A readable, stable IRI segment: ``I/2`` -> ``I-2``, ``Közösségi Ház`` -> ``kozossegi-haz``."""
    s = fold(text) if not text.isupper() else text
    s = re.sub(r"[^0-9A-Za-z]+", "-", s).strip("-")
    return s or "x"
