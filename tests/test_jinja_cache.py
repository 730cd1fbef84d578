"""Compiled templates kept between runs (``jinja_cache``): the same pages from the cache, a changed template compiled
again, a cache that cannot be written only slower."""

import jinja2

from esely_graph import jinja_cache


def _env(folder, loader):
    cache = jinja_cache._Cache(str(folder))
    return jinja2.Environment(loader=loader, autoescape=True, bytecode_cache=cache), cache


def test_a_template_compiled_once_is_read_from_the_cache_and_a_changed_one_compiled_again(tmp_path):
    loader = jinja2.DictLoader({"t.j2": "<p>{{ x }}</p>"})
    (tmp_path / "c").mkdir()
    env, _ = _env(tmp_path / "c", loader)
    assert env.get_template("t.j2").render(x="<b>") == "<p>&lt;b&gt;</p>"
    assert len(list((tmp_path / "c").iterdir())) == 1  # kept
    compiled = []
    real = jinja2.Environment.compile
    env2, _ = _env(tmp_path / "c", loader)
    env2.compile = lambda *a, **k: compiled.append(a) or real(env2, *a, **k)
    assert env2.get_template("t.j2").render(x="<b>") == "<p>&lt;b&gt;</p>" and not compiled  # from the cache
    loader.mapping["t.j2"] = "<div>{{ x }}</div>"
    env3, _ = _env(tmp_path / "c", loader)
    env3.compile = lambda *a, **k: compiled.append(a) or real(env3, *a, **k)
    assert env3.get_template("t.j2").render(x="a") == "<div>a</div>" and compiled  # its source changed: compiled


def test_a_cache_that_cannot_be_written_or_read_only_costs_the_compiling(tmp_path):
    loader = jinja2.DictLoader({"t.j2": "{{ x }}!"})
    env, _ = _env(tmp_path / "gone", loader)  # a folder that is not there: nothing written, no error
    assert env.get_template("t.j2").render(x="a") == "a!"
    env, _ = _env(tmp_path, loader)
    env.get_template("t.j2")
    for f in [f for f in tmp_path.iterdir() if f.is_file()]:
        f.unlink()
        f.mkdir()  # where the compiled template was, a folder: reading it fails
    env2, _ = _env(tmp_path, loader)
    assert env2.get_template("t.j2").render(x="b") == "b!"


def test_the_site_uses_it_and_renders_without_one(monkeypatch):
    from esely_graph.site.render import environment

    assert isinstance(environment().bytecode_cache, jinja2.BytecodeCache)

    def refused(*_):
        raise RuntimeError("the temporary folder is not the user's")

    monkeypatch.setattr(jinja_cache, "_Cache", refused)
    assert jinja_cache.bytecode_cache() is None
    assert environment().from_string("{{ 1 + 1 }}").render() == "2"
