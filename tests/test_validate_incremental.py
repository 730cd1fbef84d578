"""Incremental fast validation (validate/incremental.py): after each change of one town's sources —
a finding added, a finding removed, a document removed, a town added — the findings of the
incremental run equal, every field, those of a full fast run from scratch on the same store (and
pySHACL's in one case); a change of a shared vocabulary runs everything and says so. On the fixture
towns (tests/fixtures/towns, with the seeds) and on a synthetic corpus of six towns."""

import shutil

import pytest

from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.build import build
from esely_graph.disk_store import open_read_only, sync
from esely_graph.layout import Layout
from esely_graph.validate import validate
from esely_graph.validate.fast_run import validate_fast
from esely_graph.validate.incremental import changed_graphs, state_path, validate_incremental
from conftest import AS_OF, DATA, ROOT, SHAPES
from test_municipalities import make_corpus

INCREMENTAL, FULL = "növekményes", "teljes"


class Project:
    """A data folder, its on-disk store and the validation state, rebuilt and re-validated per step."""

    def __init__(self, root):
        self.data, self.store, self.out = root / "data", root / "out" / "store", root / "out"

    def step(self):
        """Build, sync the store, validate incrementally; return (report, full run from scratch)."""
        build(self.data, self.data / "ttl")
        synced = sync(self.data / "ttl", self.store)
        store = open_read_only(self.store)
        try:
            report = validate_incremental(self.data / "ttl", SHAPES, AS_OF, store, self.store, self.out,
                                          graphs=changed_graphs(synced))
            return report, validate_fast(self.data / "ttl", SHAPES, AS_OF, store=store)
        finally:
            del store

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.data / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def same(report, full, mode: str) -> list:
    print("mode:", report.mode)
    assert report.mode.startswith(mode), report.mode
    assert report.findings == full.findings  # every field of every finding, in the same order
    assert report.units == full.units
    return report.findings


def unreadable(findings, focus_part: str) -> list:
    return [f for f in findings if f.shape.endswith("Deadline-readable") and focus_part in f.focus]


@pytest.fixture
def towns(tmp_path):
    p = Project(tmp_path)
    shutil.copytree(DATA, p.data, ignore=shutil.ignore_patterns("ttl", ".cache"))
    make_corpus(p.data)
    return p


def test_fixture_towns_one_town_changed_again_and_again(towns):
    report, full = towns.step()
    same(report, full, FULL)  # no state yet
    assert state_path(towns.out).is_file()
    report, full = towns.step()
    assert report.mode.startswith("változatlan") and report.findings == full.findings
    # a finding added: a deadline nobody can read
    towns.edit("sources/kunszallas-hep-it.tsv", "\t2025. december\t", "\tmajd valamikor\t")
    report, full = towns.step()
    assert unreadable(same(report, full, INCREMENTAL), "kunszallas-hep-it")
    # and removed again
    towns.edit("sources/kunszallas-hep-it.tsv", "\tmajd valamikor\t", "\t2025. december\t")
    report, full = towns.step()
    assert not unreadable(same(report, full, INCREMENTAL), "kunszallas-hep-it")


def test_fixture_towns_a_document_removed_and_a_town_added(towns):
    towns.step()
    manifest = towns.data / "sources.toml"
    text = manifest.read_text(encoding="utf-8")
    entry = text.index('[[document]]\nid = "kunszallas-hep-he"')
    end = text.index("[[document]]", entry + 5)
    manifest.write_text(text[:entry] + text[end:], encoding="utf-8")
    report, full = towns.step()
    same(report, full, "")  # incremental, or a full run when a shared file changed with it
    assert not any("kunszallas-hep-he" in f.focus for f in report.findings)
    manifest.write_text(text, encoding="utf-8")  # the town's document back: the same as before
    report, full = towns.step()
    same(report, full, "")


