"""`esely-graph add`: put a municipality's document into the project.

``add_document`` checks everything before it writes anything: the kind (given, or detected from the
file's content by ``importers.detect_kind`` when that is available), the municipality (resolved
against the settlement register, accent- and case-insensitively; unknown -> the closest names), the
document id, title and date, and that the file's importer reads it. Then it copies the file under
``data/sources/``, registers a municipality the project does not know yet (its ``[[org]]`` entry
only) in ``data/vocab/organisations.toml`` and appends the ``[[document]]`` entry to
``data/sources.toml``. Both TOML entries are written by tomli-w and appended, so the files' comments
stay; each file is parsed again afterwards and restored if it no longer reads.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from .errors import EselyError, SourceError
from .layout import Layout
from .manifest import KINDS, load_manifest
from .settlements import Settlement, register
from .text import slug
from .vocab import load_vocabularies

TITLES = {
    "hep-conclusions": "Helyi Esélyegyenlőségi Program – helyzetelemzés következtetései",
    "hep-action-plan": "Helyi Esélyegyenlőségi Program Intézkedési Terve – összegző táblázat",
    "strategy-action-plan": "Stratégia intézkedési terve",
    "council-resolution": "Képviselő-testületi határozat",
    "council-proposal": "Előterjesztés",
}
SHORT = {"hep-conclusions": "hep-he", "hep-action-plan": "hep-it", "strategy-action-plan": "strategia-it",
         "council-resolution": "hatarozat", "council-proposal": "eloterjesztes"}
STATUS_WORDS = {"község": "Község", "nagyközség": "Nagyközség", "város": "Város",
                "megyei jogú város": "Megyei Jogú Város"}


@dataclass(frozen=True)
class Added:
    id: str
    kind: str
    kind_detected: bool
    municipality: str          # organisations.toml id
    settlement: Settlement
    registered: bool           # a new [[org]] entry was written
    file: str                  # relative to data/


def detect(path: Path) -> str | None:
    """The kind the file's content says, if the detector is installed (importers/detect_kind.py)."""
    try:
        from .importers.detect_kind import detect_kind
    except ImportError:
        return None
    try:
        return detect_kind(path)
    except EselyError:
        return None


def municipality_label(s: Settlement) -> str:
    if s.status == "főváros":
        return "Budapest Főváros Önkormányzata"
    if s.status == "főváros kerülete":
        return f"{s.name} Önkormányzata"
    return f"{s.name} {STATUS_WORDS[s.status]} Önkormányzata"


def find_municipality(lay: Layout, name: str) -> tuple[str | None, Settlement]:
    """(the project's municipality id or None, the settlement) for a name, id or KSH code."""
    vocab = load_vocabularies(lay.data)
    reg = register()
    munis = vocab.municipalities()
    for e in munis:  # the project's own municipality id first (an [[org]] id)
        if e.id == name.strip().lower():
            return e.id, _settlement_of(e, vocab, reg)
    settlement = reg.resolve(name)  # unknown -> error naming the closest settlements
    for e in munis:
        if _settlement_of(e, vocab, reg, None) == settlement:
            return e.id, settlement
    return None, settlement


def _settlement_of(entry, vocab, reg, default=...):
    code = vocab.ksh.get(entry.id)
    if code:
        return reg.by_ksh.get(code)
    for n in (entry.id, entry.label, *entry.aliases):
        s = reg.find(n)
        if s is not None:
            return s
    if default is ...:
        raise EselyError(f"municipality '{entry.id}' of data/vocab/organisations.toml is not in the settlement "
                         f"register; add its ksh code")
    return default


def parse_date(text: str | None) -> dict:
    if not text:
        raise EselyError("give --date: the document's date (YYYY-MM-DD) or year (YYYY) / add meg a dokumentum "
                         "dátumát vagy évét")
    if re.fullmatch(r"\d{4}", text):
        return {"year": int(text)}
    try:
        return {"date": dt.date.fromisoformat(text)}
    except ValueError:
        raise EselyError(f"--date '{text}': expected YYYY-MM-DD or YYYY / várt formátum: ÉÉÉÉ-HH-NN vagy ÉÉÉÉ") from None


