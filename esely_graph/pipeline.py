"""What `esely-graph all` runs once the store is synced with the Turtle folder, and which steps run side by side.

    (stats +) validation of an update ────(beside)──┐
    named queries, then analytics                    │
    (and a whole run's stats and validation) ────────┴─► violations? stop ─► report ──(beside)──┐
                                                                          site ───────────────┴─► done

The stats and the incremental validation run in a child process (``beside.Beside``) while this process runs the
named queries and then the report's analytics (the validation, the longer of the two, is still running then: the
analytics need no finding); when the queries run a group of towns at a time in memory (a whole run,
``catalogue_groups``), each group also gives its towns' analytics (``analytics_towns.group_parts``) and, when the
stats are counted whole, its stats counts (``stats_units.group_counts``), and when the validation has no state to
start from, its findings (``validate.groups``); these are then put together in this process, after the analytics,
and the child does the rest (or nothing), so that the whole store is not read again for them (a validation whose
groups' findings cannot be taken runs on the whole store here, after them);
the report runs in another child while this one renders the site. Each of the four
reads the store and keeps its own files (``out/stats``, ``out/validation``, ``out/catalogue``, ``out/analytics``,
``out/report``, ``out/site``); the site needs the findings and the queries' rows, the report the queries' results.
A graph with violations stops the run before the report and the site, as before. The messages come out in the
order of the steps. The steps run one after the other in this process with the graph in memory (``reader``: `all
--in-memory`; a forked child would copy the pages Oxigraph writes to as it reads), with one worker, and with a store
handle not opened through ``fanout.open_disk`` (a child could not open its own). Before these steps the sync itself
runs in a fresh child while this process reads the site's inputs (``sync_store``).

``meter`` measures each step (the bench's update, ``bench/update.py``); `all` passes none."""

from __future__ import annotations

import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from .beside import Beside
from .errors import EselyError
from .layout import Layout

STEPS = ("stats", "validate", "queries", "analytics", "report", "site")


class Unmetered:
    """No measuring: a step's details go nowhere and its errors are raised."""

    @contextmanager
    def stage(self, name: str):
        yield {}

    def mark(self) -> int:
        return 0

    def since(self, mark: int) -> list:
        return []

    def adopt(self, taken: list) -> None:
        pass


def site_detail(res: dict) -> dict:
    """The site's figures: pages, towns rendered and reused, CPU of one town's pages and of the national ones."""
    return {"pages": res["pages"], "towns rendered": res.get("towns_rendered"), "reused": res.get("towns_reused"),
            "town CPU s median": round(res.get("town_cpu_median", 0.0), 2),
            "max": round(res.get("town_cpu_max", 0.0), 2), "national CPU s": round(res.get("national_cpu", 0.0), 2)}


def report_lines(ctx: dict, out: Path) -> list[str]:
    """What the report step says when done (``build_report``'s context; ``out``: its folder)."""
    return [*(f"{s.total:5d}  {s.name}" for s in ctx["sections"]),
            f"wrote {out / 'report.md'} and {out / 'report.html'}"]


def site_lines(result: dict, out: Path) -> list[str]:
    """What the site step says when done (``build_site``'s result, with its ``seconds``)."""
    kinds = ", ".join(f"{k} {n}" for k, n in result["by_kind"].items())
    return [f"{result['pages']} lap / pages, {result['entities']} tétellap / entity pages ({kinds}), "
            f"{result['seconds']:.1f} s",
            f"{result['towns']} település / municipalities: {result['towns_rendered']} újra / rendered "
            f"(CPU {result['town_cpu_median']:.2f} s medián / median, {result['town_cpu_max']:.2f} s max), "
            f"{result['towns_reused']} változatlan / unchanged; országos lapok / national pages "
            f"{result['national_cpu']:.1f} s CPU",
            f"kész / wrote: {out / 'hu' / 'index.html'} (magyar), {out / 'en' / 'index.html'} (English)"]


def _checks(lay: Layout, day, synced, disk, reader, meter, skip) -> tuple:
    """The stats and the incremental validation, with their files: (messages, the validation's parts, measures)."""
    from .validate.incremental import changed_graphs, validate_incremental
    from .validate.kept_output import write_outputs

    mark, lines, checked = meter.mark(), [], None
    if "stats" not in skip:
        lines += _stats(lay, disk, reader, meter)
    if "validate" not in skip:
        with meter.stage("validate") as detail:  # only what the changed graphs can affect, on the on-disk store;
            report = validate_incremental(lay.ttl, lay.shapes, day, disk, lay.store, lay.out,  # a full run reads
                                          graphs=changed_graphs(synced), reader=reader)  # the copy in memory
            write_outputs(report, lay.out)  # validation.txt and .json: unchanged documents' parts copied
            detail.update(**report.counts(), mode=report.mode)
            checked = (report.findings, report.units, report.validated, report.mode)
    return lines, checked, meter.since(mark)


