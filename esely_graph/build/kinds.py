"""The registry of source kinds: for each, its importer, the class of its document and its triple writer.

Adding a kind means adding an importer (esely_graph/importers/) and, if its records are new,
a writer module here; nothing else dispatches on the kind string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rdflib import URIRef

from ..importers import (
    council_proposal,
    council_resolution,
    hep_action_plan,
    hep_conclusions,
    strategy_action_plan,
)
from ..namespaces import ESELY
from .document import CoreWriter
from .owners import OwnerWriter
from .prose import ProseWriter
from .tables import TableWriter
from .values import ValueWriter


class DocumentGraph(CoreWriter, ValueWriter, OwnerWriter, TableWriter, ProseWriter):
    """Builds the graph of one source document (each writer module adds its part)."""


@dataclass(frozen=True)
class Kind:
    name: str
    read: Callable            # (path, display, ImportContext, encoding) -> records
    doc_class: URIRef
    write: Callable           # (DocumentGraph, records) -> None


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("hep-conclusions", hep_conclusions.read, ESELY.SituationAnalysis, DocumentGraph.table),
    Kind("hep-action-plan", hep_action_plan.read, ESELY.ActionPlan, DocumentGraph.table),
    Kind("strategy-action-plan", strategy_action_plan.read, ESELY.StrategyActionPlan, DocumentGraph.table),
    Kind("council-resolution", council_resolution.read, ESELY.ResolutionText, DocumentGraph.resolution_text),
    Kind("council-proposal", council_proposal.read, ESELY.Proposal, DocumentGraph.proposal),
)}
