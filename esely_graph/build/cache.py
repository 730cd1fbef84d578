"""A per-document cache of built documents, so that a rebuild redoes only what changed.

A document's output depends on: its source file, its manifest entry, its municipality's
organisations and strategies, the programmes, the target-group scheme, the limits on a
document (from the environment) and the code the build runs (``code.py``: the modules it imports
and the data files they read; a change to the site or the validation rebuilds nothing). The
SHA-256 of all of these is the document's key; an entry under that key is three files: its
canonical Turtle (``KEY.ttl``, copied into the output as it is: no graph is read back), what the
linker reads from it (``KEY.nodes``: its problems, opportunities and measures as link nodes, read
only when its town's links are computed again) and ``KEY.meta`` (its triple count and what building
it observed for the shared vocabularies: owner and strategy spellings met, programmes named).
Change one town's table and only that town's documents miss.

The cache lives in ``data/.cache/`` (not committed; delete it any time). It is this user's own
working data, read with ``pickle``: do not point it at files from elsewhere.
Set ``ESELY_NO_CACHE=1`` to build without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .code import code_hash as _code_hash
from .memo import OneFileShelf, Shelf, file_stamp, write as _write

FORMAT = b"esely-document-cache 2"


def code_hash() -> bytes:
    """The hash of the program the build runs (``code.py``: the modules it imports, the data they read)."""
    return _code_hash(FORMAT)


@dataclass
class Observed:
    """What building one document adds to the shared vocabulary graphs, replayed on a cache hit:
    spellings met, programmes named, and the statutory or uncurated entries it registered."""
    aliases: dict[str, set[str]]
    programmes: set[str]
    uncurated: dict
    uncurated_basis: dict[str, str]
    statutory_strategies: dict


@dataclass
class Hit:
    turtle: Path | str  # the canonical Turtle, to copy
    triples: int
    observed: Observed
    stamp: tuple[int, int, int] | None = None  # the Turtle file's inode, size, modification time


class DocumentCache:
    def __init__(self, root: Path, shared: bytes):
        from .memo import Index, SourceDigests

        self.root = root
        self._root = str(root)
        self.shared = shared  # hash of what every document depends on
        self.hits = self.misses = 0
        self.used: set[str] = set()
        self._towns: dict[str, bytes] | None = None
        self.entry_reprs: dict[int, tuple] = {}  # id(entry) -> (entry, repr(entry)), for the vocabularies' entries
        self.digests = SourceDigests(root.parent / "sources.digests")
        self.index = Index(root.parent / "documents.index")

    @classmethod
    def for_build(cls, data_dir: Path, ontology_dir: Path) -> "DocumentCache | None":
        if os.environ.get("ESELY_NO_CACHE"):
            return None
        from ..limits import LIMITS

        h = hashlib.sha256(code_hash())
        h.update(repr(LIMITS).encode())  # limits come from the environment
        for path in (data_dir / "vocab" / "programmes.toml", ontology_dir / "target-groups.ttl"):
            h.update(path.read_bytes() if path.exists() else b"-")
        return cls(data_dir / ".cache" / "documents", h.digest())

    def shelf(self, name: str) -> "Shelf":
        """Where the parts of a shared file are kept between builds (``links``: each town's links)."""
        return Shelf(self.root.parent / name, code_hash())

    def one_file_shelf(self, name: str) -> "OneFileShelf":
        """A shelf of small values per document, kept in one file (``memo.OneFileShelf``)."""
        return OneFileShelf(self.root.parent / f"{name}.values")

    def _town_vocab(self, vocab) -> dict[str, bytes]:
        """Each town's curated organisations and strategies, as bytes to hash (one pass over the
        vocabularies for all towns, in their order)."""
        if self._towns is None:
            towns: dict[str, list[bytes]] = defaultdict(list)
            for e in vocab.organisations:
                parts = e.id.split("/")
                mine = {"/".join(parts[:i]) for i in range(1, len(parts) + 1)} | {e.parent}
                for town in mine:  # the town itself, its units (id under the town), and what it is the parent of
                    towns[town].append(repr((e, vocab.basis.get(e.id))).encode())
            for e in vocab.strategies:
                towns["strategy " + vocab.strategy_municipality[e.id]].append(repr(e).encode())
            self._towns = {t: b"".join(v) for t, v in towns.items()}
        return self._towns

    def key(self, meta, source: Path, vocab) -> str:
        """The document's key: the shared hash, its manifest entry, source and town's vocabulary."""
        town = meta.municipality
        h = hashlib.sha256(self.shared)
        h.update(repr(meta).encode())
        h.update(self.digests.digest(source))
        towns = self._town_vocab(vocab)
        h.update(towns.get(town, b""))
        h.update(b"|")
        h.update(towns.get("strategy " + town, b""))
        return h.hexdigest()

    def _file(self, key: str, suffix: str) -> str:
        """``_path`` as text (a Path per document and suffix costs more than the rest of a cache hit)."""
        return f"{self._root}{os.sep}{key[:2]}{os.sep}{key}.{suffix}"

    def _path(self, key: str, suffix: str) -> Path:
        return self.root / key[:2] / f"{key}.{suffix}"

    def get(self, key: str) -> Hit | None:
        """The entry under ``key``: its Turtle file, triple count and observations (not its nodes)."""
        self.used.add(key)
        try:
            meta = self.index.get(key)
            if meta is None:
                meta = pickle.loads(self._path(key, "meta").read_bytes())
            triples, observed, stamp = meta
            if not isinstance(observed, Observed) or file_stamp(self._file(key, "ttl")) != stamp:
                raise ValueError("older or changed entry")
        except Exception:  # missing, damaged or older: a miss
            self.misses += 1
            return None
        self.hits += 1
        self.index.keep(key, meta)
        return Hit(self._file(key, "ttl"), triples, observed, stamp)

    def nodes(self, key: str):
        """The link nodes of the entry under ``key`` (links.nodes.collect's lists)."""
        return pickle.loads(self._path(key, "nodes").read_bytes())

    def put(self, key: str, turtle: bytes, triples: int, nodes, observed: Observed) -> Path:
        """Store a document's Turtle, its link nodes and what it observed (meta last: an entry
        whose meta is there is whole); return the Turtle's file."""
        self._path(key, "ttl").parent.mkdir(parents=True, exist_ok=True)
        observed = Observed({k: set(v) for k, v in observed.aliases.items()}, set(observed.programmes),
                            dict(observed.uncurated), dict(observed.uncurated_basis), dict(observed.statutory_strategies))
        _write(self._path(key, "ttl"), turtle)
        _write(self._path(key, "nodes"), pickle.dumps(nodes, protocol=pickle.HIGHEST_PROTOCOL))
        stamp = file_stamp(self._path(key, "ttl"))
        _write(self._path(key, "meta"), pickle.dumps((triples, observed, stamp), protocol=pickle.HIGHEST_PROTOCOL))
        self.index.keep(key, (triples, observed, stamp))
        return self._path(key, "ttl")

    def manifest(self, data_dir: Path, load):
        """``load(data_dir)`` (the manifest), read back while sources.toml and the code are unchanged
        (parsing the TOML of the country's documents takes seconds)."""
        path = data_dir / "sources.toml"
        try:
            text = path.read_bytes()
        except OSError:
            return load(data_dir)  # its own error
        key = hashlib.sha256(code_hash() + str(path).encode() + b"\0" + text).hexdigest()
        shelf = Shelf(self.root.parent / "manifest")
        kept = shelf.get(key)
        if kept is None:
            kept = shelf[key] = load(data_dir)
        shelf.prune()
        return kept

    def vocabularies(self, data_dir: Path, load):
        """``load(data_dir)``, read back from the cache while the vocabulary files and the code are
        unchanged (parsing them is most of what a rebuild of one town costs otherwise)."""
        h = hashlib.sha256(code_hash())
        for name in ("organisations.toml", "strategies.toml"):
            path = data_dir / "vocab" / name
            h.update(path.read_bytes() if path.exists() else b"-")
        shelf = Shelf(self.root.parent / "vocab")
        kept = shelf.get(h.hexdigest())
        if not isinstance(kept, tuple) or len(kept) != 3:
            vocab = load(data_dir)
            kept = shelf[h.hexdigest()] = (vocab, self._town_vocab(vocab), [repr(e) for e in _entries(vocab)])
        shelf.prune()
        vocab, self._towns, reprs = kept  # with each town's part of the keys, computed once
        self.entry_reprs = {id(e): (e, r) for e, r in zip(_entries(vocab), reprs)}
        return vocab

    def prune(self) -> None:
        """Remove the entries this build did not use (older versions of documents, older code): those
        of the last build's index, or every file not used when there was no index; then keep the
        index and the source digests for the next build."""
        if self.index.known:
            for key in self.index.known.keys() - self.used:
                for suffix in ("meta", "nodes", "ttl"):
                    self._path(key, suffix).unlink(missing_ok=True)
        else:
            for path in self.root.glob("*/*"):
                if path.name.split(".")[0] not in self.used:
                    path.unlink(missing_ok=True)
        self.index.save()
        self.digests.save()


def _entries(vocab) -> list:
    return list(vocab.organisations) + list(vocab.strategies)


def add_observed(ctx, observed: Observed) -> None:
    """Add what one document observed to the build's records; the first document to register an
    entry keeps it (as when the documents are built in manifest order without the cache)."""
    for k, v in observed.aliases.items():
        ctx.observed_aliases[k] |= v
    ctx.programmes_seen.update(observed.programmes)
    for k, v in observed.uncurated.items():
        ctx.uncurated.setdefault(k, v)
    for k, v in observed.uncurated_basis.items():
        ctx.uncurated_basis.setdefault(k, v)
    for k, v in observed.statutory_strategies.items():
        ctx.statutory_strategies.setdefault(k, v)


def observe(ctx):
    """Give ``ctx`` fresh records for one document; return them and ``done(keep)``, which restores
    the build's records and, when ``keep`` (the document was built), adds this document's to them.
    Every document is built this way, cached or not, so a cached build equals an uncached one."""
    fields = ("observed_aliases", "programmes_seen", "uncurated", "uncurated_basis", "statutory_strategies")
    saved = {f: getattr(ctx, f) for f in fields}
    ctx.observed_aliases, ctx.programmes_seen = defaultdict(set), set()
    ctx.uncurated, ctx.uncurated_basis, ctx.statutory_strategies = {}, {}, {}
    mine = Observed(ctx.observed_aliases, ctx.programmes_seen, ctx.uncurated, ctx.uncurated_basis,
                    ctx.statutory_strategies)

    def done(keep: bool) -> None:
        for f, v in saved.items():
            setattr(ctx, f, v)
        if keep:
            add_observed(ctx, mine)

    return mine, done
