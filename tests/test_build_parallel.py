"""The build on several processes: the same bytes as the serial build and as a cached one, the
same errors (file, place, expected) for a document that cannot be read, --strict all or nothing."""

from pathlib import Path

import pytest

from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.build import build, parallel
from esely_graph.errors import SourceError
from esely_graph.layout import Layout
from conftest import TTL
from test_build import _same_tree

ROOT = Path(__file__).resolve().parent.parent
ROMA = "jozsefvaros-roma-strategia-intezkedesi-terv.tsv"


@pytest.fixture
def always_parallel(monkeypatch):
    """Workers even for a handful of documents (the build keeps few documents in one process);
    the pools started are counted, so a test shows the workers really built."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    started = []

    class Pool(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(args[0])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Pool)
    return started


def _builds(data: Path, tmp: Path, monkeypatch) -> dict[str, Path]:
    """Serial and parallel without the cache, then parallel with a cold and a warm cache."""
    outs = {}
    monkeypatch.setenv("ESELY_NO_CACHE", "1")
    for name, jobs in (("serial", 1), ("parallel", 2)):
        outs[name] = tmp / name
        build(data, outs[name], jobs=jobs)
    monkeypatch.delenv("ESELY_NO_CACHE")
    for name in ("cold", "warm"):
        outs[name] = tmp / name
        build(data, outs[name], jobs=2)
    return outs


def test_parallel_equals_serial_and_cached_on_the_committed_data(always_parallel, monkeypatch, data_copy, tmp_path):
    outs = _builds(data_copy, tmp_path, monkeypatch)
    assert always_parallel == [2, 2]  # parallel and the cold cache; the warm cache built nothing
    for name, out in outs.items():
        assert _same_tree(out, TTL) == [], name


def test_parallel_equals_serial_and_cached_on_three_synthetic_towns(always_parallel, monkeypatch, tmp_path):
    data = tmp_path / "data"
    towns = write_corpus(read_seeds(Layout.of(ROOT)), data, 3, seed=3)
    outs = _builds(data, tmp_path, monkeypatch)
    assert always_parallel == [2, 2]
    assert len({p.name.split("-")[0] for p in outs["serial"].glob("*.ttl")} & {t.split("-")[0] for t in towns}) == 3
    for name in ("parallel", "cold", "warm"):
        assert _same_tree(outs[name], outs["serial"]) == [], name


def test_a_worker_reports_an_unreadable_document_as_the_serial_build_does(always_parallel, monkeypatch, data_copy,
                                                                          tmp_path):
    monkeypatch.setenv("ESELY_NO_CACHE", "1")
    (data_copy / "sources" / ROMA).write_text("", encoding="utf-8")
    serial = build(data_copy, tmp_path / "serial", jobs=1)
    par = build(data_copy, tmp_path / "parallel", jobs=2)
    assert always_parallel == [2]
    assert [s.id for s in serial.skipped] == ["jozsefvaros-roma-strategia-it"]
    assert par.skipped == serial.skipped and ROMA in par.skipped[0].error
    assert _same_tree(tmp_path / "serial", tmp_path / "parallel") == []


def test_strict_stops_a_parallel_build_with_the_same_error_and_writes_nothing(always_parallel, monkeypatch,
                                                                             data_copy, tmp_path):
    monkeypatch.setenv("ESELY_NO_CACHE", "1")
    (data_copy / "sources" / ROMA).write_text("", encoding="utf-8")
    errors = []
    for jobs in (1, 2):
        with pytest.raises(SourceError) as info:
            build(data_copy, tmp_path / f"out{jobs}", strict=True, jobs=jobs)
        errors.append((type(info.value), str(info.value), info.value.path, info.value.line))
        assert not (tmp_path / f"out{jobs}").exists()
    assert errors[0] == errors[1] and ROMA in errors[0][1]
