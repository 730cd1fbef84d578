"""What a rebuild need not read again: the digest of each source file, remembered with its file
status, and the entries of the last build, in one file.

A document's cache key hashes its source's bytes. Reading and hashing every source of the country
to find the one that changed costs more than the rest of a one-town rebuild, so ``SourceDigests``
remembers each file's SHA-256 with its size, inode, modification and change times, as git's index
does: the digest is read again only when one of these differs, or when the file was modified less
than ``RACY_NS`` before its digest was taken (a change within the file system's clock resolution
would leave its times as they were). ``Index``: the cache entries' metadata (triple count,
observations, the Turtle file's stamp) of the last build in one pickle, so that a rebuild does not
open a file per document to learn them. ``Shelf``: a persistent mapping, one file per key.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path

from ..collector import paused

RACY_NS = 2_000_000_000  # 2 s: coarser than any file system's modification time


def write(path: Path, data: bytes) -> None:
    """Write whole or not at all (a temporary file renamed into place), readable as any output."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def unpickle(data: bytes):
    """``pickle.loads`` with the cyclic garbage collector paused (``collector.paused``): loading millions of objects
    (the vocabularies, the index) otherwise sets off collections that walk every object loaded so far (a quarter of
    a one-town rebuild's time at 3,200 towns). Unpickling makes no garbage."""
    with paused():
        return pickle.loads(data)


def _stat(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns


def _load(path: Path) -> dict:
    try:
        data = unpickle(path.read_bytes())
        return data if isinstance(data, dict) else {}
    except Exception:  # missing, damaged or older: start empty
        return {}


def _save(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


class SourceDigests:
    """``digest(path)``: SHA-256 of the file's bytes, remembered in ``file`` between builds."""

    def __init__(self, file: Path):
        self.file = file
        self.known = _load(file)  # path -> (stat, time the digest was taken, digest)
        self.now: dict[str, tuple] = {}
        self.taken = 0

    def digest(self, path: Path) -> bytes:
        name = str(path)
        try:
            stat = _stat(path)
        except OSError:
            stat = None
        known = self.known.get(name)
        if stat is not None and known is not None and known[0] == stat and stat[2] < known[1] - RACY_NS:
            self.now[name] = known
            return known[2]
        taken = time.time_ns()
        data = path.read_bytes()  # a missing file raises here, as reading it always did
        digest = hashlib.sha256(data).digest()
        if stat is not None:
            self.now[name] = (stat, taken, digest)
        self.taken += 1
        return digest

    def save(self) -> None:
        """Keep the digests this build took or used (the other files are gone from the manifest)."""
        if self.taken or self.now.keys() != self.known.keys():
            _save(self.file, self.now)


class Index:
    """Cache key -> an entry's metadata, for the entries of the last build, read and written whole."""

    def __init__(self, file: Path):
        self.file = file
        self.known = _load(file)
        self.now: dict[str, object] = {}
        self.changed = False

    def get(self, key: str):
        return self.known.get(key)

    def keep(self, key: str, value) -> None:
        self.now[key] = value
        self.changed = self.changed or self.known.get(key) is not value

    def save(self) -> None:
        if self.changed or self.now.keys() != self.known.keys():
            _save(self.file, self.now)


def names_file(root: Path) -> Path:
    """Where a shelf lists the names its last build used (so pruning it lists no folder)."""
    return root.parent / f"{root.name}.names"


def load_names(root: Path) -> set[str] | None:
    try:
        names = pickle.loads(names_file(root).read_bytes())
        return names if isinstance(names, set) else None
    except Exception:
        return None


def save_names(root: Path, names: set[str]) -> None:
    _save(names_file(root), names)  # type: ignore[arg-type]


class Shelf:
    """A persistent mapping key -> a picklable value, one file per key in ``root`` (its name the
    hash of the code and the key: a new version of the program never reads an older one's
    values); entries no build asked for are pruned."""

    def __init__(self, root: Path, salt: bytes = b""):
        self.root = root
        self.salt = salt
        self.used: set[str] = set()

    def _name(self, key: str) -> str:
        name = hashlib.sha256(self.salt + key.encode()).hexdigest()
        self.used.add(name)
        return name

    def touch(self, key: str) -> None:
        """Keep the value under ``key`` (not pruned) without reading it."""
        self._name(key)

    def __contains__(self, key: str) -> bool:
        return (self.root / self._name(key)).exists()

    def __getitem__(self, key: str):
        return unpickle((self.root / self._name(key)).read_bytes())

    def get(self, key: str, default=None):
        try:
            return self[key]
        except Exception:  # missing or damaged: not there
            return default

    def __setitem__(self, key: str, value) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write(self.root / self._name(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Remove the values no build asked for: of the names the last build used (listed beside the
        shelf), or of every file in the folder when there is no list."""
        last = load_names(self.root)
        if last is not None:
            for name in last - self.used:
                (self.root / name).unlink(missing_ok=True)
        elif self.root.is_dir():
            for path in self.root.glob("*"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
        if last != self.used:
            save_names(self.root, set(self.used))


class OneFileShelf:
    """A shelf in one file (``get``, ``[key] = value``, ``prune``), for many small values every
    build reads (each document's similarity profile): read whole at the first ``get``; ``prune``
    keeps the values this build asked for or stored. Keys must fix their values (a document's cache
    key does: it hashes the code). One town's new plan changes a few of 9,600 values, yet writing the
    27 MB file again took 0.3–0.5 s of each rebuild at 3,200 towns: the changes since the file was
    written (values added, keys dropped) go to a small file beside it (``.delta``, naming the file's
    status), read with it, until they are ``DELTA_SHARE`` of its values; then the file is written whole."""

    DELTA_SHARE = 0.05

    def __init__(self, file: Path):
        self.file = file
        self.delta_file = file.with_name(file.name + ".delta")
        self.known: dict | None = None
        self.base: set = set()  # the keys of the file itself (without the delta)
        self.now: dict = {}
        self.changed = False

    def _read(self) -> dict:
        if self.known is None:
            self.known = _load(self.file)
            self.base = set(self.known)
            delta = _load(self.delta_file) if self.known else {}
            if delta and delta.get("base") == _status(self.file):  # else a delta of another file: not read
                for key in delta["dropped"]:
                    self.known.pop(key, None)
                self.known.update(delta["added"])
        return self.known

    def get(self, key: str, default=None):
        known = self._read()
        if key in known:
            self.now[key] = known[key]
            return known[key]
        return default

    def __setitem__(self, key: str, value) -> None:
        self._read()
        self.now[key] = value
        self.changed = True

    def prune(self) -> None:
        if self.known is None or not (self.changed or self.now.keys() != self.known.keys()):
            return
        added = {k: v for k, v in self.now.items() if k not in self.base}
        dropped = sorted(self.base - self.now.keys())
        status = _status(self.file) if self.base else None
        if status is not None and len(added) + len(dropped) <= self.DELTA_SHARE * len(self.base):
            _save(self.delta_file, {"base": status, "added": added, "dropped": dropped})
            return
        _save(self.file, self.now)
        self.delta_file.unlink(missing_ok=True)


def file_stamp(path: Path | str) -> tuple[int, int, int]:
    """A file's inode, size and modification time: the build writes a changed file as a new inode."""
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def _status(path: Path) -> tuple[int, int, int] | None:
    """``file_stamp``, None when the file is gone: the file a delta was made against."""
    try:
        return file_stamp(path)
    except OSError:
        return None
