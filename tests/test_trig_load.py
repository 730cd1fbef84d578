"""The whole folder in one TriG bulk load (``trig_load``): a fresh store's sync holds the same quads, in the same
named graphs, as the file-by-file load (``graph_units.load``, which the in-memory copy ``load_named`` uses: see
its docstring) and as the in-memory copy — on the built seeds and
on files the build does not write (comments and ``@prefix`` at the top, a directive in the middle, a file that
does not end in a newline); a syntax error names its file."""

import pyoxigraph as ox
import pytest

from esely_graph import graph_units
from esely_graph.disk_store import open_read_only, sync
from esely_graph.errors import EselyError
from esely_graph.store import load_named, ttl_files
from esely_graph.trig_load import header_body
from conftest import TTL


def quads(store) -> set:
    return set(store.quads_for_pattern(None, None, None, None))


def file_by_file(folder) -> set:
    store = ox.Store()
    graph_units.load(store, ttl_files(folder))
    return quads(store)


def test_the_seeds_load_as_file_by_file_in_memory_and_on_disk(tmp_path):
    expected = file_by_file(TTL)
    assert quads(load_named(TTL)) == expected
    sync(TTL, tmp_path / "store")
    assert quads(open_read_only(tmp_path / "store")) == expected
    assert len({q.graph_name for q in expected}) > len(ttl_files(TTL))  # the town-growing files cut in units


HAND = {
    # comments and @prefix lines at the top (the header), no newline at the end (a comment last)
    "a.ttl": '# a comment\n@prefix ex: <http://example.org/> .\n\nex:a ex:p "1" , "}" ;\n  ex:q ex:b . # last }',
    # a PREFIX in the middle: the file read by the parser (its triples as N-Triples)
    "b.ttl": 'PREFIX ex: <http://example.org/>\nex:b ex:p ex:c .\nPREFIX ex: <http://example.org/other/>\nex:d ex:p "x"@hu .\n',
    # the same prefix bound elsewhere in the next file
    "c.ttl": "PREFIX ex: <http://example.org/c/>\nex:e ex:p 3 .\n",
}


def write(folder, files: dict):
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_hand_written_files_load_as_file_by_file(tmp_path):
    folder = write(tmp_path / "ttl", HAND)
    expected = file_by_file(folder)
    assert ox.Quad(ox.NamedNode("http://example.org/other/d"), ox.NamedNode("http://example.org/other/p"),
                   ox.Literal("x", language="hu"), ox.NamedNode(graph_units.GRAPH_BASE + "b")) in expected
    assert ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("}"),
                   ox.NamedNode(graph_units.GRAPH_BASE + "a")) in expected
    assert len(expected) == 6
    assert quads(load_named(folder)) == expected
    sync(folder, tmp_path / "store")
    assert quads(open_read_only(tmp_path / "store")) == expected


def test_header_is_the_directives_comments_and_blank_lines_at_the_top():
    assert header_body(b"# c\nPREFIX a: <x:>\n\n<x:s> <x:p> 1 .\n") == (b"# c\nPREFIX a: <x:>\n\n", b"<x:s> <x:p> 1 .\n")
    assert header_body(b"<x:s> <x:p> 1 .\n@prefix a: <x:> .\n") is None
    assert header_body(b"BASE <http://e/>\n<s> <p> 1 .\n") is None


def test_a_syntax_error_names_its_file(tmp_path):
    folder = write(tmp_path / "ttl", {**HAND, "d.ttl": "PREFIX ex: <http://example.org/>\nex:a ex:p .\n"})
    for load in (lambda: load_named(folder), lambda: sync(folder, tmp_path / "store")):
        with pytest.raises(EselyError, match="d.ttl: not valid Turtle"):
            load()
