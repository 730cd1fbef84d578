"""The settlement register: every Hungarian settlement and Budapest district with its KSH code.

The data is ``resources/settlements.csv`` (KSH területi számjelrendszer 2018 via the R package
teroszt, CC0; its header says what was changed). ``resolve`` finds a settlement by KSH code or by
name, accent- and case-insensitively (``szeged``, ``SZEGED``, ``Budapest 09. ker.``,
``Ferencváros``); an unknown name is an error that names the closest matches (rapidfuzz).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from .errors import EselyError
from .text import fold

REGISTER = Path(__file__).resolve().parent / "resources" / "settlements.csv"
STATUSES = ("főváros", "főváros kerülete", "megyei jogú város", "város", "nagyközség", "község")
# words a municipality's own name wraps around the settlement's name
_ENTITY_WORDS = ("onkormanyzata", "onkormanyzat", "megyei jogu varos", "varos", "kozseg", "nagykozseg",
                 "fovaros", "kerulet", "keruleti")


@dataclass(frozen=True)
class Settlement:
    ksh: str
    name: str
    county: str
    district: str  # járás; empty for Budapest and its districts
    status: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class UnknownSettlement(EselyError):
    pass


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


def _strip(key: str) -> str:
    """Drop the words a municipality's name wraps around its settlement's name:
    "Szeged Megyei Jogú Város Önkormányzata" -> "szeged"."""
    for word in _ENTITY_WORDS:
        key = re.sub(rf"\b{word}\b", " ", key)
    return re.sub(r"\s+", " ", key).strip()


class Register:
    def __init__(self, settlements: list[Settlement]):
        self.settlements = settlements
        self.by_ksh = {s.ksh: s for s in settlements}
        self.by_key: dict[str, Settlement] = {}
        for s in settlements:
            for n in s.names:
                self.by_key.setdefault(_key(n), s)
        self._choices = {k: s for k, s in self.by_key.items()}

    def __len__(self) -> int:
        return len(self.settlements)

    def find(self, text: str) -> Settlement | None:
        """The settlement a KSH code or a name means, or None."""
        raw = text.strip()
        if re.fullmatch(r"\d{4,5}", raw):
            return self.by_ksh.get(raw.zfill(5))
        key = _key(raw)
        if key in self.by_key:
            return self.by_key[key]
        return self.by_key.get(_strip(key))

    def closest(self, text: str, limit: int = 3) -> list[Settlement]:
        found = process.extract(_strip(_key(text)) or _key(text), list(self._choices), scorer=fuzz.ratio, limit=limit * 3)
        out: list[Settlement] = []
        for key, _score, _ in found:
            s = self._choices[key]
            if s not in out:
                out.append(s)
        return out[:limit]

    def resolve(self, text: str) -> Settlement:
        """Like ``find``, but an unknown name is an error naming the closest settlements."""
        s = self.find(text)
        if s is not None:
            return s
        near = ", ".join(f"{c.name} ({c.ksh}, {c.county})" for c in self.closest(text))
        raise UnknownSettlement(f"'{text}' is not a settlement in the KSH register / nem szerepel a KSH "
                                f"helységnévtárában; closest / leghasonlóbb: {near}")

    def in_county(self, county: str) -> list[Settlement]:
        key = _key(county)
        return [s for s in self.settlements if _key(s.county) == key]


def read_register(path: Path = REGISTER) -> Register:
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        out = [Settlement(r["ksh"], r["name"], r["county"], r["district"], r["status"],
                          tuple(a for a in r["aliases"].split(";") if a)) for r in rows]
    return Register(out)


@functools.cache
def register() -> Register:
    """The shipped register (read once)."""
    return read_register()
