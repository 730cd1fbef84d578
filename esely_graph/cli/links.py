"""The links group: review, curate and measure the links from measures to problems."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from ..errors import EselyError
from . import main
from .common import DATA_OPT, graph_layout, layout, user_errors


@main.group()
def links() -> None:
    """Review, curate and measure the links from measures to problems."""


@links.command("review")
@DATA_OPT
@click.option("--document", default=None, help="Only the measures of this document id.")
@click.option("--limit", default=3, show_default=True, help="Candidates shown per measure.")
@user_errors
def links_review(data_dir: Path | None, document: str | None, limit: int) -> None:
    """Ranked candidate problems per measure, both texts side by side."""
    from ..links import PRIMARY_THRESHOLD, SECONDARY_THRESHOLD, doc_graph, review

    g = doc_graph(graph_layout(data_dir).ttl)
    _require_document(g, document)
    width = 60
    for m, cands in review(g, document, limit):
        click.echo(f"== {m.doc}:{m.code}")
        left = textwrap.wrap(f"B: {m.statement}" if m.statement else m.text[:300], width) or [""]
        for n, c in enumerate(cands, 1):
            mark = "✓" if c.accepted else " "
            right = textwrap.wrap(f"{n}. {c.score:.3f} {mark} {c.strength} {c.target.doc}:{c.target.code}: "
                                  f"{c.target.statement}", width)
            rows = max(len(left) if n == 1 else 0, len(right))
            for i in range(rows):
                l = left[i] if n == 1 and i < len(left) else ""
                r = right[i] if i < len(right) else ""
                click.echo(f"  {l:<{width}} | {r}")
        top = f"{cands[0].target.doc}:{cands[0].target.code}"
        click.echo(f"  thresholds: primary ≥ {PRIMARY_THRESHOLD}, secondary ≥ {SECONDARY_THRESHOLD}")
        for action in ("accept", "reject"):
            click.echo(f"  {action}:  esely-graph links decide '{m.doc}:{m.code}' '{top}' --action {action} --reason '…'")
        click.echo("")


@links.command("decide")
@click.argument("measure")
@click.argument("target")
@click.option("--action", type=click.Choice(["accept", "reject", "add"]), required=True)
@click.option("--kind", type=click.Choice(["problem", "opportunity", "measure"]), default="problem", show_default=True)
@click.option("--strength", type=click.Choice(["primary", "secondary"]), default="primary", show_default=True)
@click.option("--reason", required=True, help="Why: a short sentence another person can check.")
@click.option("--file", "path", type=click.Path(path_type=Path), default=None, help="Decisions file [default: data/links.toml].")
@DATA_OPT
@user_errors
def links_decide(measure: str, target: str, action: str, kind: str, strength: str, reason: str, path: Path | None,
                 data_dir: Path | None) -> None:
    """Record a decision on the link MEASURE -> TARGET ('doc-id:CODE' -> 'doc-id:line N') in data/links.toml."""
    from ..links import append_decision, collect, doc_graph

    lay = graph_layout(data_dir)
    problems, opportunities, measures = collect(doc_graph(lay.ttl))
    known = {"problem": problems, "opportunity": opportunities, "measure": measures}
    if measure not in {f"{m.doc}:{m.code}" for m in measures}:
        raise EselyError(f"'{measure}' is no measure; expected 'document-id:CODE', e.g. town-hep-it:I/2")
    if target not in {f"{n.doc}:{n.code}" for n in known[kind]}:
        raise EselyError(f"'{target}' is no {kind}; expected 'document-id:line N' (or 'document-id:CODE' for a measure)")
    path = path or layout().links_file
    append_decision(path, measure, target, kind, action, strength, reason)
    click.echo(f"recorded in {path}; run `esely-graph build` to apply it")


@links.command("evaluate")
@DATA_OPT
@click.option("--labels", type=click.Path(path_type=Path, exists=True), required=True,
              help="Hand labels CSV (measure, problem, strength).")
@click.option("--document", required=True, help="Document id whose measures the labels cover.")
@user_errors
def links_evaluate(data_dir: Path | None, labels: Path, document: str) -> None:
    """Precision and recall of the automatic primary links (curated decisions excluded) on hand labels."""
    from ..links import doc_graph, evaluate

    g = doc_graph(graph_layout(data_dir).ttl)
    _require_document(g, document)
    ev = evaluate(g, labels, document)
    click.echo(f"labelled measures: {ev.labelled} ({ev.with_problem} with a problem, "
               f"{ev.labelled - ev.with_problem} with none)")
    click.echo(f"automatic primary links: {ev.predicted}, correct: {ev.true_positive}, "
               f"'answers none' correct: {ev.none_correct}")
    click.echo(f"precision {ev.precision:.3f}  recall {ev.recall:.3f}")
    for m in ev.misses:
        click.echo(f"  miss: {m}")


def _require_document(g, document: str | None) -> None:
    """A --document that names no document of the graph is an error listing the ones there are."""
    if document is None:
        return
    from ..links import collect

    _, _, measures = collect(g)
    docs = sorted({m.doc for m in measures})
    if document not in docs:
        raise EselyError(f"--document '{document}' has no measures in the graph; documents with measures: "
                         + (", ".join(docs) or "none"))
