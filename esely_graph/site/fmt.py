"""Values as a Hungarian (or English) reader expects them: dates, amounts, order."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import icu
from markupsafe import Markup, escape

from .messages import EN_MONTHS, HU_MONTHS

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NBSP = "\u00a0"


def date_text(iso: str, lang: str) -> str:
    d = dt.date.fromisoformat(iso)
    if lang == "hu":
        return f"{d.year}. {HU_MONTHS[d.month - 1]} {d.day}."
    return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"


def date_html(iso: str, lang: str) -> Markup:
    """A date for a page: words for people, the ISO form only in ``datetime``."""
    return Markup(f'<time datetime="{escape(iso)}">{escape(date_text(iso, lang))}</time>')


def grouped(n: float | int) -> str:
    """48963300 -> '48 963 300' (no-break spaces, as Hungarian writes thousands)."""
    return f"{round(float(n)):,}".replace(",", NBSP)


def amount_text(value: str | float, lang: str) -> str:
    return f"{grouped(value)}{NBSP}Ft" if lang == "hu" else f"HUF{NBSP}{grouped(value)}"


def percent_text(share: str | float, lang: str) -> str:
    p = round(float(share) * 100)
    return f"{p}{NBSP}%" if lang == "hu" else f"{p}%"


@lru_cache(maxsize=1)
def _collator():
    c = icu.Collator.createInstance(icu.Locale("hu_HU"))
    c.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return c


def collate_key(text: str) -> bytes:
    """Hungarian alphabetical order (ICU): á after a, cs after c, capitals beside small letters, 2 before 10."""
    return _collator().getSortKey(text or "")


def sort_hu(items, key=lambda x: x):
    return sorted(items, key=lambda x: collate_key(key(x)))


ROMAN = re.compile(r"^(?=[IVXLC]+$)(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman(s: str) -> int | None:
    if not s or not ROMAN.match(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = ROMAN_VALUES[a]
        total += -v if b != " " and ROMAN_VALUES.get(b, 0) > v else v
    return total


def code_key(code: str | None) -> tuple:
    """Measure codes in plan order: 0/1 < I/2 < I/10 < II/1 < V/6; 1/7.1 < 1/7.2 < 1/10."""
    parts = re.split(r"[/.\-\s]+", code or "")
    key = []
    for p in parts:
        if p.isdigit():
            key.append((0, int(p), ""))
        elif roman(p) is not None:
            key.append((0, roman(p), ""))
        else:
            key.append((1, 0, p))
    return (code is None or code == "", tuple(key))


TERM_REFERENCE = re.compile(r"\s*\((?:(?:lásd|see) )?esely:\w+\)|[;,]?\s*(?:lásd|see) esely:\w+")


def without_terms(text: str) -> str:
    """Sentences for people without references to raw terms: "… (lásd esely:flagNote)", "A sorszám
    (esely:lineNumber) …", "…; lásd esely:flagNote." lose the reference, nothing else."""
    return TERM_REFERENCE.sub("", text)


def data_html(text: str, lang: str) -> Markup:
    """A Hungarian value from the sources, marked as Hungarian on English pages."""
    if lang == "en" and text:
        return Markup(f'<span lang="hu">{escape(text)}</span>')
    return escape(text)
