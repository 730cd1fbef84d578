"""Benchmarks: every stage of `esely-graph all`, timed, on this project or on a synthetic
corpus of N municipalities (``--municipalities N``) generated from the project's seed tables.

Prints a table and returns (optionally writes) the figures as JSON; asserts nothing. At a size
where it finishes (``plain_max``) the same run also times the plain stack (rdflib store and
SPARQL, pySHACL over the whole graph) and raw pyoxigraph, and prints the ratios.

Modules: ``names``/``reword``/``seeds``/``tables``/``corpus`` make the corpus; ``meter`` measures
a stage; ``stages`` runs the pipeline; ``plain`` the comparison; ``summary`` formats figures.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from ..layout import Layout
from .meter import Stage, measure
from .plain import ratios, run_plain
from .stages import run_stages
from .summary import summary, table


def run_bench(lay: Layout, municipalities: int | None = None, seed: int = 1, plain_max: int = 10,
              json_path: Path | None = None, workdir: Path | None = None, day: dt.date | None = None,
              echo=print, skip: tuple[str, ...] = (), in_memory: bool = False) -> dict:
    """Time the pipeline; ``municipalities``: on a synthetic corpus of that many towns instead of
    the project's own documents (whose data/ttl is left alone: everything is built in ``workdir``)."""
    from ..manifest import load_manifest

    from .machine import machine

    day = day or dt.date.today()
    before = machine()
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="esely-bench-"))
    corpus = None
    try:
        if municipalities:
            from .corpus import write_corpus
            from .seeds import read_seeds

            echo(f"writing a synthetic corpus of {municipalities} municipalities (seed {seed}) in {tmp} …")
            corpus = Stage("corpus")
            with measure(corpus):
                write_corpus(read_seeds(lay), tmp / "data", municipalities, seed)
            if corpus.error:
                raise RuntimeError(corpus.error)
            run_lay = Layout(data=tmp / "data", ttl=tmp / "data" / "ttl", out=tmp / "out",
                             queries=lay.queries, shapes=lay.shapes, ontology=lay.ontology)
        else:
            run_lay = lay.with_(ttl=tmp / "ttl", out=tmp / "out")
        manifest = load_manifest(run_lay.data)
        n = len({d.municipality for d in manifest.documents})
        echo(f"running the pipeline ({len(manifest.documents)} documents, {n} municipalities) …")
        stages, per_query = run_stages(run_lay, day, echo, skip, rebuild=bool(municipalities),
                                       in_memory=in_memory)
        plain: list[Stage] = []
        if n <= plain_max and not stages[0].error and "plain" not in skip:
            echo(f"the plain stack and raw pyoxigraph on the same graph (N = {n} <= --plain-max {plain_max}) …")
            plain = run_plain(run_lay, day, echo)
        result = summary(n, seed if municipalities else None, len(manifest.documents), stages, per_query, plain,
                         ratios(stages, plain) if plain else {}, corpus)
        result["machine"] = {"before": before, "after": machine()}
    finally:
        if not workdir:
            shutil.rmtree(tmp, ignore_errors=True)
    echo(table(result))
    if json_path:
        Path(json_path).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        echo(f"wrote {json_path}")
    return result
