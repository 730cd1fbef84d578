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


# ---------------------------------------------------------------- Chromium for the browser tests

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def playwright_or_skip():
    """Playwright's sync API; skips the test where it or Debian's chromium is missing (fails on CI)."""
    import os

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Playwright and Debian's chromium (see .ci/run)")
        pytest.skip("Playwright or chromium not installed")
    return sync_playwright
