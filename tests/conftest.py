import datetime as dt
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TTL = DATA / "ttl"
SOURCES = DATA / "sources"
SHAPES = ROOT / "shapes"
AS_OF = dt.date(2024, 1, 1)  # the day every test judges deadlines against (findings do not change with today)


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The committed graph, all files merged (rdflib; for assertions, not speed)."""
    g = Graph()
    for f in sorted(TTL.glob("*.ttl")):
        g.parse(f)
    return g


@pytest.fixture(scope="session")
def store():
    from esely_graph.store import load_store

    return load_store(TTL)


@pytest.fixture(scope="session")
def validated():
    """The committed graph validated ONCE per test run (once per xdist worker) as of AS_OF.

    Every test that needs the real graph's findings uses this report; do not validate again."""
    from esely_graph.validate import validate

    return validate(TTL, SHAPES, as_of=AS_OF)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (sources, manifest, vocab) to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("ttl"))
    return dst