def add_document(lay: Layout, file: Path, municipality: str | None = None, kind: str | None = None,
                 doc_id: str | None = None, title: str | None = None, date: str | None = None) -> Added:
    lay.require_sources()
    file = Path(file)
    if not file.is_file():
        raise EselyError(f"{file}: no such file / nincs ilyen fájl")
    detected = False
    if kind is None:
        kind = detect(file)
        detected = kind is not None
        if kind is None:
            raise EselyError(f"{file}: the kind could not be detected from the content; give --kind, one of "
                             f"{', '.join(KINDS)} / a fajta nem ismerhető fel, add meg: --kind")
    if kind not in KINDS:
        raise EselyError(f"--kind '{kind}' is not one of {', '.join(KINDS)}")
    if not municipality:
        raise EselyError("give --municipality: the settlement's name or KSH code / add meg a települést")
    muni_id, settlement = find_municipality(lay, municipality)
    when = parse_date(date)
    manifest = load_manifest(lay.data)
    taken = {d.id for d in manifest.documents}
    year = when.get("year") or when["date"].year
    new_id = muni_id or slug(settlement.name)
    doc_id = doc_id or _free_id(f"{new_id}-{SHORT[kind]}-{year}", taken)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", doc_id):
        raise EselyError(f"--id '{doc_id}' must be lower-case letters, digits and '-'")
    if doc_id in taken:
        raise EselyError(f"--id '{doc_id}' is already in data/sources.toml / ez az azonosító már foglalt")
    _try_import(lay, file, kind)
    target = _target(lay, file, doc_id)
    entry = {"id": doc_id, "file": target.relative_to(lay.data).as_posix(), "kind": kind,
             "municipality": new_id, "title": title or TITLES[kind], **when}
    org_path = lay.vocab / "organisations.toml"
    backups = {p: p.read_text(encoding="utf-8") for p in (lay.manifest, org_path)}
    copied = False
    try:
        if target.resolve() != file.resolve():
            shutil.copyfile(file, target)
            copied = True
        if muni_id is None:
            _append(org_path, "org", {"id": new_id, "ksh": settlement.ksh, "kind": "municipality",
                                      "label": municipality_label(settlement),
                                      "basis": f"KSH settlement register ({settlement.name}, {settlement.ksh}); "
                                               f"added by esely-graph add"})
        _append(lay.manifest, "document", entry)
        load_vocabularies(lay.data)
        load_manifest(lay.data)
    except BaseException:
        for p, text in backups.items():
            p.write_text(text, encoding="utf-8")
        if copied:
            target.unlink(missing_ok=True)
        raise
    return Added(doc_id, kind, detected, new_id, settlement, muni_id is None, entry["file"])


def _free_id(base: str, taken: set[str]) -> str:
    n, out = 2, base
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    return out


def _target(lay: Layout, file: Path, doc_id: str) -> Path:
    if file.resolve().parent == lay.sources.resolve():
        return file.resolve()
    target = lay.sources / f"{doc_id}{''.join(file.suffixes[-1:]).lower()}"
    if target.exists():
        raise EselyError(f"{target} already exists / már létezik; give another --id")
    lay.sources.mkdir(parents=True, exist_ok=True)
    return target


def _try_import(lay: Layout, file: Path, kind: str) -> None:
    """Read the file with its importer once, so that a file it cannot read is refused before any write."""
    from .build.kinds import KINDS as READERS
    from .importers.context import ImportContext
    from .normalise.names import Gazetteer
    from .normalise.target_groups import TargetGroupMatcher

    matcher = TargetGroupMatcher.from_file(lay.ontology / "target-groups.ttl")
    try:
        READERS[kind].read(file, str(file), ImportContext(matcher, Gazetteer([])), None)
    except SourceError as exc:
        raise EselyError(f"{exc} (as {kind}; nothing was added / semmi sem került be)") from None


def _append(path: Path, table: str, entry: dict) -> None:
    text = path.read_text(encoding="utf-8")
    block = tomli_w.dumps({table: [entry]})
    path.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
    try:
        tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise EselyError(f"{path}: the appended entry does not read back ({exc})") from None
