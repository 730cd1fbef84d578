"""Tables the way municipalities publish them: Hungarian Excel CSV, other header wording and order."""

import csv
import io

import pytest

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from esely_graph.build import build
from conftest import TTL

HEP_IT = "sources/jozsefvaros-hep-intezkedesi-terv.tsv"
ESELY = "https://w3id.org/esely/ontology#"


def _without(g: Graph, *props) -> Graph:
    out = Graph()
    for t in g:
        if str(t[1]) not in props:
            out.add(t)
    return out


@pytest.mark.parametrize("encoding_line", ['encoding = "cp1250"\n', ""], ids=["set in the manifest", "detected"])
def test_excel_csv_in_windows_1250_gives_the_same_graph(encoding_line, data_copy, tmp_path):
    rows = (data_copy / HEP_IT).read_text(encoding="utf-8").split("\n")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for raw in rows:
        w.writerow(raw.split("\t") if raw else [])
    csv_path = data_copy / "sources" / "hep-it.csv"
    csv_path.write_bytes(buf.getvalue().encode("cp1250"))
    manifest = data_copy / "sources.toml"
    text = manifest.read_text(encoding="utf-8").replace(
        'file = "sources/jozsefvaros-hep-intezkedesi-terv.tsv"\nkind = "hep-action-plan"',
        f'file = "sources/hep-it.csv"\n{encoding_line}kind = "hep-action-plan"')
    manifest.write_text(text, encoding="utf-8")
    build(data_copy, tmp_path / "ttl")
    got = Graph().parse(tmp_path / "ttl" / "jozsefvaros-hep-it.ttl")
    want = Graph().parse(TTL / "jozsefvaros-hep-it.ttl")
    assert isomorphic(_without(got, ESELY + "sourceFile"), _without(want, ESELY + "sourceFile"))
    assert Literal("sources/hep-it.csv") in set(got.objects(None, URIRef(ESELY + "sourceFile")))


def test_columns_are_mapped_by_meaning_not_position(data_copy, tmp_path):
    """Reverse the order of columns C–L and reword two headers: the measures come out the same."""
    path = data_copy / HEP_IT
    out = []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        cells = raw.split("\t")
        if len(cells) == 13:
            cells = cells[:3] + cells[3:][::-1]
        out.append("\t".join(cells))
    text = "\n".join(out).replace("Az intézkedés felelőse", "Felelős", 1) \
        .replace("Az intézkedés megvalósításának határideje", "Határidő", 1)
    path.write_text(text, encoding="utf-8")
    build(data_copy, tmp_path / "ttl")
    got = Graph().parse(tmp_path / "ttl" / "jozsefvaros-hep-it.ttl")
    want = Graph().parse(TTL / "jozsefvaros-hep-it.ttl")
    header = ESELY + "columnHeader"
    assert isomorphic(_without(got, header), _without(want, header))
