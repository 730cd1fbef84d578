"""One town's update, timed in a process of its own.

A town publishing a new plan is a new run of `esely-graph all` (build, store sync, stats, incremental validation,
the named queries, report, site: every stage `all` runs, in its order): a fresh process that imports the program
and opens the store, not the benchmark's process that has just held the whole country in memory (there, the
collector walks millions of live objects: at 3,200 towns the same update took 13.8 s instead of 8.8). So the update's stages run in a process started with ``spawn`` (nothing
inherited but the arguments), each measured there (``meter``), and their figures come back to the bench."""

from __future__ import annotations

import datetime as dt

from ..layout import Layout
from .meter import Stage, measure

UPDATE = "update one town: "  # the stages after one town's action plan changed (its title: no row, link or figure)
UPDATE_ROWS = "update one town's measures: "  # after two measures changed (links, figures: ``edit_measures``)
UPDATES = {"title": UPDATE, "measures": UPDATE_ROWS}
PROBLEM, DEADLINE = "probléma", "határid"  # words of the action plan's header cells (DOMAIN.md's template)


def change_one_town(lay: Layout, edit: str = "title") -> str:
    """Edit one action plan of the (synthetic) corpus, as a town publishing a new version would: ``title`` its
    title line (nothing the site counts changes); ``measures`` its first two measures (``edit_measures``: its links
    to the situation analysis, its share of the links file, its figures and lists change)."""
    from ..manifest import load_manifest

    plans = [d for d in load_manifest(lay.data).documents if d.kind == "hep-action-plan"]
    for doc in plans:
        path = lay.data / doc.file
        lines = path.read_text(encoding="utf-8").split("\n")
        if edit == "title":
            lines[0] = (lines[0] + " – módosított változat").strip(" –")
        elif not edit_measures(lines):
            continue
        path.write_text("\n".join(lines), encoding="utf-8")
        return doc.municipality
    raise ValueError(f"no action plan of the corpus can take the edit {edit!r}")


def edit_measures(lines: list[str]) -> bool:
    """A new version of a tab-separated summary table, in place: the first numbered measure now answers the second's
    problem (so the first's problem is left without a measure) and the second measure's deadline is left empty; the
    town's links, its share of the links file, its figures and its per-town counts change. False when the table
    has no such header, fewer than two measures, or the edit is already made."""
    rows = [line.split("\t") for line in lines]
    head = next((i for i, r in enumerate(rows) if any(PROBLEM in c.lower() for c in r)
                 and any(DEADLINE in c.lower() for c in r)), None)
    if head is None:
        return False
    problem, deadline = (next(j for j, c in enumerate(rows[head]) if word in c.lower()) for word in (PROBLEM, DEADLINE))
    measures = [i for i in range(head + 1, len(rows))
                if rows[i][0].strip().isdigit() and len(rows[i]) > max(problem, deadline)]
    if len(measures) < 2:
        return False
    a, b = rows[measures[0]], rows[measures[1]]
    if a[problem] == b[problem] and not b[deadline].strip():
        return False
    a[problem], b[deadline] = b[problem], ""
    for i in measures[:2]:
        lines[i] = "\t".join(rows[i])
    return True


def update_stages(lay: Layout, day: dt.date, skip: tuple[str, ...], edit: str = "title") -> list[Stage]:
    """Change one town's action plan (``change_one_town``'s ``edit``), then run what `esely-graph all` runs, in its
    order (``cli.graph._run_all``): build, sync the store, stats, validate incrementally, the named queries once,
    the report and the site, each reusing what it can; every stage measured in this process."""
    from ..build import build
    from ..disk_store import sync
    from ..fanout import forget_disk
    from ..fanout import open_disk as open_read_only
    from ..analytics_towns import national_analytics
    from ..catalogue import national_results
    from ..queries import load_queries
    from ..report import build_report
    from ..stats_units import national_stats, stats_csv
    from ..validate.kept_output import write_outputs
    from .stages import site_detail

    stages: list[Stage] = []

    def stage(name: str) -> measure:
        stages.append(Stage(UPDATES[edit] + name))
        return measure(stages[-1])

    town = change_one_town(lay, edit)
    with stage("build") as s:
        result = build(lay.data, lay.ttl, lay.ontology)
        s.detail = {"town": town, "triples": sum(result.files.values())}
    with stage("store sync") as s:
        synced = sync(lay.ttl, lay.store)
        store = open_read_only(lay.store)
        s.detail = {"files loaded": len(synced.loaded), "removed": len(synced.removed),
                    "unchanged": len(synced.unchanged), "graphs changed": len(synced.changed_graphs())}
    findings = None
    # the update reads the on-disk store: its work is one town's, which the store's indexes reach directly;
    # loading the nation into memory would cost more than the whole update
    if "stats" not in skip:
        with stage("stats") as s:  # kept unit by unit, as `all` keeps them: the changed town's units again
            names, rows, mode = national_stats(store, lay.store, lay.out)
            (lay.out / "stats.csv").write_text(stats_csv(names, rows), encoding="utf-8")  # as `all` writes it
            s.detail = {"rows": len(rows), "mode": mode}
    if "validate" not in skip:
        with stage("validate") as s:  # incremental (validate/incremental.py)
            from ..validate.incremental import changed_graphs, validate_incremental

            findings = validate_incremental(lay.ttl, lay.shapes, day, store, lay.store, lay.out,
                                            graphs=changed_graphs(synced))
            write_outputs(findings, lay.out)  # validation.txt and .json, as `all` writes them
            s.detail = {**findings.counts(), "mode": findings.mode}
    national = None  # a failing stage leaves the report and the site to run the queries themselves
    with stage("queries") as s:  # once, for the report and the site, as `all` runs them: the changed town's rows
        national = national_results(store, lay.store, lay.out, load_queries(lay.queries), day)
        s.detail = {"mode": national.mode, "rows": sum(r.total for r in national.sections.values())}
    if "report" not in skip:
        with stage("report") as s:  # the changed town's analytics
            analytics = national_analytics(store, lay.store, lay.out)
            build_report(lay.ttl, lay.queries, lay.out / "report", day, store=store,
                         results=national.sections if national else None, analytics=analytics)
            s.detail = {"analytics": analytics.mode}
    if "site" not in skip:
        with stage("site") as s:
            from ..site import build_site

            res = build_site(lay.ttl, lay.out / "site", lay.shapes, lay.queries, lay.ttl / "ontology.ttl",
                             findings, day, store=store, catalogue=national.rows if national else None,
                             anchored=national.anchored if national else None)
            s.detail = site_detail(res)
    del national
    forget_disk()
    peak = 0.0
    for st in stages:  # the run's peak is this process's: ru_maxrss would carry the parent's over fork and exec
        peak = max(peak, st.stage_rss_mb or 0.0)
        st.rss_mb = peak if st.stage_rss_mb is not None else st.rss_mb
    return stages


def timed_update(lay: Layout, day: dt.date, skip: tuple[str, ...], echo=print, edit: str = "title") -> list[Stage]:
    """``update_stages`` in a fresh process (``spawn``); a process that dies is one failed stage, not a crash."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    done = ["build", "store sync"] + [n for n in ("stats", "validate") if n not in skip] + ["queries"] \
        + [n for n in ("report", "site") if n not in skip]
    echo(f"  {UPDATES[edit]}{', '.join(done)} (a process of its own, as `esely-graph all` run again) …")
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(update_stages, lay, day, skip, edit).result()
    except Exception as exc:  # the worker died (memory) or could not start
        return [Stage(UPDATES[edit] + "build", error=f"{type(exc).__name__}: {exc}".splitlines()[0][:300])]
