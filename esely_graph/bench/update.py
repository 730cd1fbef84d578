"""One town's update, timed in a process of its own.

A town publishing a new plan is a new run of `esely-graph all` (build, store sync, stats, incremental validation,
the named queries, report, site: every stage `all` runs, as it runs them, some side by side: ``pipeline.py``): a
fresh process that imports the program and opens the store, not the benchmark's process that has just held the
whole country in memory (there, the collector walks millions of live objects: at 3,200 towns the same update took
13.8 s instead of 8.8). So the update's stages run in a process started with ``spawn`` (nothing inherited but the
arguments), each measured there (``meter``; a step run in a child process is measured there and comes back with
its result), and their figures come back to the bench. The update's own figure is its last stage (``WHOLE``):
from its build to its end, as the user waits for it; its steps' walls overlap, so they do not add up to it."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from ..layout import Layout
from .meter import Stage, measure

UPDATE = "update one town: "  # the stages after one town's action plan changed (its title: no row, link or figure)
UPDATE_ROWS = "update one town's measures: "  # after two measures changed (links, figures: ``edit_measures``)
UPDATES = {"title": UPDATE, "measures": UPDATE_ROWS}
WHOLE = "whole (side by side)"  # the update's last stage: from the build to the end, as the user waits for it
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


class StageMeter:
    """The pipeline's steps measured as the bench's stages (``pipeline.after_sync``'s ``meter``): each one a
    ``Stage`` named with ``prefix``, announced through ``echo`` when given; a failing step is its stage's error and
    the steps after it still run. Steps run in a child process (``beside``) come back with its result and are
    adopted here."""

    def __init__(self, prefix: str, echo=None):
        self.prefix, self.stages, self.echo = prefix, [], echo

    @contextmanager
    def stage(self, name: str):
        self.stages.append(Stage(self.prefix + name))
        if self.echo:
            self.echo(f"  {self.prefix}{name} …")
        with measure(self.stages[-1]) as st:
            yield st.detail

    def mark(self) -> int:
        return len(self.stages)

    def since(self, mark: int) -> list[Stage]:
        return self.stages[mark:]

    def adopt(self, taken: list[Stage]) -> None:
        self.stages += [s for s in taken if all(s is not t for t in self.stages)]  # run here: already in the list


def update_stages(lay: Layout, day: dt.date, skip: tuple[str, ...], edit: str = "title") -> list[Stage]:
    """Change one town's action plan (``change_one_town``'s ``edit``), then run what `esely-graph all` runs, as it
    runs them (``cli.graph._run_all``): build, sync the store, then ``pipeline.after_sync`` (the stats and the
    validation beside the named queries, the report beside the site), each step reusing what it can and measured as
    a stage; the last stage (``WHOLE``) is the update from the build to the end, as the user waits for it."""
    from ..build import build
    from ..fanout import forget_disk
    from ..fanout import open_disk as open_read_only
    from ..pipeline import STEPS, after_sync, sync_store

    meter = StageMeter(UPDATES[edit])
    town = change_one_town(lay, edit)
    whole = Stage(UPDATES[edit] + WHOLE)
    with measure(whole):
        with meter.stage("build") as detail:
            result = build(lay.data, lay.ttl, lay.ontology)
            detail.update(town=town, triples=sum(result.files.values()))
        with meter.stage("store sync") as detail:  # and, beside it, the site's inputs read (as `all` does)
            synced, _, site_inputs = sync_store(lay, site="site" not in skip)
            store = open_read_only(lay.store)
            detail.update({"files loaded": len(synced.loaded), "removed": len(synced.removed),
                           "unchanged": len(synced.unchanged), "graphs changed": len(synced.changed_graphs())})
        # the update reads the on-disk store: its work is one town's, which the store's indexes reach directly;
        # loading the nation into memory would cost more than the whole update
        after_sync(lay, day, synced, store, meter=meter, skip=skip, site_inputs=site_inputs)
    forget_disk()
    order = ["build", "store sync", *STEPS]
    stages = sorted(meter.stages, key=lambda s: order.index(s.name[len(UPDATES[edit]):])) + [whole]
    whole.stage_rss_mb = max((s.stage_rss_mb or 0.0 for s in meter.stages), default=None)  # (each stage reset it)
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
        + (["analytics", "report"] if "report" not in skip else []) + (["site"] if "site" not in skip else [])
    echo(f"  {UPDATES[edit]}{', '.join(done)} (a process of its own, as `esely-graph all` run again) …")
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(update_stages, lay, day, skip, edit).result()
    except Exception as exc:  # the worker died (memory) or could not start
        return [Stage(UPDATES[edit] + "build", error=f"{type(exc).__name__}: {exc}".splitlines()[0][:300])]
