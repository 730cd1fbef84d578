"""Budget cells -> HUF amounts, "needs no extra funding", and funding sources.

An amount is only read where the text says it is money: a basis word before
the number (``bruttó``, ``nettó``) or a currency/magnitude after it (``Ft``,
``forint``, ``millió``). Years (``2024-es``), resolution numbers and head
counts (``4 fővel``) are therefore never taken for amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..text import clean_cell, fold

GROSS, NET, UNSPECIFIED = "gross", "net", "unspecified"

BUDGET = "budget"  # a budget (költségvetés): the municipality's or an institution's
GRANT = "grant"  # a call for proposals (pályázat)
EU_FUND = "eu-fund"  # an EU programme (ESF, CERV, "Európai Unió")
RESOLUTION = "resolution"  # a council resolution provides it (határozat biztosítja)


@dataclass(frozen=True)
class Amount:
    value: Decimal
    basis: str  # gross | net | unspecified
    vat_included: bool | None
    text: str  # the matched span, as written
    currency_written: bool  # False for "bruttó 6 250 000" (no unit: HUF assumed)


@dataclass(frozen=True)
class Funding:
    original: str
    amounts: tuple[Amount, ...]
    no_extra_funding: bool
    sources: tuple[str, ...]

    @property
    def understood(self) -> bool:
        return bool(self.amounts or self.no_extra_funding or self.sources)


_NUMBER = r"\d{1,3}(?:[ .\u00a0]\d{3})+|\d+(?:,\d+)?"
_AMOUNT = re.compile(
    rf"(?P<basis>brutt[oó]|nett[oó])?\s*(?P<num>{_NUMBER})\s*"
    rf"(?P<mag>milli[oó]|ezer|mrd|milliárd)?\s*"
    rf"(?P<unit>Ft\b|HUF\b|forint\w*)?"
    rf"(?P<vat>\s*\+\s*ÁFA)?",
    re.IGNORECASE,
)
_NO_EXTRA = re.compile(r"nem\s+ig[eé]nyel|fedezetet\s+nem|nincs\s+sz[uü]ks[eé]g", re.IGNORECASE)
_SOURCES = [
    (re.compile(r"eur[oó]pai\s+uni[oó]|\bESF\b|\bEU\b|CERV", re.IGNORECASE), EU_FUND),
    (re.compile(r"p[aá]ly[aá]zat", re.IGNORECASE), GRANT),
    (re.compile(r"költségvetés", re.IGNORECASE), BUDGET),
    (re.compile(r"határozat", re.IGNORECASE), RESOLUTION),
]


def _to_decimal(num: str, magnitude: str | None) -> Decimal:
    digits = re.sub(r"[ .\u00a0]", "", num).replace(",", ".")
    value = Decimal(digits)
    mag = fold(magnitude or "")
    if mag.startswith("millio"):
        value *= 1_000_000
    elif mag.startswith("milliard") or mag == "mrd":
        value *= 1_000_000_000
    elif mag == "ezer":
        value *= 1_000
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def parse_amounts(text: str) -> tuple[Amount, ...]:
    out = []
    for m in _AMOUNT.finditer(text):
        basis_word, mag, unit = m.group("basis"), m.group("mag"), m.group("unit")
        if not basis_word and not unit and not mag:
            continue
        if mag and not unit and not basis_word:
            continue
        num = m.group("num")
        if "," in num and not mag:
            continue  # a decimal without magnitude is not how HUF is written
        basis = UNSPECIFIED
        vat: bool | None = None
        if basis_word:
            basis = GROSS if fold(basis_word).startswith("brutt") else NET
            vat = basis == GROSS
        if m.group("vat"):
            vat = False
            if basis == UNSPECIFIED:
                basis = NET
        out.append(Amount(_to_decimal(num, mag), basis, vat, m.group(0).strip(), bool(unit)))
    return tuple(out)


def parse_funding(text: str) -> Funding:
    """Parse a resource/budget cell; see module doc."""
    original = clean_cell(text)
    amounts = parse_amounts(original)
    no_extra = bool(_NO_EXTRA.search(original))
    sources: list[str] = []
    for pattern, name in _SOURCES:
        if pattern.search(original):
            sources.append(name)
    return Funding(original, amounts, no_extra, tuple(sources))
