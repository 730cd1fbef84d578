"""What the build of every document shares: vocabularies, matchers, aliases seen.

Owner names resolve against a town's curated entries (data/vocab/organisations.toml) plus the
statutory posts and bodies every municipality has (normalise/statutory.toml); statutory nodes and
units recognised by their head word are registered here when a document names them, so the
organisations graph describes each once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from ..normalise.names import Entry, Gazetteer
from ..normalise.programmes import ProgrammeFinder
from ..normalise.statutory import owner_gazetteer, strategy_gazetteer
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
    uncurated: dict[str, Entry] = field(default_factory=dict)  # statutory or head-word entries named by a document
    uncurated_basis: dict[str, str] = field(default_factory=dict)
    statutory_strategies: dict[str, Entry] = field(default_factory=dict)  # named by a document, not curated
    _by_town: tuple[dict, dict, dict] | None = field(default=None, repr=False)
    entry_reprs: dict[int, tuple] | None = field(default=None, repr=False)  # id(entry) -> (entry, repr) (the cache's)

    def entry_text(self, entry: Entry) -> str:
        """``repr(entry)``, kept by the build cache for the vocabularies' entries (a repr costs 10 µs)."""
        kept = self.entry_reprs.get(id(entry)) if self.entry_reprs else None
        return kept[1] if kept is not None and kept[0] is entry else repr(entry)

    def _towns(self) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]], dict[str, Entry]]:
        """Curated organisations and strategies by municipality, and each town's curated council:
        one pass over the vocabularies for the whole build (a scan per town is quadratic in towns)."""
        if self._by_town is None:
            orgs: dict[str, list[Entry]] = defaultdict(list)
            strategies: dict[str, list[Entry]] = defaultdict(list)
            councils: dict[str, Entry] = {}
            for e in self.vocab.organisations:
                orgs[e.id.split("/", 1)[0]].append(e)
                if e.kind == "council" and e.parent is not None:
                    councils.setdefault(e.parent, e)
            for e in self.vocab.strategies:
                strategies[self.vocab.strategy_municipality[e.id]].append(e)
            self._by_town = (orgs, strategies, councils)
        return self._by_town

    def owners(self, municipality: str) -> Gazetteer:
        if municipality not in self.owner_gazetteers:
            entries = self._towns()[0].get(municipality, [])
            self.owner_gazetteers[municipality] = owner_gazetteer(municipality, entries)
        return self.owner_gazetteers[municipality]

    def strategies(self, municipality: str) -> Gazetteer:
        if municipality not in self.strategy_gazetteers:
            entries = self._towns()[1].get(municipality, [])
            self.strategy_gazetteers[municipality] = strategy_gazetteer(municipality, entries)
        return self.strategy_gazetteers[municipality]

    def strategy(self, entry: Entry) -> Entry:
        """A strategy a document names; a statutory plan (the HEP) is registered for the strategies graph."""
        if entry.origin != "curated":
            self.statutory_strategies.setdefault(entry.id, replace(entry, aliases=()))
        return entry

    def strategy_entries(self) -> list[Entry]:
        return list(self.vocab.strategies) + [self.statutory_strategies[k] for k in sorted(self.statutory_strategies)]

    def strategy_municipality(self, entry_id: str) -> str:
        return self.vocab.strategy_municipality.get(entry_id) or entry_id.split("/", 1)[0]

    def register(self, entry: Entry, where: str) -> Entry:
        """The entry a document names, registered for the organisations graph when it is not curated.

        A unit named by its head word whose id a curated or statutory entry already has is that entry."""
        if entry.origin == "curated":
            return entry
        known = self.uncurated.get(entry.id)
        if known is not None:
            return known
        municipality = entry.id.split("/", 1)[0]
        known = self.owners(municipality).entries.get(entry.id)
        if known is not None and known.origin == "curated":
            return known
        if known is not None:
            entry = known
        self.uncurated[entry.id] = replace(entry, aliases=())
        self.uncurated_basis[entry.id] = (
            f"statutory: every municipality has it (esely_graph/normalise/statutory.toml); first named in {where}"
            if entry.origin == "statutory" else f"recognised by the last word of its name in {where}; not curated")
        if entry.parent and entry.parent not in self.uncurated:
            parent = self.owners(municipality).entries.get(entry.parent)
            if parent is not None:
                self.register(parent, where)
        return self.uncurated[entry.id]

    def organisation_entries(self) -> list[Entry]:
        """Curated entries, then the uncurated ones documents named, by id."""
        return list(self.vocab.organisations) + [self.uncurated[k] for k in sorted(self.uncurated)]

    def basis(self, entry_id: str) -> str:
        return self.vocab.basis.get(entry_id) or self.uncurated_basis.get(entry_id, "")

    def council(self, municipality: str) -> URIRef | None:
        """The town's council: the curated one, else the statutory body (registered on first use)."""
        curated = self._towns()[2].get(municipality)
        if curated is not None:
            return org_iri(curated.id)
        for e in self.uncurated.values():  # this document's and the build's registered entries
            if e.kind == "council" and e.id.startswith(municipality + "/"):
                return org_iri(e.id)
        statutory = self.owners(municipality).entries.get(f"{municipality}/kepviselo-testulet")
        return org_iri(self.register(statutory, "a resolution's citation").id) if statutory else None
