"""Section headings -> target-group concepts of ontology/target-groups.ttl.

Each concept carries ``esely:headingKeywords``: accent-free stems that a heading
must all contain (as word prefixes). A heading maps to every concept it matches,
minus those whose keywords are a strict subset of another match's (``A
mélyszegénységben élők és a romák`` is the statutory group, not its two parts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace, URIRef

from ..text import fold

ESELY = Namespace("https://w3id.org/esely/ontology#")


@dataclass(frozen=True)
class TargetGroupMatcher:
    patterns: tuple[tuple[URIRef, frozenset[str]], ...]

    @classmethod
    def from_file(cls, path: Path) -> "TargetGroupMatcher":
        g = Graph().parse(path)
        pats = sorted((URIRef(s), frozenset(str(o).split()))
                      for s, o in g.subject_objects(ESELY.headingKeywords))
        return cls(tuple(pats))

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
