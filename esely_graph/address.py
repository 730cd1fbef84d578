"""Addresses a user types, resolved against the graph before a named query runs.

- ``municipality``: its id (``szeged``), its name or its settlement's name, any accents or case
  (``Szeged``, ``ferencváros``, ``Budapest IX. kerület``), its KSH code (``33367``) or its IRI -> the
  municipality's IRI, which ``queries.bind_params`` binds as ``?municipality_iri``: the queries start from
  that node (one town's work), not from the whole country's rows filtered by label.
- ``county``: ``bacs-kiskun`` -> ``Bács-Kiskun``.
- ``node`` of ``trace``: an IRI, or a code (``I/1``) that must name exactly one measure once
  ``municipality`` and ``document`` are applied, else the error lists the candidates.

What matches nothing is an error naming the closest values in the graph (rapidfuzz).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rapidfuzz import fuzz, process

from .errors import EselyError
from .namespaces import BASE
from .queries import ANY, NamedQuery
from .settlements import _key, _strip, register
from .store import GraphStore, select


def _select(graph, text: str, substitutions: dict | None = None):
    """A SELECT on an Oxigraph store or on any GraphStore (in memory, on disk, a remote endpoint)."""
    if isinstance(graph, GraphStore):
        return graph.select(text, substitutions)
    return select(graph, text, substitutions)

ORG = BASE + "org/"  # where the build puts a municipality: ORG + its id

MUNICIPALITIES = """
PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?mu ?label ?ksh ?name ?alt ?county WHERE {
  ?doc dcterms:identifier ?id ; esely:municipality ?mu .
  ?mu skos:prefLabel ?label .
  OPTIONAL { ?mu esely:settlement ?s . ?s dcterms:identifier ?ksh ; skos:prefLabel ?name ; esely:county ?county .
             OPTIONAL { ?s skos:altLabel ?alt } }
}"""

CANDIDATES = """
PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?code ?measure ?document ?municipality WHERE {
  ?measure a esely:Measure ; esely:code ?code ; dcterms:isPartOf ?doc .
  ?doc dcterms:identifier ?document ; esely:municipality/skos:prefLabel ?ml .
  BIND (STR(?ml) AS ?municipality)
} ORDER BY ?municipality ?document ?measure"""


@dataclass(frozen=True)
class Municipality:
    iri: str
    label: str
    keys: frozenset[str] = field(compare=False)  # the spellings it is known by (empty when found by its IRI)
    county: str = ""


def municipalities(store: ox.Store) -> list[Municipality]:
    names, rows = _select(store, MUNICIPALITIES)
    found: dict[str, dict] = {}
    for r in rows:
        iri = r["mu"].value
        m = found.setdefault(iri, {"label": r["label"].value, "keys": set(), "county": ""})
        m["keys"] |= {_key(iri.rstrip("/").rsplit("/", 1)[-1]), _key(r["label"].value), _strip(_key(r["label"].value))}
        for var in ("ksh", "name", "alt"):
            if r[var] is not None:
                m["keys"].add(_key(r[var].value))
        if r["county"] is not None:
            m["county"] = r["county"].value
    return [Municipality(iri, m["label"], frozenset(m["keys"]), m["county"]) for iri, m in sorted(found.items())]


ONE = """
PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?county WHERE {
  ?doc esely:municipality ?mu . FILTER EXISTS { ?doc dcterms:identifier ?id }
  ?mu skos:prefLabel ?label .
  OPTIONAL { ?mu esely:settlement/esely:county ?county }
} LIMIT 1"""


def _by_iri(store, iri: str) -> Municipality | None:
    """The municipality with this IRI if a document names it: one town's index lookups, not the country's list."""
    names, rows = _select(store, ONE.replace("?mu", f"<{iri}>"))
    if not rows:
        return None
    county = rows[0]["county"]
    return Municipality(iri, rows[0]["label"].value, frozenset(), county.value if county is not None else "")


def resolve_municipality(store: ox.Store, text: str) -> Municipality:
    # its IRI, or its id (the last part of the IRI the build gives it): looked up directly
    if re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", text.strip()):
        found = _by_iri(store, text.strip())
        if found is not None:
            return found
    elif re.fullmatch(r"[a-z0-9][a-z0-9-]*", text.strip()):
        found = _by_iri(store, f"{ORG}{text.strip()}")
        if found is not None:
            return found
    known = municipalities(store)
    for m in known:
        if text.strip() == m.iri:
            return m
    key = _key(text)
    for m in known:
        if key in m.keys or _strip(key) in m.keys:
            return m
    settlement = register().find(text)
    if settlement is not None:
        for m in known:
            if settlement.ksh in m.keys:
                return m
        raise EselyError(f"municipality '{text}' ({settlement.name}, KSH {settlement.ksh}) has no document in the "
                         f"graph / nincs dokumentuma a gráfban; {_listing(known, settlement.county)}")
    choices = {k: m for m in known for k in m.keys}
    near = []
    for k, _, _ in process.extract(key, list(choices), scorer=fuzz.ratio, limit=10):
        if choices[k].label not in near:
            near.append(choices[k].label)
    raise EselyError(f"municipality '{text}' is not in the graph / nem szerepel a gráfban; closest / leghasonlóbb: "
                     f"{', '.join(near[:3]) or 'none'}")


def _listing(known: list[Municipality], county: str, limit: int = 5) -> str:
    """What the graph holds, short at national scale: the count and a few towns of the same county."""
    same = [m.label for m in known if m.county == county]
    shown = same[:limit] if same else [m.label for m in known[:limit]]
    more = f" … (+{len(same or known) - len(shown)})" if len(same or known) > len(shown) else ""
    where = f" in {county} / {county} vármegyében" if same else ""
    return (f"{len(known)} municipalities in the graph / település a gráfban"
            + (f"; e.g.{where}: {', '.join(shown)}{more}" if shown else ""))


def resolve_county(store: ox.Store, text: str) -> str:
    counties = sorted({s.county for s in register().settlements})
    for c in counties:
        if _key(c) == _key(text):
            return c
    near = [c for c, _, _ in process.extract(text, counties, scorer=fuzz.ratio, limit=3)]
    raise EselyError(f"county '{text}' is not a county (vármegye) / nem vármegye; closest / leghasonlóbb: {', '.join(near)}")


def resolve_node(store: ox.Store, code: str, municipality: str | None, document: str | None) -> str:
    names, rows = _select(store, CANDIDATES, {ox.Variable("code"): ox.Literal(code)})
    found = [(r["measure"].value, r["document"].value, r["municipality"].value) for r in rows]
    found = [f for f in found if (municipality is None or f[2] == municipality) and (document is None or f[1] == document)]
    if len(found) == 1:
        return found[0][0]
    where = " in ".join(x for x in (document, municipality) if x)
    if not found:
        raise EselyError(f"no measure with code '{code}'{' in ' + where if where else ''} / nincs ilyen kódú intézkedés")
    listed = "; ".join(f"{iri} ({muni}, {doc})" for iri, doc, muni in found)
    raise EselyError(f"'{code}' is ambiguous / nem egyértelmű: {len(found)} measures; give --param municipality=… "
                     f"and/or --param document=…, or the IRI; candidates: {listed}")


def resolve_params(store: ox.Store, query: NamedQuery, given: dict[str, str]) -> dict[str, str]:
    """The user's parameters with addresses replaced by what the query binds."""
    out = dict(given)
    declared = {p.name for p in query.params}
    label = None
    if out.get("municipality", ANY) != ANY and "municipality" in declared:
        town = resolve_municipality(store, out["municipality"])
        out["municipality"], label = town.iri, town.label
    if out.get("county", ANY) != ANY and "county" in declared:
        out["county"] = resolve_county(store, out["county"])
    node = out.get("node")
    if node and "node" in declared and "://" not in node:
        doc = out.get("document")
        # one measure, or an error listing the candidates; the query itself narrows by municipality and
        # document (they are its columns), so the code stays as the user wrote it
        resolve_node(store, node, label, None if doc in (None, ANY) else doc)
    return out
