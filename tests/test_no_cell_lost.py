"""Nothing lost: every non-empty cell of every source table is in the graph, on the node it belongs to.

The checker (``missing_cells``) reads each cell of a source table (formatting tags stripped, spaces
collapsed) and looks for it among the literals of the nodes derived from that cell's row
(prov:wasDerivedFrom the row) — as a whole value, not as a substring of all the graph's text:
- a cell is one literal of such a node (a title, an original text, an owner cell …);
- a node derived from several rows (a cell continued after a page break) holds the rows' cells
  joined: each cell is a whole-word run of that literal;
- the measure-number column is the last part of the node's code (``2`` of ``I/2``);
- a line no node is derived from (title, headers) is the document's: its title, alternative title,
  a column header (``G: Az intézkedés felelőse``) or a note;
- a line the importer skipped is named in the document's notes with the reason.
The last tests run the checker on graphs with one cell removed and see it fail.
"""

import re
from collections import defaultdict

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from esely_graph.manifest import load_manifest
from esely_graph.namespaces import BASE, ESELY
from esely_graph.text import clean_cell
from conftest import DATA, TTL

TABLE_KINDS = {"hep-conclusions", "hep-action-plan", "strategy-action-plan"}
MANIFEST = load_manifest(DATA)
TABLES = [d for d in MANIFEST.documents if d.kind in TABLE_KINDS]


def _nodes_by_line(g: Graph) -> dict[int, list[tuple[dict, bool]]]:
    """line -> [(predicate -> literals of a node derived from it, whether the node spans several lines)]"""
    out = defaultdict(list)
    for node in set(g.subjects(PROV.wasDerivedFrom, None)):
        lines = {int(g.value(r, ESELY.lineNumber)) for r in g.objects(node, PROV.wasDerivedFrom)}
        values = defaultdict(list)
        for p, o in g.predicate_objects(node):
            if isinstance(o, Literal):
                values[p].append(str(o))
        for n in lines:
            out[n].append((values, len(lines) > 1))
    return out


def _holds(values: dict, spans: bool, text: str) -> bool:
    literals = [v for vs in values.values() for v in vs]
    if text in literals:
        return True
    if any(code.rsplit("/", 1)[-1] == text for code in values.get(ESELY.code, [])):
        return True
    if spans:  # joined with its continuation rows: a whole-word run (or the half of a hyphenated word)
        return any(f" {text} " in f" {lit} " or (text.endswith("-") and text[:-1] in lit) for lit in literals)
    return False


def missing_cells(meta, g: Graph) -> list[str]:
    """``file:line:column: text`` of every source cell the graph does not hold on its node."""
    doc = URIRef(f"{BASE}doc/{meta.id}")
    notes = [str(n) for n in g.objects(doc, ESELY.note)]
    skipped = {int(m.group(1)) for n in notes for m in [re.match(r"line (\d+) skipped: ", n)] if m}
    document_values = {str(o).split(": ", 1)[-1] for o in g.objects(doc, ESELY.columnHeader)}
    document_values |= {str(o) for p in (DCTERMS.title, DCTERMS.alternative) for o in g.objects(doc, p)}
    document_values |= set(notes)
    by_line = _nodes_by_line(g)
    missing = []
    for number, raw in enumerate((MANIFEST.root / meta.file).read_text(encoding="utf-8").split("\n"), 1):
        if number in skipped:
            continue
        for col, cell in enumerate(raw.split("\t"), 1):
            text = clean_cell(cell)
            if not any(ch.isalnum() for ch in text):
                continue
            if number in by_line:
                found = any(_holds(values, spans, text) for values, spans in by_line[number])
            else:
                found = text in document_values
            if not found:
                missing.append(f"{meta.file}:{number}:{col}: {text[:60]}")
    return missing


def document_graph(meta) -> Graph:
    return Graph().parse(TTL / f"{meta.id}.ttl")


@pytest.mark.parametrize("meta", TABLES, ids=lambda d: d.id)
def test_every_cell_is_on_its_node(meta):
    assert missing_cells(meta, document_graph(meta)) == []


@pytest.mark.parametrize("meta", [d for d in MANIFEST.documents if d.kind not in TABLE_KINDS], ids=lambda d: d.id)
def test_every_prose_line_is_on_its_source_row(meta):
    """A prose document keeps each line's text, whole, on the source row of that line."""
    g = document_graph(meta)
    lines = (MANIFEST.root / meta.file).read_text(encoding="utf-8").split("\n")
    missing = [f"{meta.file}:{n}" for n, raw in enumerate(lines, 1)
               if raw.strip() and str(g.value(URIRef(f"{BASE}doc/{meta.id}/line/{n}"), ESELY.originalText))
               != re.sub(r"\*\*", "", raw).strip()]
    assert missing == []


HEP_IT = next(d for d in TABLES if d.id == "jozsefvaros-hep-it")
ROMA = next(d for d in TABLES if d.id == "jozsefvaros-roma-strategia-it")


def test_a_dropped_cell_is_reported():
    """Measure I/1's problem (line 12, column C) removed from the graph: the checker names that cell."""
    g = document_graph(HEP_IT)
    node = URIRef(f"{BASE}doc/jozsefvaros-hep-it/measure/I-1")
    assert len(list(g.objects(node, ESELY.problemStatement))) == 1
    g.remove((node, ESELY.problemStatement, None))
    assert missing_cells(HEP_IT, g) == [
        "sources/jozsefvaros-hep-intezkedesi-terv.tsv:12:3: előre nem látható helyzet, rezsiválság miatt a lakosok depri"]


def test_a_short_cell_is_looked_for_on_its_own_node():
    """'folyamatos' stands in many cells: removing one deadline's text is still caught (no match elsewhere)."""
    g = document_graph(ROMA)
    deadlines = sorted(s for s in g.subjects(ESELY.originalText, Literal("folyamatos", lang="hu")))
    assert len(deadlines) > 1
    dropped = deadlines[0]
    row = g.value(dropped, PROV.wasDerivedFrom)
    g.remove((dropped, ESELY.originalText, None))
    missing = missing_cells(ROMA, g)
    assert len(missing) == 1 and missing[0].endswith(": folyamatos")
    assert missing[0].split(":")[1] == str(g.value(row, ESELY.lineNumber))


def test_a_node_without_its_row_is_reported():
    """Measure I/1 no longer cites line 12: the cells it holds are reported (number, title A, problem B,
    strategies D, content F, owner G, sustainability K); so is line 14's owner continuation, since the
    joined owner text now sits on a node that cites line 14 alone. The cells held by its goal, deadline,
    indicator and resource nodes, which still cite line 12, are not."""
    g = document_graph(HEP_IT)
    node = URIRef(f"{BASE}doc/jozsefvaros-hep-it/measure/I-1")
    g.remove((node, PROV.wasDerivedFrom, URIRef(f"{BASE}doc/jozsefvaros-hep-it/line/12")))
    assert [tuple(map(int, m.split(":")[1:3])) for m in missing_cells(HEP_IT, g)] == [
        (12, 1), (12, 2), (12, 3), (12, 5), (12, 7), (12, 8), (12, 12), (14, 8)]
