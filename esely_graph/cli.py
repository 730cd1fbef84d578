"""Command line: a thin click layer over the library. User errors exit 1 without a traceback."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EselyError


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


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
    """Run any SPARQL SELECT query from FILE (or - for standard input)."""
    from .namespaces import sparql_prefixes
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
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Day to compare deadlines with [default: today].")
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
    report = run_validate(ttl, default_path("shapes"))
    (out / "validation.txt").write_text(format_text(report, "hu"), encoding="utf-8")
    (out / "validation.json").write_text(format_json(report), encoding="utf-8")
    counts = report.counts()
    click.echo(f"wrote {out / 'validation.txt'}: {counts.get('violation', 0)} violations, "
               f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} notes")
    if report.fails("violation"):
        raise EselyError("the graph has SHACL violations; see " + str(out / "validation.txt"))
    ctx.invoke(globals()["report"], data_dir=ttl, out=out / "report", as_of=None)


if __name__ == "__main__":  # pragma: no cover
    main()
