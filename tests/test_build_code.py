"""The build cache's code hash covers the code the build runs, and only that (build/code.py)."""

from esely_graph.build import code


def _names() -> set[str]:
    return {str(p.relative_to(code.PACKAGE)) for p in code.build_files()}


def test_the_modules_the_build_imports_and_the_data_they_read():
    names = _names()
    # imported at the top of the build, through the importers, or only inside a function
    for name in ("build/__init__.py", "build/cache.py", "importers/hep_action_plan.py", "readers/pdf.py",
                 "readers/word.py", "links/scoring.py", "normalise/similarity.py", "text.py", "vocab.py",
                 "__init__.py", "normalise/statutory.toml", "resources/headers.toml", "resources/settlements.csv"):
        assert name in names, name
    for name in ("site/__init__.py", "validate/__init__.py", "cli/__init__.py", "report.py", "bench/__init__.py"):
        assert name not in names, name


def test_imports_read_from_the_source(tmp_path, monkeypatch):
    """Relative and absolute imports, names that are modules, a parenthesised list over lines,
    an import inside a function; a package's parents; a module of another package is not followed."""
    pkg = tmp_path / "esely_graph"
    for name, text in {
        "__init__.py": "",
        "build/__init__.py": "from .a import thing\nimport json\n",
        "build/a.py": "from .. import b, c  # two modules\nfrom ..d import (\n    x,\n    y,  # why\n)\n"
                      "def f():\n    import esely_graph.e.f\n",
        "b.py": "", "c.py": "", "d.py": "", "e/__init__.py": "", "e/f.py": "", "unused.py": "",
        "links/__init__.py": "",
    }.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    (pkg / "normalise").mkdir()
    (pkg / "resources").mkdir()
    (pkg / "resources" / "words.toml").write_text("")
    monkeypatch.setattr(code, "PACKAGE", pkg)
    assert _names() == {"__init__.py", "build/__init__.py", "build/a.py", "b.py", "c.py", "d.py", "e/__init__.py",
                        "e/f.py", "links/__init__.py", "resources/words.toml"}