def _stats(lay: Layout, disk, reader, meter, grouped: list | None = None) -> list[str]:
    """The stats (kept unit by unit: only the changed units read again; ``grouped``: the counts taken in the named
    queries' groups), with their file: the messages."""
    from .stats_units import national_stats, stats_csv

    with meter.stage("stats") as detail:
        names, rows, mode = national_stats(disk, lay.store, lay.out, reader=reader, grouped=grouped)
        (lay.out / "stats.csv").write_text(stats_csv(names, rows), encoding="utf-8")
        detail.update(rows=len(rows), mode=mode)
    return [f"wrote {lay.out / 'stats.csv'} ({mode})"]


def _in_groups(analytics: bool, stats: bool, validate: tuple | None = None):
    """What each group of towns of the named queries (``catalogue_groups``) also gives, read from its store in
    memory: its towns' analytics figures, its stats counts and (``validate``: the shapes' folder and the day) its
    findings (None: nothing)."""
    from .analytics_towns import group_parts
    from .stats_units import group_counts
    from .validate.groups import group_findings

    if not (analytics or stats or validate):
        return None
    if validate:
        from .validate.fast_run import compiled
        compiled(*validate)  # once, here: the forked workers inherit it
    return lambda mem, group: {"analytics": group_parts(mem) if analytics else None,
                               "stats": group_counts(mem) if stats else None,
                               "validate": group_findings(mem, group, *validate) if validate else None}


def _validate_here(lay: Layout, day, disk, meter, parts: list):
    """A whole run's validation, from the queries' groups' findings (``validate.groups``) or, when they cannot be
    taken, on the whole store: the validation's parts, as the child gives them."""
    from .validate.groups import FULL, validate_grouped
    from .validate.incremental import validate_incremental
    from .validate.kept_output import write_outputs

    with meter.stage("validate") as detail:
        report, why = validate_grouped([p for _, p in parts], disk, lay.store, lay.ttl, lay.out, lay.shapes, day) \
            if parts and all(p is not None for _, p in parts) else (None, "")
        if report is None:
            report = validate_incremental(lay.ttl, lay.shapes, day, disk, lay.store, lay.out, full=True)
            report.mode = FULL + (f" (nem csoportonként / not in groups: {why})" if why else "")
        write_outputs(report, lay.out)
        detail.update(**report.counts(), mode=report.mode)
    return report.findings, report.units, report.validated, report.mode


def _of(grouped: list, kind: str) -> list:
    return [(towns, extra[kind]) for towns, extra in grouped]


def _analytics(lay: Layout, disk, reader, meter, grouped: list):
    """The report's analytics (kept town by town: ``analytics_towns``; ``grouped``: the towns' figures taken in the
    named queries' groups, when they ran in groups)."""
    from .analytics_towns import national_analytics

    with meter.stage("analytics") as detail:
        analytics = national_analytics(disk, lay.store, lay.out, reader=reader, grouped=grouped)
        detail.update(mode=analytics.mode)
    return analytics


def _report(lay: Layout, day, disk, reader, national, analytics, meter) -> tuple:
    """The report: (messages, measures)."""
    from .report import build_report

    mark, lines = meter.mark(), []
    with meter.stage("report"):
        out = lay.out / "report"
        ctx = build_report(lay.ttl, lay.queries, out, day, store=disk if reader is None else reader,
                           results=national.sections if national else None, analytics=analytics)
        lines += report_lines(ctx, out)
    return lines, meter.since(mark)


def _findings(lay: Layout, day, disk, checked):
    from .validate.fast_run import validate_fast
    from .validate.findings import Report

    findings, units, validated, mode = checked
    report = Report(findings, lambda: validate_fast(lay.ttl, lay.shapes, day, store=disk).graph, units, validated)
    report.mode = mode
    return report


def sync_store(lay: Layout, in_memory: bool = False, site: bool = True) -> tuple:
    """The on-disk store synced with the Turtle folder: (the sync's report, the graphs in memory or None, what the
    site reads of the Turtle folder or None). With ``in_memory`` the copy in memory is loaded beside the sync
    (``store.sync_and_load``); else the sync runs in a child while this process reads the site's inputs
    (``site.read_inputs``), which do not need the store: a fresh interpreter (``Beside(fresh=True)``: a forked one
    would inherit this process's RocksDB threads as dead copies, and a store written there can wait for them forever;
    starting one costs ≈ 0.5 s of the core the sync would otherwise leave idle). ``site``: False when no site is
    made (the bench's ``--skip site``): its inputs are then not read (with no site of its own to compare with, they are
    read whole: 23 s of a one-town update at 3,200 towns)."""
    from .disk_store import sync
    from .site import read_inputs
    from .store import sync_and_load

    if in_memory:
        return (*sync_and_load(lay.ttl, lay.store, in_memory), None)
    with Beside(sync, lay.ttl, lay.store, fresh=True) as syncing:
        inputs = read_inputs(lay.ttl, lay.out / "site") if site else None
        return syncing.result(), None, inputs


