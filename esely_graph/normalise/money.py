"""Budget cells -> HUF amounts, "needs no extra funding", and funding sources.

An amount is only read where the text says it is money: a basis word before
the number (``bruttó``, ``nettó``) or a currency/magnitude after it (``Ft``,
``forint``, ``e Ft``, ``M Ft``, ``millió``, ``mrd``). Years (``2024-es``),
resolution numbers and head counts (``4 fővel``) are therefore never taken for
amounts. ``1-2 M Ft`` is a range (low and high, no single value); ``300 e
Ft/év``, ``évi 300 e Ft`` and ``havi 50 000 Ft`` carry the period they are per.
A number too long to be an amount (more than 15 digits, or over 10^13 Ft) is
not read: it is listed in ``Funding.unread`` with the reason, never a crash.

The cell arrives cleaned by its importer; it is not cleaned again (cleaning
twice turns an escaped ``&lt;b&gt;`` into a tag and strips it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..text import fold

GROSS, NET, UNSPECIFIED = "gross", "net", "unspecified"

BUDGET = "budget"  # a budget (költségvetés): the municipality's or an institution's
GRANT = "grant"  # a call for proposals (pályázat)
EU_FUND = "eu-fund"  # an EU programme (ESF, CERV, EFOP, TOP, "Európai Unió")
RESOLUTION = "resolution"  # a council resolution provides it (határozat biztosítja)
OWN_FUNDS = "own-funds"  # the body's own money (saját forrás, önerő)
NORMATIVE = "normative"  # the state's per-capita funding (normatíva)

PER_YEAR, PER_MONTH = "P1Y", "P1M"
MAX_DIGITS = 15  # more integer digits than any public budget line
MAX_HUF = Decimal(10) ** 13  # 10 000 milliárd Ft: more than a town could plan


@dataclass(frozen=True)
class Amount:
    value: Decimal | None  # None for a range: see low and high
    basis: str  # gross | net | unspecified
    vat_included: bool | None
    text: str  # the matched span, as written
    currency_written: bool  # False for "bruttó 6 250 000" (no unit: HUF assumed)
    low: Decimal | None = None  # a range "1-2 M Ft": its low and high end
    high: Decimal | None = None
    per: str | None = None  # xsd:duration the amount is per: P1Y (/év, évi), P1M (havi)


@dataclass(frozen=True)
class Funding:
    original: str
    amounts: tuple[Amount, ...]
    no_extra_funding: bool
    sources: tuple[str, ...]
    codes: tuple[str, ...] = ()  # programme or call codes as written: EFOP-1.2.3-17, ESF-2023-HOMELESS
    unread: tuple[tuple[str, str], ...] = ()  # (span, why) amounts not read

    @property
    def understood(self) -> bool:
        return bool(self.amounts or self.no_extra_funding or self.sources or self.codes)


_GROUPED = re.compile(r"\d{1,3}(?:[ .\u00a0]\d{3})+(?:,\d+)?")
_NUMBER = r"\d{1,3}(?:[ .\u00a0]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_MAG = (r"(?:[Mm]illi[aá]rd\w*|[Mm]rd\.?|MRD|[Mm]illi[oó]\w*|[Ee]zer"
        r"|(?:[Mm]io\.?|M|m|[eE]\.?)(?=\s?(?:Ft|HUF)))")
_AMOUNT = re.compile(
    rf"(?P<basis>(?i:brutt[oó]|nett[oó]))?\s*(?<![\d.,/-])(?P<num>{_NUMBER})"
    rf"(?:\s?[-\u2013]\s?(?P<num2>{_NUMBER}))?\s*"
    rf"(?P<mag>{_MAG})?\s?"
    rf"(?P<unit>(?i:Ft\b\.?|HUF\b|forint\w*))?"
    rf"(?P<vat>\s*\+\s*(?i:ÁFA))?"
    rf"(?P<per>\s*/\s*(?i:év|hó|hónap|fő)\b|\s+(?i:évente|havonta)\b)?",
)
_PER_BEFORE = re.compile(r"(?<![\d.] )(?<![\d.])\b(évi|havi|éves|évente|havonta)\s+$", re.IGNORECASE)
_NO_EXTRA = re.compile(
    r"nem\s+ig[eé]nyel|fedezetet\s+nem|(?:forr[aá]st|k[oö]lts[eé]get)\s+nem\s+ig[eé]nyel|nincs\s+sz[uü]ks[eé]g|"
    r"t[oö]bblet\s*(?:k[oö]lts[eé]g|forr[aá]s|fedezet)\w*\s+(?:nem|nincs)|nem\s+j[aá]r\s+t[oö]bblet|"
    r"nincs\s+t[oö]bblet",
    re.IGNORECASE)
_CODE = re.compile(
    r"\b(?:EFOP|TOP|GINOP|VEKOP|KEHOP|IKOP|KÖFOP|DIMOP|RRF|ESF|CERV)(?:[ _]?Plusz|\+)?(?:[-_][0-9A-Za-z.]*[0-9A-Z])+"
    r"|\b(?:EFOP|TOP|GINOP|VEKOP|KEHOP|IKOP|KÖFOP|DIMOP)(?:[ _]?Plusz)?\b")
_SOURCES = [
    (re.compile(r"(?i:eur[oó]pai\s+uni[oó]|\bESF\b|\bEU\b|CERV)|\b(?:EFOP|TOP|GINOP|VEKOP|KEHOP|IKOP|KÖFOP|DIMOP|RRF)"
                r"(?![^\W\d_])"), EU_FUND),
    (re.compile(r"p[aá]ly[aá]zat", re.IGNORECASE), GRANT),
    (re.compile(r"költségvetés", re.IGNORECASE), BUDGET),
    (re.compile(r"határozat", re.IGNORECASE), RESOLUTION),
    (re.compile(r"saj[aá]t\s+(?:forr[aá]s|bev[eé]tel|er[oő]forr[aá]s)|\b[oö]ner[oő]", re.IGNORECASE), OWN_FUNDS),
    (re.compile(r"normat[ií]v", re.IGNORECASE), NORMATIVE),
]


def _magnitude(mag: str | None) -> int:
    m = fold(mag or "").rstrip(".")
    if m.startswith("milliard") or m == "mrd":
        return 1_000_000_000
    if m.startswith("millio") or m in ("m", "mft", "mio"):
        return 1_000_000
    if m in ("ezer", "e"):
        return 1_000
    return 1


def _to_decimal(num: str, magnitude: str | None) -> Decimal | None:
    """The value in HUF, or None when the digits cannot be a budget amount."""
    digits = re.sub(r"[ .\u00a0]", "", num) if _GROUPED.fullmatch(num) else num
    digits = digits.replace(",", ".")
    whole = digits.split(".", 1)[0]
    if len(whole.lstrip("0")) > MAX_DIGITS or len(digits) > MAX_DIGITS + 4:
        return None
    value = Decimal(digits) * _magnitude(magnitude)
    if value > MAX_HUF:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _per(text: str, start: int, per: str | None) -> str | None:
    if per:
        p = fold(per.strip(" /"))
        return {"ev": PER_YEAR, "evente": PER_YEAR, "ho": PER_MONTH, "honap": PER_MONTH,
                "havonta": PER_MONTH}.get(p, "person")
    before = _PER_BEFORE.search(text[max(0, start - 24):start])
    if before:
        return PER_YEAR if fold(before.group(1)).startswith("ev") else PER_MONTH
    return None


def parse_amounts(text: str) -> tuple[Amount, ...]:
    return _read(text)[0]


def _read(text: str) -> tuple[tuple[Amount, ...], tuple[tuple[str, str], ...]]:
    out, unread = [], []
    for m in _AMOUNT.finditer(text):
        basis_word, mag, unit, num, num2 = (m.group(k) for k in ("basis", "mag", "unit", "num", "num2"))
        if not basis_word and not unit and not mag:
            continue
        if mag and not unit and not basis_word:
            continue  # "300 ezer" of what?
        span = m.group(0).strip()
        if not mag and any(not _GROUPED.fullmatch(n) and re.search(r"[,.]", n) for n in (num, num2) if n):
            continue  # a decimal without magnitude is not how HUF is written
        per = _per(text, m.start("basis") if basis_word else m.start("num"), m.group("per"))
        if per == "person":
            unread.append((span, "an amount per person, not a total"))
            continue
        values = [_to_decimal(n, mag) for n in (num, num2) if n]
        if any(v is None for v in values):
            unread.append((span, f"not a plausible amount (over {MAX_DIGITS} digits or 10^13 Ft)"))
            continue
        basis, vat = UNSPECIFIED, None
        if basis_word:
            basis = GROSS if fold(basis_word).startswith("brutt") else NET
            vat = basis == GROSS
        if m.group("vat"):
            vat = False
            if basis == UNSPECIFIED:
                basis = NET
        if num2:
            low, high = values
            if high < low:
                unread.append((span, "a range whose high end is below its low end"))
                continue
            out.append(Amount(None, basis, vat, span, bool(unit), low=low, high=high, per=per))
        else:
            out.append(Amount(values[0], basis, vat, span, bool(unit), per=per))
    return tuple(out), tuple(unread)


def parse_funding(text: str, *, amount_column: bool = False) -> Funding:
    """Parse a resource/budget cell (already cleaned by its importer); see module doc.

    ``amount_column``: the cell stands in a column whose header says it holds an amount; a bare
    number there (``600000``, ``6 250 000``, as a spreadsheet stores it) is read as HUF with no
    currency written. Elsewhere a bare number may be a head count and is not read."""
    original = re.sub(r"\s+", " ", text).strip()
    amounts, unread = _read(original)
    if amount_column and not amounts and not unread and re.fullmatch(_NUMBER, original):
        value = _to_decimal(original, None)
        if value is None:
            unread = ((original, f"not a plausible amount (over {MAX_DIGITS} digits or 10^13 Ft)"),)
        elif not re.search(r"[,.]", original) or _GROUPED.fullmatch(original):
            amounts = (Amount(value, UNSPECIFIED, None, original, False),)
    no_extra = bool(_NO_EXTRA.search(original))
    sources = tuple(name for pattern, name in _SOURCES if pattern.search(original))
    codes = tuple(dict.fromkeys(c.group(0) for c in _CODE.finditer(original)))
    return Funding(original, amounts, no_extra, sources, codes, unread)
