"""Authority files under data/vocab/: organisations and strategy documents."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError
from .normalise.names import Entry, Gazetteer, check_id

ORG_KINDS = {"municipality", "council", "committee", "office", "department", "unit", "post", "organisation"}


@dataclass(frozen=True)
class Vocabularies:
    organisations: list[Entry]
    strategies: list[Entry]
    strategy_municipality: dict[str, str]
    basis: dict[str, str]
    ksh: dict[str, str] = field(default_factory=dict)  # municipality id -> KSH settlement code, when given
    fictional: frozenset[str] = frozenset()  # municipalities that are no settlement (test corpora, benchmarks)

    def municipality_of(self, entry_id: str) -> str:
        """The municipality an organisation entry belongs to: the first part of its id."""
        return entry_id.split("/", 1)[0]

    def municipalities(self) -> list[Entry]:
        return [e for e in self.organisations if e.kind == "municipality"]

    def owners(self) -> Gazetteer:
        return Gazetteer(self.organisations)

    def strategy_names(self) -> Gazetteer:
        return Gazetteer(self.strategies)


def _load(path: Path, table: str) -> list[dict]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(str(path), None, None, "authority file missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(str(path), None, None, f"not valid TOML: {exc}") from None
    rows = data.get(table)
    if not isinstance(rows, list):
        raise SourceError(str(path), None, None, f"expected a list of [[{table}]] tables")
    return rows


def load_vocabularies(data_dir: Path) -> Vocabularies:
    org_path = data_dir / "vocab" / "organisations.toml"
    str_path = data_dir / "vocab" / "strategies.toml"
    orgs, basis, ksh, fictional = [], {}, {}, set()
    ids = set()
    for row in _load(org_path, "org"):
        for key in ("id", "kind", "label"):
            if key not in row:
                raise SourceError(str(org_path), None, None, f"[[org]] {row.get('id', '?')}: missing '{key}'")
        if row["kind"] not in ORG_KINDS:
            raise SourceError(str(org_path), None, None,
                              f"[[org]] {row['id']}: kind '{row['kind']}' is not one of {sorted(ORG_KINDS)}")
        if problem := check_id(str(row["id"])):
            raise SourceError(str(org_path), None, None, f"[[org]] {problem}")
        ids.add(row["id"])
        orgs.append(Entry(row["id"], row["label"], row["kind"], row.get("parent"), tuple(row.get("aliases", []))))
        basis[row["id"]] = row.get("basis", "")
        if "ksh" in row:
            if row["kind"] != "municipality" or not re.fullmatch(r"\d{5}", str(row["ksh"])):
                raise SourceError(str(org_path), None, None, f"[[org]] {row['id']}: 'ksh' is the 5-digit KSH code "
                                  f"of a municipality (kind = \"municipality\"), got '{row['ksh']}'")
            ksh[row["id"]] = str(row["ksh"])
        if row.get("fictional") is True:
            if row["kind"] != "municipality":
                raise SourceError(str(org_path), None, None, f"[[org]] {row['id']}: 'fictional' is for a "
                                  f"municipality (kind = \"municipality\")")
            fictional.add(row["id"])
    for e in orgs:
        if e.parent and e.parent not in ids:
            raise SourceError(str(org_path), None, None, f"[[org]] {e.id}: parent '{e.parent}' is not defined")
    strategies, muni = [], {}
    for row in _load(str_path, "strategy"):
        for key in ("id", "label", "municipality"):
            if key not in row:
                raise SourceError(str(str_path), None, None, f"[[strategy]] {row.get('id', '?')}: missing '{key}'")
        if problem := check_id(str(row["id"])):
            raise SourceError(str(str_path), None, None, f"[[strategy]] {problem}")
        strategies.append(Entry(row["id"], row["label"], "strategy", None, tuple(row.get("aliases", []))))
        muni[row["id"]] = row["municipality"]
    return Vocabularies(orgs, strategies, muni, basis, ksh, frozenset(fictional))
