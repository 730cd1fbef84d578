"""Two fictional towns' plans, defined once (tests/corpus) and written as .docx, .xlsx, text .pdf and
cp1250 CSV: every format gives the same measures and problems (golden values written by hand in the
definition), every cell of the definition is read into its record with its place."""

import datetime as dt
import re

import pytest

from corpus.kisvaros import KISVAROS
from corpus.score import check_cells, check_prose, golden, import_table
from corpus.toparti import TOPARTI
from corpus.writers import FORMATS, write, write_prose, write_scanned_pdf
from esely_graph.errors import SourceError
from esely_graph.text import slug
from esely_graph.importers.detect_kind import detect_kind
from esely_graph.readers import read_prose

TABLES = [(town, t) for town in (KISVAROS, TOPARTI) for t in town.tables]
CASES = [(t, fmt) for _, t in TABLES for fmt in FORMATS]
IDS = [f"{t.name}-{fmt}" for t, fmt in CASES]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("corpus")


@pytest.fixture(scope="module")
def docs(folder):
    cache = {}

    def get(t, fmt):
        if (t.name, fmt) not in cache:
            cache[(t.name, fmt)] = import_table(t, write(t, fmt, folder))
        return cache[(t.name, fmt)]
    return get


@pytest.mark.parametrize("t,fmt", CASES, ids=IDS)
def test_same_measures_and_problems_from_every_format(t, fmt, docs):
    want = t.measures if t.kind == "hep-action-plan" else t.problems
    assert golden(t, docs(t, fmt)) == want


@pytest.mark.parametrize("t,fmt", CASES, ids=IDS)
def test_every_cell_is_read_into_its_record_with_its_place(t, fmt, docs):
    missed = [(where, value) for value, ok, where in check_cells(t, docs(t, fmt), fmt) if not ok]
    assert missed == []


@pytest.mark.parametrize("t,fmt", CASES, ids=IDS)
def test_the_title_above_the_table_is_kept(t, fmt, docs):
    doc = docs(t, fmt)
    assert doc.title == t.title_rows[0]
    notes = [n.text for n in doc.notes]
    assert all(title in notes for title in t.title_rows[1:])


@pytest.mark.parametrize("fmt,where", [("docx", "table 2"), ("xlsx", "sheet 'Intézkedések'"), ("pdf", "pages 1–2"),
                                       ("csv", "text")])
def test_the_table_is_found_where_it_is(fmt, where, docs):
    """Word: the summary table is the document's second table; Excel: the second sheet; PDF: two pages."""
    doc = docs(KISVAROS.tables[1], fmt)
    assert (doc.format, doc.table) == ("text" if fmt == "csv" else fmt, where)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "csv"])
def test_a_repeated_header_row_is_dropped_and_listed(fmt, docs):
    doc = docs(KISVAROS.tables[1], fmt)
    assert [why for _, why in doc.skipped] == ["header row repeated (table over pages)"]
    assert doc.places[doc.skipped[0][0]]


def test_excel_keeps_numbers_and_dates_as_values(docs):
    doc = docs(KISVAROS.tables[1], "xlsx")
    deadline = next(m for m in doc.measures if m.code == "IV/1").cells["H"]
    assert (deadline.text, deadline.value) == ("2026.12.31.", dt.date(2026, 12, 31))
    assert doc.places[deadline.lines[0]] == "sheet 'Intézkedések' row 12"
    other = docs(KISVAROS.tables[1], "docx")
    assert next(m for m in other.measures if m.code == "IV/1").cells["H"].value is None


def test_an_unknown_column_is_kept_with_its_header(docs):
    for fmt in FORMATS:
        doc = docs(KISVAROS.tables[1], fmt)
        first = next(m for m in doc.measures if m.code == "I/1")
        assert [(c.column, c.text) for c in first.extra] == [("Megjegyzés", "új intézkedés")], fmt
        assert ("extra", "Megjegyzés") in doc.header


def test_the_bm_2021_template_has_no_cooperation_column(docs):
    doc = docs(TOPARTI.tables[1], "docx")
    assert [k for k, _ in doc.header] == ["number", *"ABCDEFGHIJK"]
    assert all("L" not in m.cells for m in doc.measures)
    assert "I" not in next(m for m in doc.measures if m.code == "II/2").cells  # the empty indicator cell


@pytest.mark.parametrize("fmt,place", [("docx", r"table 2 row \d+"), ("xlsx", r"sheet 'HEP IT' row \d+"),
                                       ("pdf", r"page [12] row \d+"), ("csv", r"line \d+")])
def test_continuation_row_is_joined_and_both_rows_keep_their_place(fmt, place, docs):
    doc = docs(TOPARTI.tables[1], fmt)
    content = next(m for m in doc.measures if m.code == "II/1").cells["F"]
    assert content.text == "Egy új csoportszoba kialakítása a Napsugár Óvodában, udvari játszótér bővítése"
    assert len(content.lines) == 2
    assert all(re.fullmatch(place, doc.places[n]) for n in content.lines)


