"""The one place that loads and queries the graph.

``open_graph(ttl_dir=…)``, ``open_graph(store_dir=…)`` or ``open_graph(endpoint=…)`` gives a
``GraphStore`` with the same small interface whatever holds the graph:

- a folder of Turtle files, loaded into an in-memory Oxigraph store (all files in the default
  graph, so a triple two files state is one triple);
- the persistent on-disk Oxigraph store under ``out/store`` (``disk_store.sync`` keeps it equal to
  the Turtle folder, one named graph per file, reloading only files whose content hash changed;
  queries see the union of the graphs);
- a remote SPARQL 1.1 endpoint (``remote.RemoteGraph``; its default graph must be the union of
  the named graphs ``publish`` writes, as Oxigraph's ``--union-default-graph`` gives).

``read_graph`` is the one reading of Turtle into rdflib (pySHACL, the linker, the build's
ontology). rdflib builds the triples; queries run on Oxigraph (pyoxigraph), an order of magnitude faster
than rdflib's default store. ``load_store``/``select`` remain for callers that use a raw store.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from .errors import EselyError
from .namespaces import PREFIXES

PROJECT_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}



def read_graph(paths, graph=None):
    """Turtle files parsed into one rdflib graph (for pySHACL and the build's own reading of the
    ontology and vocabularies); a file that is not Turtle is a one-line error naming it.

    Oxigraph parses (about 2.5x faster than rdflib's Turtle parser) and the terms are handed to
    rdflib as rdflib's own parser would make them: plain literals without a datatype, a blank node
    label fresh per file, the file's prefixes bound (``tests/test_store.py`` compares the two on
    every built file and shape)."""
    from rdflib import Graph

    g = Graph() if graph is None else graph
    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        try:
            parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            quads = list(parser)
        except (SyntaxError, OSError) as exc:
            raise EselyError(f"{path}: not valid Turtle / nem érvényes Turtle: {exc}") from None
        for prefix, ns in sorted(parser.prefixes.items()):
            g.bind(prefix, ns, override=False)
        to_rdflib = _Terms()
        g.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), g) for q in quads)
    return g


class _Terms:
    """pyoxigraph terms -> rdflib terms, memoised within one file (blank nodes fresh per file)."""
    XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

    def __init__(self):
        from rdflib import BNode, Literal, URIRef

        self.memo: dict = {}
        self.BNode, self.Literal, self.URIRef = BNode, Literal, URIRef

    def __call__(self, term):
        out = self.memo.get(term)
        if out is None:
            if isinstance(term, ox.NamedNode):
                out = self.URIRef(term.value)
            elif isinstance(term, ox.BlankNode):
                out = self.BNode()
            elif term.language:
                out = self.Literal(term.value, lang=term.language)
            elif term.datatype.value == self.XSD_STRING:
                out = self.Literal(term.value)
            else:
                out = self.Literal(term.value, datatype=self.URIRef(term.datatype.value))
            self.memo[term] = out
        return out


def to_rdflib(term):
    """One pyoxigraph term as rdflib's parser would make it (a blank node keeps its label; a plain
    string literal has no datatype): query results handed to pySHACL's and rdflib's side."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _Terms.XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def read_triples(path: Path):
    """The triples of one Turtle file, streamed by Oxigraph's parser (export, the on-disk store)."""
    try:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    except SyntaxError as exc:
        raise EselyError(f"{path}: not valid Turtle: {exc}") from None


def ttl_files(data_dir: Path) -> list[Path]:
    files = sorted(Path(data_dir).glob("*.ttl"), key=os.fspath)  # one folder: the paths' order (Path's < is slow)
    if not files:
        raise EselyError(f"{data_dir}: no .ttl files; run `esely-graph build` first")
    return files


def load_store(data_dir):
    """The Turtle folder in an in-memory Oxigraph store (default graph); a ``GraphStore`` is passed through,
    so callers that take a folder (report) also take a remote endpoint or the on-disk store."""
    if isinstance(data_dir, GraphStore):
        return data_dir
    store = ox.Store()
    for path in ttl_files(data_dir):
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            raise EselyError(f"{path}: not valid Turtle: {exc}") from None
    return store


def load_named(ttl_dir) -> ox.Store:
    """The Turtle folder in an in-memory store, one named graph per file (the layout of the on-disk
    store, ``disk_store``): what `all --in-memory` and the fast validation engine read, 3–8x less CPU
    per whole-country query than RocksDB at about 450 bytes a triple of memory. The graphs are named as
    the on-disk store's (``graph_units``: a town-growing file is one graph per town or document).

    File by file (``graph_units.load``), not as the one TriG stream a fresh on-disk store is loaded from
    (``trig_load``): the in-memory store that one stream makes answers the validation's checks 2x slower
    (N=400: 28-31 s CPU against 14-15 s, the same findings; ``esely-graph bench --in-memory`` at 3,200
    validated in 620 s, 216 s loaded file by file), while RocksDB sorts its keys whatever the order of loading."""
    from .graph_units import load

    store = ox.Store()
    load(store, ttl_files(ttl_dir))
    return store


