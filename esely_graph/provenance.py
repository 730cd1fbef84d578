"""Where a node comes from — the one rule, whatever holds the graph.

A node built from a source keeps ``prov:wasDerivedFrom`` links to its source rows; a row names the
file (``esely:sourceFile``), the line (``esely:lineNumber``), for Word, Excel and PDF sources the
place in the document (``esely:sourcePlace``: "table 2, row 5", "sheet Intézkedések, row 7", "page 3,
row 4") and the document it is part of (``dcterms:isPartOf``). A cell-level node names its column
(``esely:sourceColumn``) and keeps the text as written (``esely:originalText``; for things with a
name: title, label or preferred label).

The rule reads the graph through a *view*: anything with ``values(s, p) -> list[str]`` giving the
objects of ``s p`` as strings (IRIs and literal values). The site's index is such a view;
``RdflibView`` wraps an rdflib graph (validation, the linker); ``store.GraphStore.provenance``
fetches a node's and its rows' triples with one CONSTRUCT into a ``DictView``. So the store, the
site, validation and the linker answer "which file, which place, what text" the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from .namespaces import PREFIXES

_NS = {k: str(v) for k, v in PREFIXES.items()}
DERIVED_FROM = _NS["prov"] + "wasDerivedFrom"
SOURCE_FILE = _NS["esely"] + "sourceFile"
LINE = _NS["esely"] + "lineNumber"
PLACE = _NS["esely"] + "sourcePlace"
COLUMN = _NS["esely"] + "sourceColumn"
PART_OF = _NS["dcterms"] + "isPartOf"
IDENTIFIER = _NS["dcterms"] + "identifier"
TEXT_PROPS = (_NS["esely"] + "originalText", _NS["dcterms"] + "title", _NS["rdfs"] + "label",
              _NS["skos"] + "prefLabel")
ROW_PROPS = (SOURCE_FILE, LINE, PLACE, PART_OF)


class View(Protocol):
    def values(self, s: str, p: str) -> list[str]: ...


@dataclass(frozen=True, order=True)
class Source:
    """One source row of a node: file, line, place in a Word/Excel/PDF source, document IRI."""
    file: str
    line: int
    place: str | None = None
    document: str | None = None

    def where(self) -> str:
        """'line N', or the row's place in a Word, Excel or PDF source."""
        return self.place or f"line {self.line}"


def _one(view: View, s: str | None, p: str) -> str | None:
    vals = view.values(s, p) if s else []
    return min(vals) if vals else None


def sources(view: View, node: str) -> list[Source]:
    """The source rows of ``node``, sorted by file and line (rows without file or line are not sources)."""
    out = set()
    for row in view.values(node, DERIVED_FROM):
        file, line = _one(view, row, SOURCE_FILE), _one(view, row, LINE)
        if file and line:
            out.add(Source(file, int(line), _one(view, row, PLACE), _one(view, row, PART_OF)))
    return sorted(out)


def first_source(view: View, node: str) -> Source | None:
    """The row ``node`` was first derived from (lowest line), or None."""
    found = sorted(sources(view, node), key=lambda s: (s.line, s.file))
    return found[0] if found else None


def text(view: View, node: str) -> str | None:
    """The text a node keeps: as written in the source, else its title, label or preferred label."""
    for p in TEXT_PROPS:
        v = _one(view, node, p)
        if v is not None:
            return v
    return None


def identifier(view: View, document: str | None) -> str | None:
    """A document's identifier (``dcterms:identifier``)."""
    return _one(view, document, IDENTIFIER)


def document_id(view: View, node: str) -> str | None:
    """The identifier of the document a node (or a source row) is part of."""
    return identifier(view, _one(view, node, PART_OF))


def describe(view: View, node: str) -> list[tuple[str, str, str]]:
    """(file, place, text) per source row: place is 'line N' or the row's place, then ', column C'
    where the node keeps its column. A node with no source row but a text gives one entry ('', '', text)."""
    column = _one(view, node, COLUMN)
    said = text(view, node) or ""
    out = []
    for src in sources(view, node):
        place = src.where() + (f", column {column}" if column else "")
        if (src.file, place, said) not in out:
            out.append((src.file, place, said))
    if not out and (said or column):
        out.append(("", f"column {column}" if column else "", said))
    return out


class DictView:
    """A view over (s, p, o) string triples (e.g. what a CONSTRUCT returned)."""

    def __init__(self, triples: Iterable[tuple[str, str, str]]):
        self.sp: dict[tuple[str, str], list[str]] = {}
        for s, p, o in triples:
            self.sp.setdefault((s, p), []).append(o)

    def values(self, s: str, p: str) -> list[str]:
        return self.sp.get((s, p), [])


class RdflibView:
    """A view over an rdflib graph."""

    def __init__(self, graph):
        from rdflib import BNode, URIRef

        self.g, self._uri, self._bnode = graph, URIRef, BNode

    def values(self, s, p: str) -> list[str]:
        node = s if not isinstance(s, str) or isinstance(s, (self._uri, self._bnode)) else self._uri(s)
        return [str(o) for o in self.g.objects(node, self._uri(p))]


# One CONSTRUCT gives a store everything ``describe`` reads about a node: its own provenance
# triples and those of its source rows and their documents.
CONSTRUCT = """
CONSTRUCT { ?node ?p ?o . ?row ?rp ?ro . ?doc dcterms:identifier ?id }
WHERE {
  { ?node ?p ?o VALUES ?p { prov:wasDerivedFrom esely:sourceColumn esely:originalText dcterms:title
                            rdfs:label skos:prefLabel dcterms:isPartOf } }
  UNION
  { ?node prov:wasDerivedFrom ?row . ?row ?rp ?ro
    VALUES ?rp { esely:sourceFile esely:lineNumber esely:sourcePlace dcterms:isPartOf }
    OPTIONAL { ?row dcterms:isPartOf ?doc . ?doc dcterms:identifier ?id } }
}
"""