def test_the_format_is_told_by_content_not_extension(folder, docs):
    """A Word file named .csv, with a wrong manifest encoding, reads as Word: no encoding advice."""
    t = KISVAROS.tables[1]
    path = write(t, "docx", folder)
    disguised = folder / "terv.csv"
    disguised.write_bytes(path.read_bytes())
    doc = import_table(t, disguised, encoding="cp1250")
    assert golden(t, doc) == t.measures


def test_a_scanned_pdf_is_refused_as_needing_ocr(folder):
    path = write_scanned_pdf(folder / "szkennelt.pdf")
    with pytest.raises(SourceError, match="scanned PDF.*no text layer.*OCR"):
        import_table(KISVAROS.tables[1], path)
    with pytest.raises(SourceError, match="scanned PDF"):
        read_prose(path, "szkennelt.pdf")


@pytest.mark.parametrize("t,fmt", CASES, ids=IDS)
def test_the_kind_is_detected_from_content(t, fmt, folder):
    assert detect_kind(write(t, fmt, folder)) == t.kind


@pytest.mark.parametrize("town", [KISVAROS, TOPARTI], ids=lambda t: t.name)
@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_a_resolution_reads_as_the_same_text_from_every_format(town, fmt, folder):
    path = write_prose(town.resolution, fmt, folder / f"{town.name}-hatarozat.{fmt}")
    rows = read_prose(path, path.name).tables[0].rows
    text = " ".join(r.raw.replace("**", "").strip() for r in rows if r.raw.strip())
    assert re.sub(r"\s+", " ", text) == " ".join(town.resolution)
    assert [ok for _, ok, _ in check_prose(town.resolution, path)] == [True] * len(town.resolution)
    assert detect_kind(path) == "council-resolution"


def test_a_pdf_without_a_ruled_table_is_refused_clearly(folder):
    path = write_prose(KISVAROS.resolution, "pdf", folder / "nincs-tablazat.pdf")
    with pytest.raises(SourceError, match="no table drawn with ruling lines"):
        import_table(KISVAROS.tables[1], path)


# ---------------------------------------------------------------- end to end: the build reads every format

def _register(data, towns):
    with (data / "vocab" / "organisations.toml").open("a", encoding="utf-8") as fh:
        for town in towns:
            fh.write(f'\n[[org]]\nid = "{slug(town.name)}"\nkind = "municipality"\nfictional = true\nlabel = "{town.name}"\n'
                     'basis = "test corpus"\n')


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_build_keeps_every_corpus_cell_in_the_graph(fmt, data_copy, tmp_path):
    """Nothing lost end to end: every cell of both towns' tables, built from one format, is a literal of
    the graph — except the cells of a column no meaning fits (kept in the records' ``extra`` cells; the
    build does not write them yet)."""
    from rdflib import Graph, Literal

    from esely_graph.build import build
    from corpus.model import RepeatedHeader, Section, text

    _register(data_copy, [KISVAROS, TOPARTI])
    entries = []
    for town, t in TABLES:
        path = write(t, fmt, data_copy / "sources")
        entries.append(f'\n[[document]]\nid = "{t.name}"\nfile = "sources/{path.name}"\nkind = "{t.kind}"\n'
                       f'municipality = "{slug(town.name)}"\ntitle = "{t.title_rows[0]}"\nyear = 2024\n')
    with (data_copy / "sources.toml").open("a", encoding="utf-8") as fh:
        fh.write("".join(entries))
    build(data_copy, tmp_path / "ttl")
    for _, t in TABLES:
        g = Graph().parse(tmp_path / "ttl" / f"{t.name}.ttl")
        blob = re.sub(r"\s+", " ", " ".join(str(o) for o in g.objects() if isinstance(o, Literal)))
        cells = [t.header[i] for i, k in enumerate(t.keys) if k != "extra"] + t.title_rows
        for row in t.rows:
            if isinstance(row, Section):
                cells.append(row.label)
            elif not isinstance(row, RepeatedHeader):
                cells += [text(c) for c, k in zip(row, t.keys) if k not in ("extra", "number")]
        missing = [c for c in cells if c and re.sub(r"\s+", " ", c) not in blob]
        assert missing == [], t.name


def test_conclusions_without_a_group_column_take_groups_from_section_rows(folder):
    """Word plans often give the conclusions as two columns, the target group as a row merged across."""
    from corpus.model import Section, TableDef

    t = TableDef(kind="hep-conclusions", name="ket-oszlop", sheet="Következtetések", title_rows=["Következtetések"],
                 header=["Problémák beazonosítása", "Fejlesztési lehetőségek meghatározása"],
                 keys=["problem", "opportunity"],
                 rows=[Section("Idősek"), ["Magányos idősek", "Klubnapok"], ["Kevés a házi segítség", "Új gondozó"],
                       Section("Nők"), ["Nehéz visszatérés a munkába", "Részmunkaidő"]])
    for fmt in FORMATS:
        doc = import_table(t, write(t, fmt, folder))
        assert [(p.section.label, p.text.text, [o.text.text for o in p.opportunities]) for p in doc.problems] == [
            ("Idősek", "Magányos idősek", ["Klubnapok"]), ("Idősek", "Kevés a házi segítség", ["Új gondozó"]),
            ("Nők", "Nehéz visszatérés a munkába", ["Részmunkaidő"])], fmt