def load_named_while(ttl_dir, work):
    """``load_named(ttl_dir)`` in a second thread while ``work()`` runs in this one: (work's result, the store).
    Oxigraph parses and inserts without holding Python's lock, so `all --in-memory` syncs the on-disk store and
    loads the in-memory copy on both cores at once (N=400: 30.7-34.0 s wall one after the other, 25.9-26.5 s side
    by side, the same CPU). When ``work`` fails, its error is raised once the load has stopped."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        loading = pool.submit(load_named, ttl_dir)
        result = work()
        return result, loading.result()


def sync_and_load(ttl_dir, store_dir, in_memory: bool):
    """What `all` (and the bench, as `all` runs it) loads: the on-disk store synced with the Turtle folder
    (``disk_store.sync``) and, with ``in_memory``, the in-memory copy loaded beside it (``load_named_while``):
    (the sync's report, the in-memory store or None)."""
    from .disk_store import sync

    if not in_memory:
        return sync(ttl_dir, store_dir), None
    return load_named_while(ttl_dir, lambda: sync(ttl_dir, store_dir))


def execute(store: ox.Store, text: str, substitutions: dict | None = None, union: bool = True):
    """Run any query on a pyoxigraph store with the project prefixes; readable syntax errors."""
    from .sparql_errors import explain_syntax_error
    from .sparql_text import anchored, query_form

    query_form(text)  # refuses updates in plain words
    text, substitutions = anchored(text, substitutions)  # a given municipality's IRI: the query starts there
    try:
        return store.query(text, use_default_graph_as_union=union, substitutions=substitutions or {},
                           prefixes=PROJECT_PREFIXES)
    except SyntaxError as exc:
        raise EselyError(explain_syntax_error(text, str(exc))) from None


def solutions_rows(result) -> tuple[list[str], list[dict]]:
    names = [v.value for v in result.variables]
    return names, [dict(zip(names, sol)) for sol in result]  # a solution iterates its values in that order


def select(store, query: str, substitutions: dict | None = None) -> tuple[list[str], list[dict]]:
    """Run a SELECT on a pyoxigraph store or a ``GraphStore``; (variable names, rows of name -> term or None)."""
    if isinstance(store, GraphStore):
        return store.select(query, substitutions)
    result = execute(store, query, substitutions)
    if not isinstance(result, ox.QuerySolutions):
        raise EselyError("only SELECT queries are supported here; use `esely-graph sparql` for CONSTRUCT, "
                         "DESCRIBE and ASK")
    return solutions_rows(result)


class GraphStore:
    """A graph to ask: ``select``, ``construct``/``describe``, ``ask``, ``provenance``."""

    def query(self, text: str, bindings: dict | None = None):  # pragma: no cover - interface
        raise NotImplementedError

    def select(self, text: str, bindings: dict | None = None) -> tuple[list[str], list[dict]]:
        result = self.query(text, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise EselyError("expected a SELECT query")
        return solutions_rows(result)

    def construct(self, text: str, bindings: dict | None = None) -> list[ox.Triple]:
        result = self.query(text, bindings)
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            raise EselyError("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    describe = construct

    def ask(self, text: str, bindings: dict | None = None) -> bool:
        result = self.query(text, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise EselyError("expected an ASK query")
        return bool(result)

    def provenance(self, iri: str) -> list[tuple[str, str, str]]:
        """(file, place, original text) of a node, one per source row (the rule: ``provenance.py``).

        place: 'line N' (or the row's place in a Word, Excel or PDF source, 'table 2, row 5'), then
        ', column C' where the node keeps its column.
        """
        from . import provenance

        triples = self.construct(provenance.CONSTRUCT, {ox.Variable("node"): ox.NamedNode(iri)})
        return provenance.describe(provenance.DictView((t.subject.value, t.predicate.value, t.object.value)
                                                       for t in triples), iri)


class OxigraphGraph(GraphStore):
    """A pyoxigraph store, in memory (``union=False``: default graph) or on disk (union of graphs)."""

    def __init__(self, store: ox.Store, union: bool):
        self.store, self.union = store, union

    def query(self, text: str, bindings: dict | None = None):
        return execute(self.store, text, bindings, self.union)


def open_graph(ttl_dir: Path | None = None, store_dir: Path | None = None, endpoint: str | None = None,
               timeout: float = 60.0) -> GraphStore:
    """The graph from exactly one of: a Turtle folder, an on-disk store, a SPARQL endpoint URL."""
    if sum(x is not None for x in (ttl_dir, store_dir, endpoint)) != 1:
        raise EselyError("give exactly one of a Turtle folder, a store folder or an endpoint URL")
    if endpoint is not None:
        from .remote import RemoteGraph

        return RemoteGraph(endpoint, timeout=timeout)
    if store_dir is not None:
        from .disk_store import open_read_only

        return OxigraphGraph(open_read_only(Path(store_dir)), union=True)
    return OxigraphGraph(load_store(Path(ttl_dir)), union=False)
