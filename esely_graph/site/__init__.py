"""The cross-reference site: Hungarian pages under hu/, English under en/, per-item Turtle and JSON-LD under data/,
sharded by municipality.

Each town's pages are rendered from its own slice of the graph (its document files and its part of the shared
files, ``inputs``), its rows of the named queries (each query anchored on the town's IRI, run on the store: the
on-disk one when given, else the Turtle loaded as it lays it out) and its findings, into ``<lang>/<town>/``
(entities under ``e/``, source rows under ``src/``, plan-health lists under ``health/``, its tables, overview,
coverage, timeline, search), ``data/<town>/`` and ``sparql/graph/<town>.ttl``; so no folder grows with the number
of towns beyond one entry per town, and the cost is linear in it. The target groups and programmes, which every town
shares, have their national page under ``<lang>/national/e/`` and, in each town that names them, the town's view
of them. The national pages (overview, comparison, per-town counts behind every list, ontology, search, SPARQL)
are made from the towns' summaries. Only towns whose input changed are read, queried and rendered again
(``inputs``, ``plan``, ``incremental``); a first site is swapped into place whole, an update moves the rendered
towns and the national files in (``output``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from ..collector import calmed
from ..disk_store import graph_name
from ..errors import EselyError
from ..export import quads
from ..fanout import workers as worker_count  # not `workers`: the name of this package's module
from ..queries import load_queries, runnable
from ..site_query import choices, write_graph, write_query_page
from ..store import read_graph, ttl_files
from ..validate import Report
from .graphindex import load_index, page_name
from .incremental import STATE, code_digest, load_state, save_state
from .languages import CHILD_CPU
from .linkeddata import by_subject
from .health import Status
from .model import classify, gather
from .national import National
from .other_pages import write_ontology
from .output import update_in_place, write_tree_atomically
from .render import Writer, environment
from .reuse import Reuse, field_digests
from .inputs import file_infos, slices
from .plan import Plan
from .town import Nation, town_paths
from .towns import TownOf, digest, findings_digest, split_findings, triples_digest
from .workers import render_towns

__all__ = ["build_site", "page_name"]
STATIC = Path(__file__).resolve().parent.parent / "templates" / "static"
ALL_GRAPH_MAX = 300_000  # triples; above this the query page offers one town's graph at a time, not the whole


@calmed
def read_inputs(data_dir: Path, out_dir: Path) -> tuple:
    """What the site reads before it needs the store, the findings or the queries' rows: its last state, the Turtle
    files' hashes and each town's slice of them ((state, file infos, slices); `all` reads them while the store is
    synced, ``pipeline.sync_store``)."""
    state = load_state(out_dir)
    infos = file_infos(data_dir, state.get("files", {}))
    return state, infos, slices(data_dir, infos, state.get("slices"), last_cut(out_dir))


@calmed
def build_site(data_dir: Path, out_dir: Path, shapes_dir: Path, query_dir: Path, ontology_file: Path,
               report: Report | None, as_of: dt.date, jobs: int | None = None, store=None,
               catalogue: dict | None = None, anchored: dict | None = None, inputs: tuple | None = None) -> dict:
    """Render the site into ``out_dir`` (re-rendering only the towns whose input changed since the site there was
    made); ``jobs``: worker processes for the towns (default: one per core); ``store``: the on-disk store kept equal
    to ``data_dir`` by ``disk_store.sync`` (opened read-only), read instead of loading the Turtle; ``catalogue``: the
    named queries' rows already run on that graph for ``as_of`` (``queries.run_catalogue``, shared with the report);
    ``anchored``: rows already run on it anchored on a town ((town's IRI, query) -> (names, rows), ``catalogue.py``);
    ``inputs``: ``read_inputs(data_dir, out_dir)``, read before (nothing written to either since)."""
    clock = Clock()
    jobs = worker_count(jobs)  # ``--jobs``, else ESELY_JOBS, else one per core (as every stage that fans out)
    state, infos, parts = inputs if inputs is not None else read_inputs(data_dir, out_dir)
    clock.lap("read")
    store = store if store is not None else graphs_store(data_dir)
    clock.lap("load")
    onto = read_graph(ontology_file)
    queries = {n: q for n, q in load_queries(query_dir).items() if runnable(q)}
    town_of = TownOf(parts)
    findings = split_findings(report, town_of)
    shared = parts.whole_triples() + parts.shared
    nat_idx = load_index(shared)
    nat_kinds = classify(nat_idx)
    nation = Nation(nat_idx, gather(nat_idx, findings.get(None, []), Status(), nat_kinds), nat_kinds, by_subject(shared),
                    parts.whole_triples(), queries, as_of, environment())
    base_hash = digest(code_digest(query_dir), as_of.isoformat(), triples_digest(shared))
    own = {town: digest(base_hash, [infos[f]["sha"] for f in parts.doc_files[town]],
                        parts.shared_digest(town), findings_digest(findings.get(town, []))) for town in parts.docs}
    previous = state.get("towns", {})
    clock.lap("national input")
    plan = Plan(store, queries, as_of, own, previous, town_of, across=townless(infos) != townless(state.get("files", {})),
                catalogue=catalogue, anchored=anchored)
    clock.lap("queries")
    stats = {"rendered": 0, "reused": 0, "town_cpu": [], "pages": 0}

    in_place = bool(previous) and Path(out_dir).is_dir()

    listed: dict[str, set[str]] = {}  # a folder of the live site -> its entries, listed once (not 4 stats a town)

    def present(relpath: str) -> bool:
        folder, _, name = relpath.rpartition("/")
        if folder not in listed:
            try:
                listed[folder] = set(os.listdir(Path(out_dir) / folder))
            except OSError:
                listed[folder] = set()
        return name in listed[folder]

    def kept(town: str) -> bool:
        return in_place and all(present(p) for p in town_paths(town))

    def fill(tmp: Path) -> tuple[list[str], list[str]]:
        towns, done, todo = {}, {}, []
        for town in parts.docs:
            towns[town] = plan.state(town)
            old = previous.get(town)
            if old and old["hash"] == towns[town]["hash"] and kept(town):
                done[town] = old["summary"]
                towns[town]["fields"] = old.get("fields") or field_digests(old["summary"])
                stats["reused"] += 1
            else:
                todo.append(town)
        plan.prepare(todo)  # here: the workers do not query the store
        rows = {town: plan.rows_of(town) for town in todo}
        clock.lap("queries")
        for town, summary, cpu in render_towns(tmp, todo, parts, rows.__getitem__, findings, nation, jobs):
            done[town] = summary
            towns[town]["fields"] = field_digests(summary)
            stats["town_cpu"].append(cpu)
            stats["rendered"] += 1
        summaries = [done[town] for town in parts.docs]
        for town in parts.docs:
            towns[town]["summary"] = done[town]
        clock.lap("towns")
        c0, child0 = time.process_time(), CHILD_CPU[0]
        w = Writer(tmp, {}, {"as_of": as_of.isoformat(), "idx": nat_idx, "owners": lambda iri: []}, env=nation.env)
        for f in sorted(STATIC.iterdir()):
            if f.is_file():
                w.file(f"static/{f.name}", f.read_bytes())
        reuse = Reuse(state.get("national", {}) if in_place else {}, Path(out_dir) if in_place else None,
                      digest(base_hash, findings_digest(findings.get(None, []))))
        national = National(w, summaries, nation, {name: [] for name in queries}, reuse, split=jobs > 1,
                            digests={towns[t]["summary"]["iri"]: towns[t]["fields"] for t in parts.docs})
        national.write(lambda w: write_ontology(w, onto, shapes_dir), onto_inputs=digest(
            Path(ontology_file).read_bytes(), *(f.read_bytes() for f in sorted(Path(shapes_dir).glob("*.ttl")))))
        offered = Offered(state.get("choices"), digest(base_hash, choices_inputs(parts, infos)), store)
        reuse.group(w, "query", query_inputs(parts, infos, summaries, len(nation.whole), len(parts.shared)),
                    lambda: query_pages(tmp, offered(), summaries, query_dir, data_dir, len(nation.whole),
                                        len(parts.shared)), lambda: query_files(tmp))
        (tmp / "index.html").write_text(w.env.get_template("landing.html.j2").render(), encoding="utf-8")
        save_state(tmp, {"files": infos, "towns": towns, "national": dict(sorted(reuse.now.items())),
                         "slices": parts.cuts, "choices": offered.state()})
        stats["national_cpu"] = time.process_time() - c0 + CHILD_CPU[0] - child0  # with the English pages' child
        clock.lap("national pages")
        stats["pages"] = w.pages + reuse.pages + 1 + sum(s["pages"] for s in summaries)
        stats["national_reused"] = reuse.reused
        stats["national_rendered"] = sorted(set(reuse.now) - set(reuse.reused))
        stats["entities"] = len(national.ents) + sum(sum(s["kinds"].values()) for s in summaries)
        stats["by_kind"] = Counter(e.kind for e in national.ents.values())
        for s in summaries:
            stats["by_kind"].update(s["kinds"])
        return todo, list(parts.docs), reuse.kept

    if in_place:
        update_in_place(out_dir, fill, town_paths, STATE)
    else:
        write_tree_atomically(out_dir, fill)
    clock.lap("output")
    cpu = stats["town_cpu"]
    return {"pages": stats["pages"], "entities": stats["entities"],
            "by_kind": dict(sorted((k, n) for k, n in stats["by_kind"].items() if n)),
            "towns": len(parts.docs), "towns_rendered": stats["rendered"], "towns_reused": stats["reused"],
            "town_cpu_median": statistics.median(cpu) if cpu else 0.0, "town_cpu_max": max(cpu, default=0.0),
            "national_cpu": stats["national_cpu"], "national_reused": stats["national_reused"],
            "national_rendered": stats["national_rendered"], "wall": clock.laps}


class Clock:
    """Wall seconds per phase of a run (the bench prints them)."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        t = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0.0) + t - self.t, 2)
        self.t = t


def last_cut(out_dir: Path) -> Path:
    """Beside the site (not in it, not served): the shared files as the site last cut them (``recut.Last``)."""
    out = Path(out_dir).absolute()
    return out.parent / f".{out.name}-last-cut"


def townless(infos: dict) -> dict[str, str]:
    """The Turtle files that are neither shared nor any town's documents, and their hashes."""
    return {name: i["sha"] for name, i in infos.items() if "docs" in i and not i["docs"]}


def graphs_store(data_dir: Path):
    """The Turtle folder in an in-memory store laid out as the on-disk one (``disk_store``: a named graph per file,
    read as their union), so both give the same rows."""
    store = ox.Store()
    for path in ttl_files(data_dir):
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph_name(path))
        except SyntaxError as exc:
            raise EselyError(f"{path}: not valid Turtle: {exc}") from None
    return store


def query_inputs(parts, infos: dict, summaries: list[dict], whole: int, national: int) -> list:
    """What the query page shows: the towns' labels, counties and graph files (their organisation records), the
    documents' identifiers, and the whole graph while it is small enough to offer."""
    files = [(n, i["sha"]) for n, i in sorted(infos.items())] \
        if whole + national + sum(s["graph_triples"] - whole for s in summaries) <= ALL_GRAPH_MAX else []
    return [json.dumps([(s["town"], s["labels"], s["graph_triples"]) for s in summaries], sort_keys=True),
            [(t, parts.file_digest(t, "organisations.ttl")) for t in parts.docs],
            sorted(tuple(i) for info in infos.values() for i in info.get("ids", ())), files]


def query_files(tmp: Path) -> list[str]:
    """The query pages' files in ``tmp`` (not the towns' graph files, which their towns own)."""
    found = [f"{lang}/query.html" for lang in ("hu", "en")]
    for p in (tmp / "sparql").rglob("*"):
        rel = p.relative_to(tmp).as_posix()
        if p.is_file() and (not rel.startswith("sparql/graph/") or rel == "sparql/graph/all.ttl"):
            found.append(rel)
    return found


NO_NAMES = {"links.ttl", "similarity.ttl"}  # shared files that state no town's name, county or document identifier


def choices_inputs(parts, infos: dict) -> list:
    """What the query page's choices (``site_query.choices``: the towns' names and counties, the documents'
    identifiers) are read from: each town's share of the shared files that can state them, the files that are
    neither shared nor a town's, and its documents' towns and identifiers (a document file says which town it is
    of, not what the town is called; the national triples and the code are in the caller's ``base_hash``)."""
    return [[(t, [(f, parts.file_digest(t, f)) for f in parts.files if f not in NO_NAMES]) for t in parts.docs],
            sorted(townless(infos).items()), sorted((n, i["docs"], i["ids"]) for n, i in infos.items() if "docs" in i)]


class Offered:
    """``site_query.choices`` of the store, or the last run's when their inputs' hash ``key`` is the same (two
    queries over the whole store: 2.3 s at 3,200 towns, while one town's link count changes the query page);
    ``now``: what the site's state keeps."""

    def __init__(self, previous: dict | None, key: str, store):
        self.previous, self.key, self.store, self.now = previous or {}, key, store, None

    def __call__(self) -> tuple[dict, dict]:
        if self.previous.get("key") == self.key:
            self.now = self.previous
        else:
            labels, offered = choices(self.store)
            self.now = {"key": self.key, "labels": labels, "offered": offered}
        return self.now["labels"], self.now["offered"]

    def state(self) -> dict | None:
        """What to keep: the choices used now, or the last run's while still valid (the query page not rendered)."""
        return self.now or (self.previous if self.previous.get("key") == self.key else None)


def query_pages(tmp: Path, offered: tuple[dict, dict], summaries: list[dict], query_dir: Path, data_dir: Path,
                whole: int, national: int) -> None:
    """query.html in both languages; the towns' graph files are written with their pages; the whole graph only
    while a browser can load it (ALL_GRAPH_MAX triples: the towns' graph files without the whole files they each
    hold, the ``whole`` files once and the ``national`` triples; counting the store would read all of it). The whole graph's file is written
    from the Turtle, not the store: Oxigraph keeps xsd:positiveInteger literals as xsd:integer."""
    labels, offered = offered
    graphs = [{"id": s["town"], "label": labels.get(s["town"], s["town"]), "file": f"graph/{s['town']}.ttl",
               "triples": s["graph_triples"]} for s in sorted(summaries, key=lambda s: s["town"])]
    if whole + national + sum(s["graph_triples"] - whole for s in summaries) <= ALL_GRAPH_MAX:
        graphs.insert(0, {"id": "", "label": None, "file": "graph/all.ttl",
                          "triples": write_graph(tmp / "sparql" / "graph" / "all.ttl",
                                                 (q.triple for q in quads(data_dir)))})
    for lang in ("hu", "en"):  # SPARQL in the browser: <lang>/query.html, graph files and scripts in sparql/
        (tmp / lang).mkdir(parents=True, exist_ok=True)
        write_query_page(tmp / lang, lang, graphs, offered, query_dir, tmp / "sparql")
