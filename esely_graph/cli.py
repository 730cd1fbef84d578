"""Command line: a thin click layer over the library. User errors exit 1 without a traceback."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__, project_root
from .errors import EselyError


def default_path(rel: str) -> Path:
    """``rel`` under the current directory if it is there, else under the project checkout."""
    here = Path(rel)
    return here if here.exists() else project_root() / rel


def user_errors(fn):
    """Turn EselyError into a one-line message and exit code 1."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except EselyError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    return wrapper


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise EselyError(f"--param '{v}': expected KEY=VALUE")
        k, val = v.split("=", 1)
        out[k.strip()] = val.strip()
    return out


DATA_OPT = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                        help="Directory of built Turtle files [default: data/ttl].")
AS_OF_OPT = click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                         help="Day to compare deadlines with (overdue lists) [default: today].")
FORMAT_OPT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "records"]), default="table",
                          show_default=True,
                          help="Output format: json is SPARQL 1.1 Query Results JSON; records is a plain list of objects.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="esely-graph")
def main() -> None:
    """esely-graph: a knowledge graph of Hungarian local equal-opportunity plans (HEP).

    Typical run: `esely-graph all` builds data/ttl from data/sources, validates it,
    writes the gap report and the site into out/.
    """


@main.command()
@click.option("--sources", "sources", type=click.Path(path_type=Path), default=None,
              help="Directory holding sources.toml, sources/ and vocab/ [default: data].")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Where to write the Turtle files [default: data/ttl]. Replaced only when the whole build succeeds.")
@user_errors
def build(sources: Path | None, out: Path | None) -> None:
    """Import every source document into Turtle (one file per document, plus ontology and vocabularies)."""
    from .build import build as run_build

    sources = sources or default_path("data")
    out = out or sources / "ttl"
    with click.progressbar(length=1, label="Importing documents", file=sys.stderr) as bar:
        def progress(docs):
            bar.length = len(docs)
            for d in docs:
                bar.label = f"Importing {d.id}"
                yield d
                bar.update(1)
        result = run_build(sources, out, progress=progress)
    total = sum(result.files.values())
    for name, n in result.files.items():
        click.echo(f"{n:7d}  {name}")
    click.echo(f"{total:7d}  triples written to {result.out_dir}")


@main.command()
@DATA_OPT
@FORMAT_OPT
@user_errors
def stats(data_dir: Path | None, fmt: str) -> None:
    """Count nodes per class and per document."""
    from .queries import format_rows
    from .stats import stats as run_stats

    names, rows = run_stats(data_dir or default_path("data/ttl"))
    click.echo(format_rows(names, rows, fmt), nl=False)


@main.command("queries")
@user_errors
def list_queries() -> None:
    """List the named queries with what each answers."""
    from .queries import load_queries

    for q in load_queries(default_path("queries")).values():
        params = ", ".join(f"{p.name} ({p.type}{'=' + p.default if p.default else ''})" for p in q.params)
        click.echo(f"{q.name}\n    {q.title}: {q.answers}")
        if params:
            click.echo(f"    params: {params}")


@main.command()
@click.argument("name")
@DATA_OPT
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Query parameter (repeatable).")
@FORMAT_OPT
@user_errors
def query(name: str, data_dir: Path | None, params: tuple[str, ...], fmt: str) -> None:
    """Run the named query NAME (see `esely-graph queries`)."""
    from .queries import bind_params, format_rows, get_query, run_sparql
    from .store import load_store

    q = get_query(default_path("queries"), name)
    subs = bind_params(q, parse_params(params))
    names, rows = run_sparql(load_store(data_dir or default_path("data/ttl")), q.text, subs)
    click.echo(format_rows(names, rows, fmt), nl=False)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@DATA_OPT
@FORMAT_OPT
@user_errors
def sparql(file, data_dir: Path | None, fmt: str) -> None:
    """Run any SPARQL SELECT query from FILE (or - for standard input).

    The project's prefixes (esely:, id:, tg:, dcterms:, skos:, org:, time:, prov:, eli:, schema: …)
    are declared for you.
    """
    from .queries import format_rows, run_sparql
    from .store import load_store

    text = file.read()
    names, rows = run_sparql(load_store(data_dir or default_path("data/ttl")), text)
    click.echo(format_rows(names, rows, fmt), nl=False)


