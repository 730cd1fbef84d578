"""Readers: format by content, text encoding and CSV dialect detected, Word merges read once,
Excel values typed, header wordings mapped by meaning."""

import datetime as dt

import pytest

from esely_graph.errors import SourceError
from esely_graph.importers.headers import kind_headers, map_cells
from esely_graph.readers import read_prose, read_tables

TEXT = "Célcsoport;Beazonosított problémák\r\nIdősek;„Magányos” idősek – sok ő és ű\r\n"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1250", b""),
                                          ("iso8859_2", b"")])
def test_text_encoding_is_detected(encoding, bom, tmp_path):
    text = TEXT if encoding != "iso8859_2" else TEXT.replace("„", "'").replace("”", "'").replace("–", "-")
    path = tmp_path / "t.csv"
    path.write_bytes(bom + text.encode(encoding))
    rows = read_tables(path, "t.csv").tables[0].rows
    assert rows[1].cells == ["Idősek", text.split("\r\n")[1].split(";")[1]]


def test_the_manifest_encoding_overrides_and_its_error_gives_no_other_advice(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(TEXT.encode("cp1250"))
    with pytest.raises(SourceError) as err:
        read_tables(path, "t.csv", "utf-8")
    assert "not utf-8, the encoding sources.toml sets" in str(err.value)
    assert "cp1250" not in str(err.value)
    assert read_tables(path, "t.csv", "cp1250").tables[0].rows[1].cells[0] == "Idősek"


def test_a_utf8_file_with_one_bad_byte_is_refused_at_that_byte(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes("Terület\tProbléma\nIdősek\tmagány\n".encode() + b"Gyermekek\tf\xf3\n")
    with pytest.raises(SourceError, match="mixes encodings") as err:
        read_tables(path, "t.tsv")
    assert (err.value.line, err.value.column) == (3, 12)


@pytest.mark.parametrize("data,message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word/Excel 97"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"PK\x03\x04broken", "damaged zip"),
    (b"", "file is empty"),
])
def test_files_that_are_not_documents_get_a_clear_error(data, message, tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=message):
        read_tables(path, "x.docx")


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_dialect_is_detected_and_quoted_cells_span_lines(delimiter, tmp_path):
    d = delimiter
    text = (f'Célcsoport{d}Problémák{d}Lehetőségek\r\n'
            f'Idősek{d}"magány, elszigeteltség\r\nés szegénység"{d}klub\r\n'
            f'Nők{d}munkanélküliség{d}"képzés{d} tanácsadás"\r\n')
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    rows = read_tables(path, "t.csv").tables[0].rows
    assert [r.cells for r in rows] == [["Célcsoport", "Problémák", "Lehetőségek"],
                                       ["Idősek", "magány, elszigeteltség\nés szegénység", "klub"],
                                       ["Nők", "munkanélküliség", f"képzés{d} tanácsadás"]]
    assert [(r.number, r.place) for r in rows] == [(1, "line 1"), (2, "line 2"), (4, "line 4")]


