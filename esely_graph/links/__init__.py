"""Linking measures to the problems and opportunities of the situation analysis.

Automatic links come from Hungarian-aware text similarity (normalise/similarity.py)
with agreement of target group as evidence; curated decisions (data/links.toml)
accept, reject or add links. Both are kept in the graph apart: every link is an
``esely:Link`` node with its score, method, strength and origin, and only the
links that stand (automatic above the threshold and not rejected, or curated)
also become the plain ``esely:answersProblem`` / ``esely:takesUpOpportunity`` /
``esely:servesMeasure`` triples that queries use.

Nothing here knows a seed's texts: the method is the same for any municipality.

Modules: ``nodes`` (what is compared, read from the documents' graphs), ``scoring`` (candidates
per municipality), ``graph`` (the links graph), ``curation`` (decisions, review, evaluation).
"""

from .curation import Decision, Evaluation, append_decision, doc_graph, evaluate, load_decisions, review
from .graph import PROPS, LinkResult, link_documents, link_graph, link_nodes
from .nodes import Node, collect, collect_all
from .scoring import (MEASURE_THRESHOLD, METHOD, OPPORTUNITY_THRESHOLD, PRIMARY_THRESHOLD, PROGRAMME_BONUS,
                      SECONDARY_THRESHOLD, SETTLEMENT_LEVEL, STATEMENT_WEIGHT, Candidate, propose, propose_for)

__all__ = ["Candidate", "Decision", "Evaluation", "LinkResult", "Node", "PROPS", "append_decision", "collect",
           "collect_all", "doc_graph", "evaluate", "link_documents", "link_graph", "link_nodes", "load_decisions",
           "propose", "propose_for", "review", "MEASURE_THRESHOLD", "METHOD", "OPPORTUNITY_THRESHOLD",
           "PRIMARY_THRESHOLD", "PROGRAMME_BONUS", "SECONDARY_THRESHOLD", "SETTLEMENT_LEVEL", "STATEMENT_WEIGHT"]