@main.command()
@DATA_OPT
@click.option("--shapes", "shapes_dir", type=click.Path(path_type=Path), default=None, help="Shapes directory [default: shapes].")
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]), default="violation", show_default=True,
              help="Exit 1 when a finding of this severity or worse exists.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text for people; json for programs; turtle: the standard sh:ValidationReport.")
@click.option("--lang", type=click.Choice(["hu", "en"]), default="hu", show_default=True, help="Language of the messages.")
@click.option("--jobs", type=int, default=None, help="Parallel processes [default: one per core when there are many documents].")
@user_errors
def validate(data_dir: Path | None, shapes_dir: Path | None, fail_on: str, fmt: str, lang: str, jobs: int | None) -> None:
    """Validate the graph with the SHACL shapes, one document at a time."""
    from .validate import format_json, format_text, validate as run_validate

    with click.progressbar(length=1, label="Validating", file=sys.stderr) as bar:
        def progress(items):
            bar.length = len(items)
            for item in items:
                yield item
                bar.update(1)
        report = run_validate(data_dir or default_path("data/ttl"), shapes_dir or default_path("shapes"), jobs, progress)
    if fmt == "text":
        click.echo(format_text(report, lang), nl=False)
    elif fmt == "json":
        click.echo(format_json(report), nl=False)
    else:
        click.echo(report.graph.serialize(format="turtle"), nl=False)
    if report.fails(fail_on):
        sys.exit(1)


@main.command()
@DATA_OPT
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out/report"), show_default=True,
              help="Directory for report.md, report.html and one CSV per query.")
@AS_OF_OPT
@user_errors
def report(data_dir: Path | None, out: Path, as_of) -> None:
    """Write the gap report (Markdown and HTML): every named query and the graph analytics."""
    import datetime as dt

    from .report import build_report

    day = as_of.date() if as_of else dt.date.today()
    ctx = build_report(data_dir or default_path("data/ttl"), default_path("queries"), out, day)
    for s in ctx["sections"]:
        click.echo(f"{s.total:5d}  {s.name}")
    click.echo(f"wrote {out / 'report.md'} and {out / 'report.html'}")


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
    import textwrap

    from .links import PRIMARY_THRESHOLD, doc_graph, review

    g = doc_graph(data_dir or default_path("data/ttl"))
    width = 60
    for m, cands in review(g, document, limit):
        click.echo(f"== {m.doc}:{m.code}  (threshold {PRIMARY_THRESHOLD})")
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
        click.echo(f"  decide:  esely-graph links decide {m.doc}:{m.code} '{top}' --action accept|reject --reason '…'")
        click.echo("")


@links.command("decide")
@click.argument("measure")
@click.argument("target")
@click.option("--action", type=click.Choice(["accept", "reject", "add"]), required=True)
@click.option("--kind", type=click.Choice(["problem", "opportunity", "measure"]), default="problem", show_default=True)
@click.option("--strength", type=click.Choice(["primary", "secondary"]), default="primary", show_default=True)
@click.option("--reason", required=True, help="Why: a short sentence another person can check.")
@click.option("--file", "path", type=click.Path(path_type=Path), default=None, help="Decisions file [default: data/links.toml].")
@user_errors
def links_decide(measure: str, target: str, action: str, kind: str, strength: str, reason: str, path: Path | None) -> None:
    """Record a decision on the link MEASURE -> TARGET ('doc-id:CODE' -> 'doc-id:line N') in data/links.toml."""
    from .links import append_decision, collect, doc_graph

    problems, opportunities, measures = collect(doc_graph(default_path("data/ttl")))
    known = {"problem": problems, "opportunity": opportunities, "measure": measures}
    if measure not in {f"{m.doc}:{m.code}" for m in measures}:
        raise EselyError(f"'{measure}' is no measure; expected 'document-id:CODE', e.g. jozsefvaros-hep-it:I/2")
    if target not in {f"{n.doc}:{n.code}" for n in known[kind]}:
        raise EselyError(f"'{target}' is no {kind}; expected 'document-id:line N' (or 'document-id:CODE' for a measure)")
    path = path or default_path("data") / "links.toml"
    append_decision(path, measure, target, kind, action, strength, reason)
    click.echo(f"recorded in {path}; run `esely-graph build` to apply it")


@links.command("evaluate")
@DATA_OPT
@click.option("--labels", type=click.Path(path_type=Path, exists=True), default=None,
              help="Hand labels CSV [default: tests/fixtures/links/primary-labels.csv].")