def test_word_merged_cells_are_read_once_and_paragraphs_keep_their_breaks(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Bevezető táblázat előtt")
    t = d.add_table(rows=4, cols=3)
    for c, text in enumerate(["Terület", "Probléma", "Lehetőség"]):
        t.cell(0, c).text = text
    t.cell(1, 0).merge(t.cell(1, 2)).text = "I. Idősek"  # a section row merged across
    t.cell(2, 0).text = "Nők"
    t.cell(2, 0).merge(t.cell(3, 0))  # a target group merged down
    t.cell(2, 1).text = "első"
    t.cell(2, 1).add_paragraph("második bekezdés")
    t.cell(3, 1).text = "harmadik"
    path = tmp_path / "t.docx"
    d.save(path)
    table = read_tables(path, "t.docx").tables[0]
    assert [r.cells for r in table.rows] == [["Terület", "Probléma", "Lehetőség"], ["I. Idősek", "", ""],
                                             ["Nők", "első\nmásodik bekezdés", ""], ["", "harmadik", ""]]
    assert [r.place for r in table.rows] == [f"table 1 row {n}" for n in range(1, 5)]
    assert table.caption == ["Bevezető táblázat előtt"]


def test_excel_cells_keep_their_text_form_and_typed_value(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Borító"
    ws = wb.create_sheet("Intézkedések")
    ws.append(["Sorszám", "Határidő", "Összeg", "Időpont"])
    ws.append([3.0, dt.datetime(2026, 12, 31), 1500000, dt.datetime(2026, 1, 2, 10, 30)])
    ws["B2"].number_format = "yyyy.mm.dd."
    path = tmp_path / "t.xlsx"
    wb.save(path)
    sheets = read_tables(path, "t.xlsx").tables
    assert [t.name for t in sheets] == ["sheet 'Borító'", "sheet 'Intézkedések'"]
    row = sheets[1].rows[1]
    assert row.cells == ["3", "2026.12.31.", "1500000", "2026-01-02 10:30:00"]
    assert row.values == (3, dt.date(2026, 12, 31), 1500000, dt.datetime(2026, 1, 2, 10, 30))
    assert row.place == "sheet 'Intézkedések' row 2"


def test_prose_from_markdown_keeps_its_lines(tmp_path):
    path = tmp_path / "h.md"
    path.write_text("**12/2024. (I. 25.) határozat**\n\nFelelős: polgármester\n", encoding="utf-8")
    rows = read_prose(path, "h.md").tables[0].rows
    assert [(r.number, r.raw, r.place) for r in rows][:3] == [
        (1, "**12/2024. (I. 25.) határozat**", "line 1"), (2, "", "line 2"), (3, "Felelős: polgármester", "line 3")]


# ---------------------------------------------------------------- headers by meaning

HEP_IT_WORDINGS = [
    ("Intézkedés sorszáma", "number"), ("Ssz.", "number"), ("Sorszám", "number"),
    ("Az intézkedés címe, megnevezése", "A"), ("Intézkedés", "A"), ("Intézkedés címe", "A"),
    ("A helyzetelemzés következtetéseiben feltárt probléma megnevezése", "B"), ("Feltárt probléma", "B"),
    ("Az intézkedéssel elérni kívánt cél", "C"), ("Cél", "C"), ("Célkitűzés", "C"),
    ("A cél összhangja más helyi stratégiai dokumentumokkal", "D"), ("Kapcsolódó stratégiák", "D"),
    ("A célkitűzés összhangja egyéb stratégiai dokumentumokkal", "D"),
    ("A cél kapcsolódása országos szakpolitikai stratégiákhoz", "E"), ("Országos stratégiák", "E"),
    ("Az intézkedés tartalma", "F"), ("Tartalom", "F"),
    ("Az intézkedés felelőse", "G"), ("Felelős", "G"), ("FELELŐS", "G"), ("Felelös", "G"),
    ("Az intézkedés megvalósításának határideje", "H"), ("Határidő", "H"), ("Határido", "H"),
    ("Az intézkedés eredményességét mérő indikátor(ok)", "I"), ("Indikátor", "I"), ("Indikátorok", "I"),
    ("Az intézkedés megvalósításához szükséges erőforrások (humán, pénzügyi, technikai)", "J"),
    ("Erőforrások", "J"), ("Forrás", "J"),
    ("Az intézkedés eredményeinek fenntarthatósága", "K"), ("Fenntarthatóság", "K"),
    ("Önkormányzatok közötti együttműködés", "L"),
]


@pytest.mark.parametrize("header,key", HEP_IT_WORDINGS, ids=[h for h, _ in HEP_IT_WORDINGS])
def test_hep_it_header_wordings(header, key):
    assert map_cells([header], kind_headers("hep-action-plan").columns).columns == {key: 0}


def test_optional_columns_may_be_left_out_and_an_unknown_column_is_kept():
    header = ["Intézkedés címe", "Probléma", "Cél", "Kapcsolódó stratégiák", "Tartalom", "Felelős", "Határidő",
              "Indikátor", "Erőforrások", "Megjegyzés"]
    hmap = map_cells(header, kind_headers("hep-action-plan").columns)
    assert hmap.missing == []
    assert set(hmap.columns) == set("ABCDFGHIJ")
    assert hmap.extras == {9: "Megjegyzés"}


def test_a_refused_header_names_the_file_header_column_and_possible_meanings(tmp_path):
    from corpus.score import import_table
    from corpus.kisvaros import ACTION_PLAN

    path = tmp_path / "it.csv"
    header = [h if h != "Felelős" else "Gazda" for h in ACTION_PLAN.header]
    path.write_text(";".join(header) + "\nI. Idősek\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        import_table(ACTION_PLAN, path)
    e = err.value
    assert (e.path, e.line, e.column) == ("it.csv", 1, 8)
    assert "unknown column header 'Gazda' (column 8)" in e.message
    assert "it could mean: G: owner (Az intézkedés felelőse)" in e.message


def test_a_bold_cell_is_marked_as_a_heading_in_word_and_excel(tmp_path):
    """The strategy importer tells a section row (bold) from a measure title by ``<b>…</b>``."""
    import docx
    from openpyxl import Workbook
    from openpyxl.styles import Font

    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].add_run("Oktatás").bold = True
    t.cell(0, 1).text = "Tanoda"
    d.save(tmp_path / "t.docx")
    wb = Workbook()
    wb.active["A1"], wb.active["B1"] = "Oktatás", "Tanoda"
    wb.active["A1"].font = Font(bold=True)
    wb.save(tmp_path / "t.xlsx")
    for name in ("t.docx", "t.xlsx"):
        assert read_tables(tmp_path / name, name).tables[0].rows[0].cells == ["<b>Oktatás</b>", "Tanoda"]


def test_excel_unicode_text_utf16_is_read(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("Célcsoport\tProbléma\r\nIdősek\tmagány\r\n".encode("utf-16"))
    assert read_tables(path, "t.txt").tables[0].rows[1].cells == ["Idősek", "magány"]


def test_word_text_inside_a_tracked_insertion_is_read_and_deleted_text_is_not(tmp_path):
    import copy

    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    t = d.add_table(rows=1, cols=1)
    p = t.cell(0, 0).paragraphs[0]
    p.add_run("Polgármester")
    inserted = p.add_run(" és Jegyző")._r
    ins = OxmlElement("w:ins")
    ins.set(docx.oxml.ns.qn("w:id"), "1")
    ins.set(docx.oxml.ns.qn("w:author"), "hivatal")
    inserted.addprevious(ins)
    ins.append(inserted)
    deleted = copy.deepcopy(p.add_run(" alpolgármester")._r)
    p._p.remove(p.runs[-1]._r)
    dele = OxmlElement("w:del")
    dele.set(docx.oxml.ns.qn("w:id"), "2")
    dele.set(docx.oxml.ns.qn("w:author"), "hivatal")
    for t_el in deleted.iter(docx.oxml.ns.qn("w:t")):
        t_el.tag = docx.oxml.ns.qn("w:delText")
    dele.append(deleted)
    p._p.append(dele)
    d.save(tmp_path / "t.docx")
    assert read_tables(tmp_path / "t.docx", "t.docx").tables[0].rows[0].cells == ["Polgármester és Jegyző"]


def test_excel_sheet_with_a_wrong_used_range_is_read_whole(tmp_path):
    """Some writers record the sheet's used range as A1; every stored row is still read."""
    import re
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Célcsoport", "Probléma"])
    wb.active.append(["Idősek", "magány"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            dst.writestr(item, data)
    assert [r.cells for r in read_tables(bad, "bad.xlsx").tables[0].rows] == [["Célcsoport", "Probléma"],
                                                                             ["Idősek", "magány"]]