def test_a_shared_vocabulary_changed_runs_everything(towns):
    towns.step()
    ttl = towns.data / "ttl" / "target-groups.ttl"
    build(towns.data, towns.data / "ttl")
    ttl.write_text(ttl.read_text(encoding="utf-8") + "\n# a comment\n<https://w3id.org/esely/x> "
                   "<http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n", encoding="utf-8")
    synced = sync(towns.data / "ttl", towns.store)
    store = open_read_only(towns.store)
    report = validate_incremental(towns.data / "ttl", SHAPES, AS_OF, store, towns.store, towns.out,
                                  graphs=changed_graphs(synced))
    assert report.mode.startswith(FULL) and "target-groups" in report.mode
    assert "shared graph" in report.mode and "közös gráf" in report.mode
    assert report.findings == validate_fast(towns.data / "ttl", SHAPES, AS_OF, store=store).findings


@pytest.mark.slow
def test_incremental_equals_pyshacl_after_a_change(towns):
    towns.step()
    towns.edit("sources/kunszallas-hep-it.tsv", "\t2025. december\t", "\tmajd valamikor\t")
    report, full = towns.step()
    assert report.mode.startswith(INCREMENTAL)
    reference = validate(towns.data / "ttl", SHAPES, jobs=2, as_of=AS_OF, engine="pyshacl", cache=False)
    assert report.findings == reference.findings


@pytest.fixture
def synthetic(tmp_path):
    p = Project(tmp_path)
    ids = write_corpus(read_seeds(Layout.of(ROOT)), p.data, 6, seed=3)
    return p, ids


def test_synthetic_corpus_one_town_changed(synthetic):
    p, ids = synthetic
    same(*p.step(), FULL)
    from esely_graph.manifest import load_manifest

    doc = next(d for d in load_manifest(p.data).documents if d.kind == "hep-action-plan" and d.municipality == ids[2])
    lines = (p.data / doc.file).read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if "határideje" in line)
    deadline = next(i for i, c in enumerate(lines[header].split("\t")) if "határideje" in c)
    row = next(i for i, line in enumerate(lines) if i > header and line.count("\t") > deadline
               and line.split("\t")[deadline].strip() and line.split("\t")[1].strip())
    cells = lines[row].split("\t")
    before = cells[deadline]
    cells[deadline] = "majd valamikor"
    original = lines[row]
    lines[row] = "\t".join(cells)
    (p.data / doc.file).write_text("\n".join(lines), encoding="utf-8")
    report, full = p.step()
    assert unreadable(same(report, full, INCREMENTAL), doc.id)
    lines[row] = original
    (p.data / doc.file).write_text("\n".join(lines), encoding="utf-8")
    report, full = p.step()
    assert not unreadable(same(report, full, INCREMENTAL), doc.id), before
    # a new town (the same six and a seventh): its vocabulary entries change shared files, so a full run
    seventh = write_corpus(read_seeds(Layout.of(ROOT)), p.data, 7, seed=3)[-1]
    report, full = p.step()
    assert any(seventh in f.focus for f in same(report, full, ""))