@click.option("--document", default="jozsefvaros-hep-it", show_default=True)
@user_errors
def links_evaluate(data_dir: Path | None, labels: Path | None, document: str) -> None:
    """Precision and recall of the automatic primary links (curated decisions excluded) on hand labels."""
    from .links import doc_graph, evaluate

    ev = evaluate(doc_graph(data_dir or default_path("data/ttl")),
                  labels or default_path("tests/fixtures/links/primary-labels.csv"), document)
    click.echo(f"labelled measures: {ev.labelled} ({ev.with_problem} with a problem, "
               f"{ev.labelled - ev.with_problem} with none)")
    click.echo(f"automatic primary links: {ev.predicted}, correct: {ev.true_positive}, "
               f"'answers none' correct: {ev.none_correct}")
    click.echo(f"precision {ev.precision:.3f}  recall {ev.recall:.3f}")
    for m in ev.misses:
        click.echo(f"  miss: {m}")


@main.command()
@DATA_OPT
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out/site"), show_default=True,
              help="Directory for the static site (replaced when the whole site rendered).")
@AS_OF_OPT
@user_errors
def site(data_dir: Path | None, out: Path, as_of) -> None:
    """Render the static cross-reference site (works offline, from file:// or any static host)."""
    import datetime as dt

    render_site(data_dir or default_path("data/ttl"), out, as_of.date() if as_of else dt.date.today())


def render_site(ttl: Path, out: Path, day, findings=None) -> None:
    """The site step, for `site` and `all` (which passes the findings it already has)."""
    import time

    from .site import build_site
    from .validate import validate as run_validate

    t0 = time.perf_counter()
    if findings is None:
        findings = run_validate(ttl, default_path("shapes"))
    result = build_site(ttl, out, default_path("shapes"), default_path("queries"), ttl / "ontology.ttl", findings, day)
    click.echo(f"{result['pages']} pages ({result['entities']} entity pages: "
               + ", ".join(f"{k} {n}" for k, n in result["by_kind"].items()) + f") in {time.perf_counter() - t0:.1f} s")
    click.echo(f"wrote {out / 'index.html'}")


@main.command()
@click.option("--scale", default=1, show_default=True, help="Also time the queries on N renamed copies of the documents.")
@user_errors
def bench(scale: int) -> None:
    """Time build, store load, each query, validation and site; prints figures."""
    from .bench import run

    run(project_root(), default_path("data"), default_path("data/ttl"), scale, click.echo)


@main.command()
@DATA_OPT
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=Path("out/store"), show_default=True,
              help="Where the server's on-disk store is (re)built.")
@click.option("--bind", default="127.0.0.1:7878", show_default=True, help="Host and port to listen on.")
@user_errors
def serve(data_dir: Path | None, store_dir: Path, bind: str) -> None:
    """Serve the graph as a SPARQL 1.1 Protocol endpoint (GET/POST /query) with Oxigraph."""
    import os

    from .serve import command, prepare

    prepare(data_dir or default_path("data/ttl"), store_dir)
    click.echo(f"SPARQL endpoint: http://{bind}/query  (Ctrl-C stops it)", err=True)
    cmd = command(store_dir, bind)
    os.execv(cmd[0], cmd)


@main.command("all")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Where reports and the site go.")
@click.pass_context
@user_errors
def run_all(ctx: click.Context, out: Path) -> None:
    """The main job: build the graph, then the steps that use it."""
    from .queries import format_rows
    from .stats import stats as run_stats
    from .validate import format_json, format_text, validate as run_validate

    ctx.invoke(build)
    ttl = default_path("data/ttl")
    out.mkdir(parents=True, exist_ok=True)
    names, rows = run_stats(ttl)
    (out / "stats.csv").write_text(format_rows(names, rows, "csv"), encoding="utf-8")
    click.echo(f"wrote {out / 'stats.csv'}")
    findings = run_validate(ttl, default_path("shapes"))
    (out / "validation.txt").write_text(format_text(findings, "hu"), encoding="utf-8")
    (out / "validation.json").write_text(format_json(findings), encoding="utf-8")
    counts = findings.counts()
    click.echo(f"wrote {out / 'validation.txt'}: {counts.get('violation', 0)} violations, "
               f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} notes")
    if findings.fails("violation"):
        raise EselyError("the graph has SHACL violations; see " + str(out / "validation.txt"))
    ctx.invoke(report, data_dir=ttl, out=out / "report", as_of=None)
    import datetime as dt

    render_site(ttl, out / "site", dt.date.today(), findings)


if __name__ == "__main__":  # pragma: no cover
    main()
