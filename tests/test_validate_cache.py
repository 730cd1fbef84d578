"""The validation cache (esely_graph/validate/cache.py): the report is the same with and without it,
and after a change only the units that depend on it are validated again."""

import os
import re
import shutil

from rdflib.compare import isomorphic

from esely_graph.validate import format_json, format_text, validate
from esely_graph.validate.cache import ValidationCache
from esely_graph.validate.whole_graph import VOCABULARIES
from conftest import AS_OF, SHAPES, TTL


def same(a, b) -> bool:
    return format_json(a) == format_json(b) and format_text(a, "en") == format_text(b, "en") \
        and isomorphic(a.graph, b.graph)


def test_cached_report_equals_uncached_and_a_change_revalidates_only_its_units(tmp_path, monkeypatch):
    monkeypatch.delenv("ESELY_NO_CACHE", raising=False)
    ttl = tmp_path / "data" / "ttl"
    shutil.copytree(TTL, ttl)
    docs = sorted(p.stem for p in ttl.glob("*.ttl"))
    reference = validate(ttl, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl", cache=False)
    cold = validate(ttl, SHAPES, jobs=2, as_of=AS_OF, engine="pyshacl")
    assert (tmp_path / "data" / ".cache" / "validation").is_dir()
    assert len(cold.validated) == cold.units
    warm = validate(ttl, SHAPES, jobs=2, as_of=AS_OF, engine="pyshacl")
    assert warm.validated == []
    assert same(reference, cold) and same(reference, warm) and reference.findings

    # another day, other shapes: another run, nothing is reused
    files = sorted(SHAPES.glob("*.ttl"))
    run_key = ValidationCache.for_run(ttl, files, AS_OF, "pyshacl").run_key
    assert ValidationCache.for_run(ttl, files, AS_OF.replace(year=AS_OF.year + 1), "pyshacl").run_key != run_key
    assert ValidationCache.for_run(ttl, files[1:], AS_OF, "pyshacl").run_key != run_key

    # one document loses a measure's title: that unit alone is validated again, and the violation
    # is found as without the cache
    doc = ttl / "jozsefvaros-hep-it.ttl"
    text = doc.read_text(encoding="utf-8")
    changed, n = re.subn(r'(<https://w3id.org/esely/id/doc/jozsefvaros-hep-it/measure/0-3>\s.*?)dcterms:title "[^"]*"'
                         r'(@hu)? ;', r"\1", text, count=1, flags=re.S)
    assert n == 1
    doc.write_text(changed, encoding="utf-8")
    after = validate(ttl, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl")
    assert after.validated == ["jozsefvaros-hep-it"]
    assert after.counts()["violation"] == 1
    assert same(after, validate(ttl, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl", cache=False))
    assert "jozsefvaros-hep-he" in docs


def test_a_vocabulary_change_revalidates_the_units_that_read_the_node(tmp_path, monkeypatch):
    """A label added to one organisation: the vocabulary unit and the documents that name the
    organisation are validated again, the others are not; a node no document names changes none."""
    monkeypatch.delenv("ESELY_NO_CACHE", raising=False)
    ttl = tmp_path / "data" / "ttl"
    shutil.copytree(TTL, ttl)
    validate(ttl, SHAPES, jobs=2, as_of=AS_OF, engine="pyshacl")
    orgs = ttl / "organisations.ttl"
    unused = "<https://w3id.org/esely/id/org/nobody> <http://www.w3.org/2000/01/rdf-schema#comment> \"x\" .\n"
    orgs.write_text(orgs.read_text(encoding="utf-8") + unused, encoding="utf-8")
    assert validate(ttl, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl").validated == ["(vocabulary)"]

    named = {p.stem: set(re.findall(r"<(https://w3id.org/esely/id/org/[^>]+)>", p.read_text(encoding="utf-8")))
             for p in ttl.glob("*.ttl") if p.name not in VOCABULARIES}
    org = "https://w3id.org/esely/id/org/kecskemet"
    readers = sorted(d for d, names in named.items() if any(n == org or n.startswith(org + "/") for n in names))
    assert readers and len(readers) < len(named) - 2
    orgs.write_text(orgs.read_text(encoding="utf-8") + f'<{org}> <http://www.w3.org/2004/02/skos/core#altLabel> "új" .\n',
                    encoding="utf-8")
    again = validate(ttl, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl")
    assert sorted(again.validated) == sorted(readers + ["(vocabulary)"])
    assert same(again, validate(ttl, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl", cache=False))


def test_no_cache_environment_turns_it_off(tmp_path, monkeypatch):
    monkeypatch.setenv("ESELY_NO_CACHE", "1")
    ttl = tmp_path / "data" / "ttl"
    shutil.copytree(TTL, ttl)
    for name in ("links.ttl", "jozsefvaros-roma-strategia-it.ttl", "jozsefvaros-hep-he.ttl"):
        (ttl / name).unlink()
    validate(ttl, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl")
    assert not (tmp_path / "data" / ".cache").exists()


def test_old_entries_are_pruned(tmp_path):
    cache = ValidationCache(tmp_path / "validation", "run")
    cache.put("aa-old", {"x": 1})
    cache.put("bb-new", {"x": 2})
    old = tmp_path / "validation" / "aa" / "aa-old"
    os.utime(old, (old.stat().st_atime - 15 * 86400, old.stat().st_mtime - 15 * 86400))
    cache.prune(max_age_days=14)
    assert cache.get("aa-old") is None and cache.get("bb-new") == {"x": 2}
