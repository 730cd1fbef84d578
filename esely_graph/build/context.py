"""What the build of every document shares: vocabularies, matchers, aliases seen."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from ..normalise.names import Gazetteer
from ..normalise.programmes import ProgrammeFinder
from ..normalise.target_groups import TargetGroupMatcher
from ..vocab import Vocabularies
from .iris import org_iri


@dataclass
class BuildContext:
    vocab: Vocabularies
    target_groups: TargetGroupMatcher
    programmes: ProgrammeFinder = field(default_factory=lambda: ProgrammeFinder([]))
    programmes_seen: set[str] = field(default_factory=set)
    owner_gazetteers: dict[str, Gazetteer] = field(default_factory=dict)
    strategy_gazetteers: dict[str, Gazetteer] = field(default_factory=dict)
    observed_aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def owners(self, municipality: str) -> Gazetteer:
        if municipality not in self.owner_gazetteers:
            entries = [e for e in self.vocab.organisations
                       if e.id == municipality or e.id.startswith(municipality + "/")]
            self.owner_gazetteers[municipality] = Gazetteer(entries)
        return self.owner_gazetteers[municipality]

    def strategies(self, municipality: str) -> Gazetteer:
        if municipality not in self.strategy_gazetteers:
            entries = [e for e in self.vocab.strategies if self.vocab.strategy_municipality[e.id] == municipality]
            self.strategy_gazetteers[municipality] = Gazetteer(entries)
        return self.strategy_gazetteers[municipality]

    def council(self, municipality: str) -> URIRef | None:
        for e in self.vocab.organisations:
            if e.kind == "council" and e.parent == municipality:
                return org_iri(e.id)
        return None