def test_the_validate_command_with_incremental(tmp_path):
    from click.testing import CliRunner

    from esely_graph.cli import main

    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns(".cache"))
    args = ["--project", str(tmp_path), "validate", "--incremental", "--as-of", AS_OF.isoformat(), "--format", "json"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and "full: no valid earlier state" in first.stderr
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "változatlan / unchanged" in again.stderr and again.stdout == first.stdout
    forced = CliRunner().invoke(main, args + ["--full"])
    assert "full: asked for" in forced.stderr and forced.stdout == first.stdout
    assert (tmp_path / "out" / "validation" / "state.marshal").is_file()
    state = tmp_path / "out" / "validation" / "state.marshal"
    state.write_bytes(state.read_bytes()[:100])  # a damaged state: a full run, a fresh state
    damaged = CliRunner().invoke(main, args)
    assert "full: no valid earlier state" in damaged.stderr and damaged.stdout == first.stdout
    other_day = CliRunner().invoke(main, args[:5] + ["2025-06-01"] + args[6:])  # another --as-of: another key
    assert other_day.exit_code == 0 and "full: no valid earlier state" in other_day.stderr


def test_an_undeclared_term_used_in_two_towns_then_in_one(towns):
    """The whole-graph check (terms used anywhere): its finding stays while any town uses the term and
    names the first document that does; it goes when no town uses it."""
    towns.step()
    ttl = towns.data / "ttl"
    term = "<https://w3id.org/esely/ontology#madeUpTerm>"

    def use(stem, on: bool):
        path = ttl / f"{stem}.ttl"
        text = path.read_text(encoding="utf-8").replace(f"\n<https://w3id.org/esely/id/doc/{stem}> {term} \"x\" .\n", "")
        path.write_text(text + (f"\n<https://w3id.org/esely/id/doc/{stem}> {term} \"x\" .\n" if on else ""),
                        encoding="utf-8")

    def step():
        synced = sync(ttl, towns.store)
        store = open_read_only(towns.store)
        report = validate_incremental(ttl, SHAPES, AS_OF, store, towns.store, towns.out, graphs=changed_graphs(synced))
        assert report.findings == validate_fast(ttl, SHAPES, AS_OF, store=store).findings
        assert report.mode.startswith(INCREMENTAL), report.mode
        return [f for f in report.findings if f.value == term[1:-1]]

    use("lajosmizse-hep-it", True)
    assert [f.document for f in step()] == ["lajosmizse-hep-it"]
    use("kunszallas-hep-it", True)
    assert [f.document for f in step()] == ["kunszallas-hep-it"]  # the first document using it
    use("kunszallas-hep-it", False)
    assert [f.document for f in step()] == ["lajosmizse-hep-it"]
    use("lajosmizse-hep-it", False)
    assert step() == []


def test_a_town_naming_another_towns_node_runs_everything(towns):
    """The partition's guard: a town's graph naming a node that another town's graph describes (here a
    link of the other town, which carries no municipality itself) is not validated incrementally."""
    towns.step()
    ttl = towns.data / "ttl"
    link = next(line for line in (ttl / "links.ttl").read_text(encoding="utf-8").split("\n")
                if line.startswith("<https://w3id.org/esely/id/doc/lajosmizse-hep-it/"))
    with open(ttl / "kunszallas-hep-it.ttl", "a", encoding="utf-8") as f:
        f.write(f"\n<https://w3id.org/esely/id/doc/kunszallas-hep-it> <http://www.w3.org/2000/01/rdf-schema#seeAlso> "
                f"{link} .\n")
    synced = sync(ttl, towns.store)
    store = open_read_only(towns.store)
    report = validate_incremental(ttl, SHAPES, AS_OF, store, towns.store, towns.out, graphs=changed_graphs(synced))
    assert report.mode.startswith(FULL) and "lajosmizse" in report.mode and "kunszallas" in report.mode
    assert report.findings == validate_fast(ttl, SHAPES, AS_OF, store=store).findings


def test_a_full_run_reading_the_copy_in_memory_writes_the_same_state(towns):
    """`all --in-memory`: the full run and the state's towns read from the same named graphs in memory
    (``reader``) give the state the on-disk store gives; every home graph of a finding has its town."""
    import marshal

    from esely_graph.store import load_named

    build(towns.data, towns.data / "ttl")
    sync(towns.data / "ttl", towns.store)
    states = []
    for reader in (None, load_named(towns.data / "ttl")):
        store = open_read_only(towns.store)
        try:
            report = validate_incremental(towns.data / "ttl", SHAPES, AS_OF, store, towns.store, towns.out,
                                          full=True, reader=reader)
        finally:
            del store
        assert report.mode.startswith(FULL)
        states.append(marshal.loads(state_path(towns.out).read_bytes()))
    assert states[0] == states[1]
    homes = {h for row in states[0]["findings"] for h in row[-1]}
    assert homes and homes <= set(states[0]["towns"])


def test_the_state_writes_a_repeated_string_once_and_reads_it_back_shared():
    import marshal

    from esely_graph.validate.incremental import _shared

    message = "A felelős hiányzik. / The owner is missing. " * 3  # each row its own copy, as read from a store
    rows = [("doc", f"https://w3id.org/esely/id/x{i}", "warning", message.encode().decode(), None, 3, ("g1x"[:2].encode().decode(),))
            for i in range(50)]
    assert rows[0][3] is not rows[1][3]
    shared = _shared(rows)
    assert shared == rows
    back = marshal.loads(marshal.dumps(shared))
    assert back == rows and back[0][3] is back[49][3] and back[0][-1][0] is back[49][-1][0]
    assert len(marshal.dumps(shared)) < len(marshal.dumps(rows)) / 3
