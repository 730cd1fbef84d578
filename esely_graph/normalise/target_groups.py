"""Section headings -> target-group concepts of ontology/target-groups.ttl.

``target-group-headings.toml`` (beside this module: parser configuration, not published
vocabulary) gives each concept its heading keywords: accent-free stems that a heading
must all contain (as word prefixes). A heading maps to every concept it matches,
minus those whose keywords are a strict subset of another match's (``A
mélyszegénységben élők és a romák`` is the statutory group, not its two parts).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import SKOS

from ..errors import EselyError
from ..store import read_graph
from ..text import fold

HEADINGS = Path(__file__).with_name("target-group-headings.toml")
TG = "https://w3id.org/esely/id/target-group/"


@dataclass(frozen=True)
class TargetGroupMatcher:
    patterns: tuple[tuple[URIRef, frozenset[str]], ...]

    @classmethod
    def from_file(cls, path: Path, headings: Path = HEADINGS) -> "TargetGroupMatcher":
        """The heading keywords of ``headings`` for the concepts of the scheme in ``path``."""
        concepts = set(read_graph(path).subjects(SKOS.inScheme, URIRef(TG)))
        pats = []
        for name, entry in tomllib.loads(headings.read_text(encoding="utf-8")).items():
            if URIRef(TG + name) not in concepts:
                raise EselyError(f"{headings}: [{name}] is not a concept of {path}")
            pats += [(URIRef(TG + name), frozenset(h.split())) for h in entry["headings"]]
        return cls(tuple(sorted(pats)))

    def match(self, heading: str) -> list[URIRef]:
        words = re.findall(r"\w+", fold(heading))
        hits: list[tuple[URIRef, frozenset[str]]] = []
        for concept, stems in self.patterns:
            if all(any(w.startswith(s) for w in words) for s in stems):
                hits.append((concept, stems))
        keep = []
        for concept, stems in hits:
            if any(stems < other for c, other in hits if c != concept):
                continue
            if concept not in keep:
                keep.append(concept)
        return sorted(keep)
