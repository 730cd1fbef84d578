"""A per-document cache of built graphs, so that a rebuild redoes only what changed.

A document's graph depends on: its source file, its manifest entry, its municipality's
organisations and strategies, the programmes, the target-group scheme, the limits on a
document (from the environment) and the code (every module and data file of the package). The
SHA-256 of all of these is the document's key; an entry under that key holds the graph
(pickled), its canonical Turtle (so it is not written again), what the linker reads from it
(its problems, opportunities and measures as link nodes) and what building it observed
for the shared vocabularies (owner and strategy spellings met, programmes named), which the
vocabulary graphs need. Change one town's table and only that town's documents miss.

The cache lives in ``data/.cache/documents`` (not committed; delete it any time). It is this
user's own working data, read with ``pickle``: do not point it at files from elsewhere.
Set ``ESELY_NO_CACHE=1`` to build without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from ..links.nodes import link_nodes_of
from ..store import read_graph
from .output import remember, remembered

PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = b"esely-document-cache 1"


@lru_cache(maxsize=1)
def code_hash() -> bytes:
    """The hash of the program itself: every module and data file of the package."""
    h = hashlib.sha256(FORMAT)
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".toml", ".ttl", ".rq") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(PACKAGE)).encode())
            h.update(path.read_bytes())
    return h.digest()


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
    graph: Graph  # carries its canonical Turtle (output.remember) and its link nodes (links.nodes)
    observed: Observed


class DocumentCache:
    def __init__(self, root: Path, shared: bytes, scheme_file: Path | None = None):
        self.root = root
        self.shared = shared  # hash of what every document depends on
        self._scheme_file = scheme_file
        self._scheme: Graph | None = None
        self.hits = self.misses = 0
        self.used: set[str] = set()

    @classmethod
    def for_build(cls, data_dir: Path, ontology_dir: Path) -> "DocumentCache | None":
        if os.environ.get("ESELY_NO_CACHE"):
            return None
        from ..limits import LIMITS

        h = hashlib.sha256(code_hash())
        h.update(repr(LIMITS).encode())  # limits come from the environment
        for path in (data_dir / "vocab" / "programmes.toml", ontology_dir / "target-groups.ttl"):
            h.update(path.read_bytes() if path.exists() else b"-")
        return cls(data_dir / ".cache" / "documents", h.digest(), ontology_dir / "target-groups.ttl")

    def town_scores(self) -> TownScores:
        """Where each town's link scores are kept between builds."""
        return TownScores(self.root.parent / "links")

    @property
    def scheme(self) -> Graph:
        """The target-group scheme (for the link nodes' broader groups), read once."""
        if self._scheme is None:
            self._scheme = read_graph(self._scheme_file)
        return self._scheme

    def key(self, meta, source: Path, vocab) -> str:
        """The document's key: the shared hash, its manifest entry, source and town's vocabulary."""
        town = meta.municipality
        h = hashlib.sha256(self.shared)
        h.update(repr(meta).encode())
        h.update(source.read_bytes())
        for e in vocab.organisations:
            if e.id == town or e.id.startswith(town + "/") or e.parent == town:
                h.update(repr((e, vocab.basis.get(e.id))).encode())
        for e in vocab.strategies:
            if vocab.strategy_municipality[e.id] == town:
                h.update(repr(e).encode())
        return h.hexdigest()

    def get(self, key: str) -> Hit | None:
        self.used.add(key)
        path = self.root / key[:2] / key
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            graph, turtle, nodes, observed = pickle.loads(data)
            if not isinstance(observed, Observed):
                raise ValueError("older entry")
        except Exception:  # a damaged or older entry is a miss
            self.misses += 1
            return None
        self.hits += 1
        remember(graph, turtle)
        graph._esely_link_nodes = (len(graph), nodes)
        return Hit(graph, observed)

    def put(self, key: str, graph: Graph, observed: Observed) -> None:
        """Store a document's graph with its Turtle, its link nodes and what it observed."""
        path = self.root / key[:2] / key
        path.parent.mkdir(parents=True, exist_ok=True)
        nodes = link_nodes_of(graph, self.scheme)
        observed = Observed({k: set(v) for k, v in observed.aliases.items()}, set(observed.programmes),
                            dict(observed.uncurated), dict(observed.uncurated_basis), dict(observed.statutory_strategies))
        data = pickle.dumps((graph, remembered(graph), nodes, observed), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # readers see the whole entry or none


    def prune(self) -> None:
        """Remove the entries this build did not use (older versions of documents, older code)."""
        for path in self.root.glob("*/*"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)


class TownScores:
    """A persistent mapping town key -> the town's score blocks (links.scoring.propose_for's memo),
    in ``data/.cache/links``; entries no build asked for are pruned."""

    def __init__(self, root: Path):
        self.root = root
        self.used: set[str] = set()

    def __contains__(self, key: str) -> bool:
        self.used.add(key)
        return (self.root / key).exists()

    def __getitem__(self, key: str):
        return pickle.loads((self.root / key).read_bytes())

    def __setitem__(self, key: str, blocks) -> None:
        self.used.add(key)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(pickle.dumps(blocks, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.root / key)

    def prune(self) -> None:
        for path in self.root.glob("*"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)


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
