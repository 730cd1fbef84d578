"""Hostile sizes are refused with file:place and the limit (issue: a 1 MB owner cell took ~52 s CPU)."""

import pytest

from esely_graph.build import build
from esely_graph.errors import SourceError
from esely_graph.limits import Limits, check_file, check_records
from esely_graph.records import Cell, Item, TableDocument

HEP_IT = "sources/jozsefvaros-hep-intezkedesi-terv.tsv"


def test_a_one_megabyte_owner_cell_is_refused_not_crawled(data_copy, tmp_path):
    path = data_copy / HEP_IT
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[7].split("\t")
    cells[7] = "Polgármesteri Kabinet " * 48_000  # ~1 MB in the owner column (G)
    lines[7] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        build(data_copy, tmp_path / "ttl", strict=True)
    msg = str(exc.value)
    assert "jozsefvaros-hep-intezkedesi-terv.tsv:8" in msg and "limit" in msg
    assert not (tmp_path / "ttl").exists()


def test_line_length_limit_names_the_line(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("a\tb\n" + "x" * 300 + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"t.tsv:2: line is 301 bytes long; the limit is 100"):
        check_file(f, "t.tsv", Limits(line_chars=100))


def test_file_size_limit(tmp_path):
    f = tmp_path / "big.tsv"
    f.write_bytes(b"a" * 2000)
    with pytest.raises(SourceError, match="2,000 bytes; the limit is 1,000"):
        check_file(f, "big.tsv", Limits(file_bytes=1000))


def test_row_and_cell_limits_on_records():
    doc = TableDocument(measures=[Item(code=f"I/{i}", title=Cell("t", "A", [i])) for i in range(1, 12)])
    with pytest.raises(SourceError, match="11 rows; the limit is 10"):
        check_records(doc, "x.tsv", Limits(rows=10))
    doc = TableDocument(measures=[Item(code="I/1", title=Cell("é" * 51, "A", [7]))])
    with pytest.raises(SourceError, match=r"x.tsv:7: cell \(A\) is 51 characters; the limit is 50"):
        check_records(doc, "x.tsv", Limits(cell_chars=50))
