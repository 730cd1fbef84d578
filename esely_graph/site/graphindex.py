"""The site's read of the graph: a town's triples (or the national vocabularies), indexed by subject and by object.

A town's index sits on the national one (``base``): look-ups fall through to it (the ontology's labels, the
target groups), iteration sees the town's own subjects only, and the objects' back-references are both
indexes' together."""

from __future__ import annotations

import re
from collections import defaultdict

from pyoxigraph import NamedNode

from .. import provenance
from ..namespaces import BASE, PREFIXES

NS = {k: str(v) for k, v in PREFIXES.items()}
E, DCT, SKOS, ORG, ELI, PROV, TIME = (NS[k] for k in ("esely", "dcterms", "skos", "org", "eli", "prov", "time"))
RDF_TYPE = NS["rdf"] + "type"
RDFS_LABEL = NS["rdfs"] + "label"
RDFS_COMMENT = NS["rdfs"] + "comment"
SCHEMA = "https://schema.org/"
LABEL_PROPS = [SKOS + "prefLabel", DCT + "title", RDFS_LABEL, E + "originalText", ELI + "id_local",
               "http://xmlns.com/foaf/0.1/name"]


class Layered(dict):
    """A dict whose misses are looked up in ``base``; iteration and ``items()`` see its own keys only."""

    def __init__(self, own: dict, base: dict | None):
        super().__init__(own)
        self.base = base if base is not None else {}

    def get(self, key, default=None):
        return super().get(key, self.base.get(key, default))

    def __getitem__(self, key):
        return self.get(key) if key in self or key in self.base else super().__getitem__(key)

    def __contains__(self, key):
        return super().__contains__(key) or key in self.base


class Refs(Layered):
    """object -> [(subject, predicate)]: the town's and the base's references together."""

    def get(self, key, default=None):
        own, base = dict.get(self, key), self.base.get(key)
        if own is None or base is None:
            return own if own is not None else (base if base is not None else default)
        return own + base


class Index:
    """Subject -> predicate -> [(object, is_iri, language)], and object -> [(subject, predicate)]."""

    def __init__(self, triples, base: Index | None = None):
        sp = defaultdict(lambda: defaultdict(list))
        op = defaultdict(list)
        for s, p, o, is_iri, lang in triples:
            sp[s][p].append((o, is_iri, lang))
            if is_iri:
                op[o].append((s, p))
        self.base = base
        self.sp = Layered(sp, base.sp if base else None)
        self.op = Refs(op, base.op if base else None)

    def values(self, s: str, p: str) -> list[str]:
        return [o for o, _, _ in self.sp.get(s, {}).get(p, [])]

    def value(self, s: str | None, p: str) -> str | None:
        vals = self.values(s, p) if s else []
        return min(vals) if vals else None

    def types(self, s: str) -> list[str]:
        return self.values(s, RDF_TYPE)

    def literal(self, s: str, p: str, lang: str) -> str | None:
        """The literal in the page's language, else a Hungarian or untagged one."""
        vals = self.sp.get(s, {}).get(p, [])
        for want in (lang, "hu", None, "en"):
            hits = sorted(o for o, is_iri, lg in vals if not is_iri and lg == want)
            if hits:
                return hits[0]
        return None

    def label(self, iri: str, lang: str = "hu") -> str:
        for p in LABEL_PROPS:
            v = self.literal(iri, p, lang)
            if v:
                return v
        return self.value(iri, E + "code") or iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def end_date(self, timespec: str | None, which: str = "hasEnd") -> str | None:
        return self.value(self.value(timespec, TIME + which), TIME + "inXSDDate")

    def sources(self, iri: str) -> list[tuple[str, int, str | None]]:
        """(file, line, document) of the source rows a node was derived from."""
        return [(s.file, s.line, s.document) for s in provenance.sources(self, iri)]


def rows(triples) -> list[tuple]:
    """pyoxigraph triples as the index's rows (s, p, o, is_iri, language)."""
    return [(t.subject.value, t.predicate.value, t.object.value, isinstance(t.object, NamedNode),
             getattr(t.object, "language", None)) for t in triples]


def load_index(triples, base: Index | None = None) -> Index:
    return Index(rows(triples), base)


def page_name(iri: str) -> str:
    rel = iri[len(BASE):] if iri.startswith(BASE) else re.sub(r"^https?://", "", iri)
    return re.sub(r"[^A-Za-z0-9._-]+", "~", rel) + ".html"


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def curie(iri: str) -> str:
    for p, ns in NS.items():
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri
