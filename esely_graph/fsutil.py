"""Output folders: written beside their target, swapped into place whole, never half-written.

``atomic_dir(out)`` yields a fresh temporary folder next to ``out``; when the block succeeds the
folder replaces ``out`` with two renames (old -> ``.NAME-old-…``, new -> ``out``). A kill at any
moment leaves the old output, or the new one, or — between the two renames — the old one under
its ``-old-`` name, which the next run puts back before it starts. Stale temporary folders of
killed runs are removed on the next run. Folders get normal permissions (0755), not mkdtemp's 0700.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import EselyError

MODE = 0o755


def _siblings(out: Path, tag: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}-{tag}-*")) if out.parent.is_dir() else []


def recover(out: Path) -> None:
    """Undo what a killed run left: put a displaced old output back, drop stale temporaries."""
    olds = _siblings(out, "old")
    if not out.exists() and olds:
        os.replace(olds[-1], out)
        olds = olds[:-1]
    for stale in olds + _siblings(out, "tmp"):
        shutil.rmtree(stale, ignore_errors=True)


def refuse_overlap(out: Path, *inputs: Path) -> None:
    """An output folder must not be, contain or lie inside an input folder."""
    o = out.resolve()
    for i in inputs:
        if i is None:
            continue
        r = Path(i).resolve()
        if o == r or r.is_relative_to(o) or (o.is_relative_to(r) and not _allowed_inside(o, r)):
            raise EselyError(f"refusing to write {out}: it overlaps the input folder {i} "
                             f"(the output would replace or mix with the inputs); choose another --out")


def _allowed_inside(out: Path, data: Path) -> bool:
    """The graph folder data/ttl lives inside data/: allowed, as long as it is a folder of its own."""
    return out.parent == data and out.name == "ttl"


@contextmanager
def atomic_dir(out: Path):
    """Yield a temporary folder; on success it replaces ``out`` (see the module docstring)."""
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-tmp-", dir=out.parent))
    os.chmod(tmp, MODE)
    try:
        yield tmp
        for folder, dirs, _ in os.walk(tmp):
            for d in dirs:
                os.chmod(Path(folder) / d, MODE)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}-old-{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
