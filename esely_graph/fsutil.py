"""Output folders: written beside their target, swapped into place whole, never half-written.

``atomic_dir(out)`` yields a fresh temporary folder next to ``out``; when the block succeeds the
folder replaces ``out`` with two renames (old -> ``.NAME-old-…``, new -> ``out``). A kill at any
moment leaves the old output, or the new one, or — between the two renames — the old one under
its ``-old-`` name, which the next run puts back before it starts. Stale temporary folders of
killed runs are removed on the next run. Folders get normal permissions (0755), not mkdtemp's 0700.

``updated_dir(out)`` is the same promise for a flat folder of files that mostly stay as they are (the graph
folder after one town changed): the caller ``write``s or ``place``s every file of the new output, and only the
files that differ are written, into a temporary folder beside ``out``. On success a journal (the renames and
deletions, written whole) is put beside ``out``, then applied: each new file renamed over its old one, the
files no longer written deleted. A kill while applying leaves the journal, and the next run (``recover``)
finishes it: old output or new output, never a mix once recovered. The files left as they were keep their
inode and times, so readers that remember file status (the store's sync) do not read them again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import EselyError

MODE = 0o755


def _siblings(out: Path, tag: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}-{tag}-*")) if out.parent.is_dir() else []


def _journal(out: Path) -> Path:
    return out.parent / f".{out.name}-journal"


def recover(out: Path) -> None:
    """Undo what a killed run left: finish an update's journal, put a displaced old output back, drop
    stale temporaries."""
    journal = _journal(out)
    if journal.is_file():
        _apply(json.loads(journal.read_text(encoding="utf-8")), journal)
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


def _apply(plan: dict, journal: Path) -> None:
    """Do what an update's journal says (again, if a killed run did part of it), then drop the journal."""
    for staged, target in plan["rename"]:
        if os.path.lexists(staged):
            os.replace(staged, target)
    for target in plan["delete"]:
        try:
            os.unlink(target)
        except FileNotFoundError:
            pass
    journal.unlink()
    shutil.rmtree(plan["stage"], ignore_errors=True)


class FolderUpdate:
    """The new content of a flat folder, file by file: ``write(name, data)``, ``place(source, name, stamp)``.
    Only files that differ from the folder's are staged (``fresh``: the folder is new, every file is)."""

    def __init__(self, out: Path, stage: Path, fresh: bool):
        self.out, self.stage, self.fresh = out, stage, fresh
        self.current = {} if fresh else {e.name: e for e in os.scandir(out)}
        self.kept: set[str] = set()
        self.staged: list[str] = []

    def write(self, name: str, data: bytes) -> None:
        """File ``name`` holds ``data`` (left as it is when it already does)."""
        entry = self.current.get(name)
        if entry is not None and entry.is_file(follow_symlinks=False) and entry.stat().st_size == len(data):
            with open(entry.path, "rb") as f:
                if f.read() == data:
                    self.kept.add(name)
                    return
        with open(os.path.join(self.stage, name), "wb") as f:
            f.write(data)
        self.staged.append(name)

    def place(self, source: Path | str, name: str, stamp: tuple[int, int, int] | None = None) -> None:
        """File ``name`` is a hard link to ``source`` (a copy across file systems); left as it is when it is
        already that file: the same inode, size and modification time (``stamp``, ``source``'s)."""
        entry = self.current.get(name)
        if stamp is not None and entry is not None and entry.is_file(follow_symlinks=False):
            st = entry.stat(follow_symlinks=False)
            if (st.st_ino, st.st_size, st.st_mtime_ns) == tuple(stamp):
                self.kept.add(name)
                return
        target = os.path.join(self.stage, name)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        self.staged.append(name)

    def commit(self) -> None:
        """Put the staged files in place and delete the files not written (the journal first)."""
        new = set(self.staged)
        plan = {"stage": str(self.stage),
                "rename": [(str(self.stage / n), str(self.out / n)) for n in self.staged],
                "delete": [str(self.out / n) for n in sorted(self.current.keys() - self.kept - new)]}
        if not plan["rename"] and not plan["delete"]:
            shutil.rmtree(self.stage, ignore_errors=True)
            return
        journal = _journal(self.out)
        tmp = journal.with_name(journal.name + ".tmp")
        tmp.write_text(json.dumps(plan), encoding="utf-8")
        os.replace(tmp, journal)
        _apply(plan, journal)


@contextmanager
def updated_dir(out: Path):
    """Yield a ``FolderUpdate`` of ``out``: on success only the files that differ change (a folder that does
    not exist, or holds a folder, is written whole with ``atomic_dir``); on failure ``out`` is untouched."""
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    if not out.is_dir() or any(e.is_dir(follow_symlinks=False) for e in os.scandir(out)):
        with atomic_dir(out) as tmp:
            update = FolderUpdate(tmp, tmp, fresh=True)
            yield update
        return
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}-tmp-", dir=out.parent))
    try:
        update = FolderUpdate(out, stage, fresh=False)
        yield update
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    update.commit()


def link_into(path: Path, folder: Path) -> bool:
    """A hard link to ``path`` under its name in ``folder`` (replacing the one there: a reader sees the old link or
    the new); False when it cannot be made (another file system, gone). The store and the site keep the shared
    files as they last read them so (no bytes copied; the build writes a changed file as a new inode)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / (path.name + ".tmp")
        tmp.unlink(missing_ok=True)
        os.link(path, tmp)
        os.replace(tmp, folder / path.name)
    except OSError:
        return False
    return True