def after_sync(lay: Layout, day, synced, disk, reader=None, meter=None, say=None, skip: tuple[str, ...] = (),
               site_inputs: tuple | None = None, query_figures: dict | None = None):
    """Stats, validation, the named queries, the report and the site on the synced store (``disk``, opened
    read-only through ``fanout.open_disk``; ``reader``: the same graphs in memory). ``say(text, err=False)``
    prints a message (`all`: ``click.echo``); ``skip``: steps (of ``STEPS``) not run (the bench's options);
    ``site_inputs``: what the site reads of the Turtle folder, read while the store was synced (``sync_store``);
    ``query_figures``: filled with each named query's figures when they are all run whole (the bench's)."""
    from .catalogue import national_results
    from .fanout import folder_of
    from .queries import load_queries
    from .site import build_site
    from .stats_units import whole_needed
    from .validate.incremental import full_needed

    meter = meter or Unmetered()
    say = say or (lambda text, err=False: None)
    # the graph in memory, or a store handle not opened through fanout.open_disk (a child could not open its own):
    # one step after the other, in this process
    here = reader is not None or folder_of(disk) is None
    national = report = analytics = None
    grouped: list = []  # what each group of towns gives beside the queries' rows, when the queries run in groups
    # the stats of a whole run: counted in the queries' groups, in this process (the child then only validates)
    stats_here = "stats" not in skip and not here and whole_needed(lay.out)
    validate_here = "validate" not in skip and not here and full_needed(lay.out, lay.shapes, day)
    also = _in_groups("report" not in skip, stats_here, (lay.shapes, day) if validate_here else None)
    with Beside(_checks, lay, day, synced, disk, reader, meter,
                (*skip, *(("stats",) if stats_here else ()), *(("validate",) if validate_here else ())),
                here=here) as checks:
        with meter.stage("queries") as detail:  # once, for the report and the site; only changed towns' rows again
            national = national_results(disk, lay.store, lay.out, load_queries(lay.queries), day, reader=reader,
                                        figures=query_figures, ttl_dir=lay.ttl, also=also, extras=grouped,
                                        every_graph=validate_here)
            detail.update(mode=national.mode, rows=sum(r.total for r in national.sections.values()))
        # the report's analytics while the validation runs on: they need no finding
        analytics = None if "report" in skip else _analytics(lay, disk, reader, meter, _of(grouped, "analytics"))
        lines = _stats(lay, disk, reader, meter, _of(grouped, "stats")) if stats_here else []
        checked = _validate_here(lay, day, disk, meter, _of(grouped, "validate")) if validate_here else None
        more, beside, taken = checks.result()
    checked = checked or beside
    meter.adopt(taken)
    for line in lines + more:
        say(line)
    if checked is not None:
        report = _findings(lay, day, disk, checked)
        counts = report.counts()
        say(report.mode)
        say(f"wrote {lay.out / 'validation.txt'}: {counts.get('violation', 0)} violations, "
            f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} notes")
    if national is not None:
        say(f"lekérdezések / queries: {national.mode}")
    if analytics is not None:
        say(f"elemzés / analytics: {analytics.mode}")
    if report is not None and report.fails("violation"):
        raise EselyError("the graph has SHACL violations; see " + str(lay.out / "validation.txt"))
    reporting = None if "report" in skip else Beside(_report, lay, day, disk, reader, national, analytics, meter,
                                                     here=here)
    with reporting or nullcontext():
        result = None
        if "site" not in skip:
            with meter.stage("site") as detail:
                say("lapok készítése / rendering pages …", err=True)
                start = time.perf_counter()
                result = build_site(lay.ttl, lay.out / "site", lay.shapes, lay.queries, lay.ttl / "ontology.ttl",
                                    report, day, store=disk if reader is None else reader,
                                    catalogue=national.rows if national else None,
                                    anchored=national.anchored if national else None, inputs=site_inputs)
                result["seconds"] = time.perf_counter() - start
                detail.update(site_detail(result))
        lines, taken = reporting.result() if reporting else ([], [])
    meter.adopt(taken)
    for line in lines:
        say(line)
    return result
