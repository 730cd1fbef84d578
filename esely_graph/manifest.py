"""data/sources.toml: which documents to build, and which importer reads each."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

HEP_KINDS = ("hep-conclusions", "hep-action-plan")  # the parts of a HEP: one per municipality and period
KINDS = ("hep-conclusions", "hep-action-plan", "strategy-action-plan", "council-resolution", "council-proposal")


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    file: str  # relative to the manifest's directory
    kind: str
    municipality: str
    title: str
    year: int | None = None
    date: dt.date | None = None
    strategy: str | None = None
    target_groups: tuple[str, ...] = ()
    encoding: str | None = None  # None: detected from the bytes (text files only)
    seed: str | None = None
    period: str | None = None  # the years a plan covers ("2023-2027"); defaults to its year

    @property
    def plan_period(self) -> str:
        return self.period or (str(self.year) if self.year else "")


@dataclass(frozen=True)
class Manifest:
    path: Path
    documents: tuple[DocumentMeta, ...]

    @property
    def root(self) -> Path:
        return self.path.parent

    def source_path(self, doc: DocumentMeta) -> Path:
        return self.root / doc.file


def load_manifest(data_dir: Path) -> Manifest:
    path = data_dir / "sources.toml"
    if not path.is_file():
        raise SourceError(str(path), None, None, "manifest not found; expected data/sources.toml with [[document]] tables")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(str(path), None, None, f"not valid TOML: {exc}") from None
    docs, seen = [], set()
    for n, row in enumerate(data.get("document", []), 1):
        where = f"[[document]] #{n}"
        for key in ("id", "file", "kind", "municipality", "title"):
            if not isinstance(row.get(key), str) or not row[key]:
                raise SourceError(str(path), None, None, f"{where}: missing '{key}' (a string)")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", row["id"]):
            raise SourceError(str(path), None, None, f"{where}: id '{row['id']}' must be lower-case letters, digits and '-'")
        if row["id"] in seen:
            raise SourceError(str(path), None, None, f"{where}: duplicate id '{row['id']}'")
        seen.add(row["id"])
        if row["kind"] not in KINDS:
            raise SourceError(str(path), None, None, f"{where}: kind '{row['kind']}' is not one of {', '.join(KINDS)}")
        if "year" not in row and "date" not in row:
            raise SourceError(str(path), None, None, f"{where}: give 'year' or 'date'")
        date = row.get("date")
        docs.append(DocumentMeta(
            id=row["id"], file=row["file"], kind=row["kind"], municipality=row["municipality"],
            title=row["title"], year=row.get("year", date.year if date else None), date=date,
            strategy=row.get("strategy"), target_groups=tuple(row.get("target_groups", [])),
            encoding=row.get("encoding"), seed=row.get("seed"),
            period=str(row["period"]) if "period" in row else None,
        ))
    if not docs:
        raise SourceError(str(path), None, None, "no [[document]] tables")
    return Manifest(path, tuple(docs))
