"""The fuzzing harness: mutate real sources, import each mutant, classify what happened.

Per case: a source document of the project is mutated by one family (mutations.py), imported and
written to triples in-process under a time limit, and serialised (invalid IRIs show there).
Outcomes: ``ok`` (imported, and every cell of the mutant is in the graph), ``error`` (refused with
a SourceError naming the file), ``crash`` (any other exception, or an error that does not name
the file), ``timeout``, ``lost`` (imported but a cell of the mutant is nowhere in the graph).
Every ``partial_every``-th case also runs the full atomic ``build`` into a folder holding an
earlier output, and checks that the folder holds either the earlier or the new output.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..build import build, build_context, import_document
from ..errors import EselyError
from ..time_limit import OverLimit, time_limit
from .lost_cells import lost_cells
from .mutations import CONTAINER_FAMILIES, FAMILIES


@dataclass
class Outcome:
    case: int
    document: str
    family: str
    result: str
    detail: str = ""


@dataclass
class FuzzReport:
    seed: int
    outcomes: list[Outcome] = field(default_factory=list)
    partial_checks: int = 0
    partial_writes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(o.result for o in self.outcomes)
        return {"cases": len(self.outcomes), "ok": c["ok"], "error": c["error"], "crash": c["crash"],
                "timeout": c["timeout"], "lost": c["lost"], "partial_checks": self.partial_checks,
                "partial_writes": len(self.partial_writes)}

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.result in ("crash", "timeout", "lost")]


def run(data_dir: Path, ontology_dir: Path, cases: int, seed: int = 0, timeout: float = 20.0,
        partial_every: int = 50, progress=None) -> FuzzReport:
    manifest, ctx = build_context(data_dir, ontology_dir)
    docs = list(manifest.documents)
    originals = {d.id: manifest.source_path(d).read_bytes() for d in docs}
    report = FuzzReport(seed)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="esely-fuzz-") as tmp:
        work = Path(tmp)
        steps = range(cases)
        for i in (progress(steps) if progress else steps):
            meta = docs[i % len(docs)]
            original = originals[meta.id]
            families = CONTAINER_FAMILIES if original[:2] == b"PK" or original[:4] == b"%PDF" else FAMILIES
            name = sorted(families)[(i // len(docs)) % len(families)]
            mutant = families[name](original, random.Random(rng.random()))
            report.outcomes.append(_one(i, meta, ctx, mutant, name, work, timeout))
            if partial_every and i % partial_every == 0:
                _partial_check(report, data_dir, ontology_dir, meta, mutant, work / f"p{i}")
    return report


def _one(i, meta, ctx, mutant: bytes, family: str, work: Path, timeout: float) -> Outcome:
    path = work / Path(meta.file).name
    path.write_bytes(mutant)
    display = Path(meta.file).name
    try:
        with time_limit(timeout):
            dg = import_document(meta, ctx, path, display)
            dg.g.serialize(format="nt")
            missing = lost_cells(dg, path, meta)
    except OverLimit:
        return Outcome(i, meta.id, family, "timeout", f"over {timeout} s")
    except EselyError as exc:
        if display not in str(exc):
            return Outcome(i, meta.id, family, "crash", f"error without the file name: {exc}")
        return Outcome(i, meta.id, family, "error", str(exc)[:200])
    except RecursionError:
        return Outcome(i, meta.id, family, "crash", "RecursionError")
    except Exception as exc:  # noqa: BLE001 - a crash is what we are looking for
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome(i, meta.id, family, "crash", f"{type(exc).__name__}: {str(exc)[:150]} "
                                                    f"at {Path(where.filename).name}:{where.lineno}")
    if missing:
        return Outcome(i, meta.id, family, "lost", "; ".join(missing[:3]))
    return Outcome(i, meta.id, family, "ok")


def _partial_check(report: FuzzReport, data_dir: Path, ontology_dir: Path, meta, mutant: bytes, root: Path) -> None:
    """A full build of a project holding the mutant leaves the earlier output or the new one."""
    project = root / "data"
    shutil.copytree(data_dir, project, ignore=shutil.ignore_patterns("ttl"))
    out = root / "ttl"
    out.mkdir(parents=True)
    (out / "earlier.ttl").write_text("# earlier output\n", encoding="utf-8")
    (project / meta.file).write_bytes(mutant)
    report.partial_checks += 1
    try:
        result = build(project, out, ontology_dir, strict=True)
    except EselyError:
        ok = sorted(p.name for p in out.iterdir()) == ["earlier.ttl"]
    except Exception:  # noqa: BLE001 - counted as a crash by the import case already
        ok = sorted(p.name for p in out.iterdir()) == ["earlier.ttl"]
    else:
        ok = sorted(p.name for p in out.iterdir()) == sorted(result.files)
    if sorted(p.name for p in root.iterdir()) != ["data", "ttl"]:
        ok = False
    if not ok:
        report.partial_writes.append(f"{meta.id}: {sorted(p.name for p in out.iterdir())}")
    shutil.rmtree(root, ignore_errors=True)
