"""Write a corpus table as a clerk's .docx, .xlsx, text .pdf and cp1250 semicolon CSV.

Each writer renders the same definition with the format's own habits: Word and
Excel merge section rows across the table and target-group cells down their
rows; Excel types numbers and dates; the PDF table runs over pages with its
header repeated; the CSV is what Hungarian Excel saves (``;``, CRLF, cp1250,
quoted multi-line cells).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from .model import RepeatedHeader, Section, TableDef, Typed, text

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FORMATS = ("docx", "xlsx", "pdf", "csv")


def _grid(t: TableDef, repeat_header: bool) -> list[tuple[str, object]]:
    """(kind, row) in writing order: "header", "letters", "section", "data"."""
    out: list[tuple[str, object]] = [("header", t.header)]
    if t.letters:
        out.append(("letters", t.letters))
    for row in t.rows:
        if isinstance(row, Section):
            out.append(("section", row.label))
        elif isinstance(row, RepeatedHeader):
            if repeat_header:
                out.append(("header", t.header))
        else:
            out.append(("data", row))
    return out


def _merge_runs(t: TableDef, grid) -> list[tuple[int, int, int]]:
    """(column, first grid row, last grid row) of each vertical merge: a text followed by empty cells."""
    runs = []
    for col in sorted(t.merge_down):
        start = None
        for i, (kind, row) in enumerate(grid + [("end", None)]):
            if kind == "data" and text(row[col]) == "" and start is not None:
                continue
            if start is not None and i - 1 > start:
                runs.append((col, start, i - 1))
            start = i if kind == "data" and text(row[col]) else None
    return runs


def write_docx(t: TableDef, path: Path) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT

    d = docx.Document()
    sec = d.sections[0]
    sec.orientation, sec.page_width, sec.page_height = WD_ORIENT.LANDSCAPE, sec.page_height, sec.page_width
    info = d.add_table(rows=2, cols=2)  # a first table that is not the one: the document's data sheet
    info.style = "Table Grid"
    for r, (k, v) in enumerate([("Település", t.title_rows[0]), ("Dokumentum", "Helyi Esélyegyenlőségi Program")]):
        info.cell(r, 0).text, info.cell(r, 1).text = k, v
    for title in t.title_rows:
        d.add_paragraph().add_run(title).bold = True
    grid = _grid(t, repeat_header=True)
    table = d.add_table(rows=0, cols=len(t.header))
    table.style = "Table Grid"
    for kind, row in grid:
        cells = table.add_row().cells
        if kind == "section":
            cells[0].merge(cells[-1]).paragraphs[0].add_run(row).bold = True
            continue
        for cell, value in zip(cells, row):
            lines = text(value).split("\n")
            cell.paragraphs[0].add_run(lines[0]).bold = kind == "header"
            for line in lines[1:]:
                cell.add_paragraph(line)
    for col, first, last in _merge_runs(t, grid):
        table.cell(first, col).merge(table.cell(last, col))
    d.save(path)
    return path


def write_xlsx(t: TableDef, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    cover = wb.active
    cover.title = "Borító"
    cover["A1"] = t.title_rows[0]
    cover["A2"] = "Helyi Esélyegyenlőségi Program"
    ws = wb.create_sheet(t.sheet)
    for r, title in enumerate(t.title_rows, 1):
        ws.cell(r, 1, title)
    top = len(t.title_rows) + 2  # a blank row between the title and the table
    grid = _grid(t, repeat_header=False)
    for i, (kind, row) in enumerate(grid):
        r = top + i
        if kind == "section":
            ws.cell(r, 1, row).font = Font(bold=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(t.header))
            continue
        for c, value in enumerate(row, 1):
            if isinstance(value, Typed):
                cell = ws.cell(r, c, value.value)
                if isinstance(value.value, dt.date):
                    cell.number_format = "yyyy.mm.dd."
            elif value:
                cell = ws.cell(r, c, value)
                cell.font = Font(bold=kind == "header")
                if "\n" in value:
                    cell.alignment = Alignment(wrap_text=True)
    for col, first, last in _merge_runs(t, grid):
        ws.merge_cells(start_row=top + first, start_column=col + 1, end_row=top + last, end_column=col + 1)
    wb.save(path)
    return path


def write_pdf(t: TableDef, path: Path) -> Path:
    from fpdf import FPDF

    wide = len(t.header) > 6
    pdf = FPDF(orientation="landscape", format="A3" if wide else "A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(8, 10, 8)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    for title in t.title_rows:
        pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, "Az intézkedési terv a helyzetelemzés következtetéseire épül; a táblázat célcsoportonként "
                   "sorolja fel az intézkedéseket.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(150 if wide else 3)  # the table starts low on the first page, so it runs over to the next
    pdf.set_font("DejaVu", "", 7)
    grid = _grid(t, repeat_header=False)
    spans = {(first, col): last - first + 1 for col, first, last in _merge_runs(t, grid)}
    covered = {(i, col) for (first, col), n in spans.items() for i in range(first + 1, first + n)}
    widths = tuple({"number": 0.9, "A": 1.6, "B": 1.6, "C": 1.6, "F": 1.6, "D": 1.5}.get(k, 1.2) for k in t.keys)
    with pdf.table(col_widths=widths, repeat_headings=1, num_heading_rows=1, text_align="LEFT", line_height=4,
                   first_row_as_headings=True) as table:
        for i, (kind, row) in enumerate(grid):
            r = table.row()
            if kind == "section":
                r.cell(row, colspan=len(t.header))
                continue
            for c, value in enumerate(row):
                if (i, c) in covered:
                    continue
                r.cell(text(value), rowspan=spans.get((i, c), 1))
    pdf.output(str(path))
    return path


def write_csv(t: TableDef, path: Path) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for title in t.title_rows:
        w.writerow([title])
    w.writerow([])
    for kind, row in _grid(t, repeat_header=True):
        if kind == "section":
            w.writerow([row] + [""] * (len(t.header) - 1))
        else:
            w.writerow([text(v).replace("\n", "\r\n") for v in row])
    path.write_bytes(buf.getvalue().encode("cp1250"))
    return path


WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf, "csv": write_csv}


def write(t: TableDef, fmt: str, folder: Path) -> Path:
    """The table as a file of the format, named without a telling extension for the binary formats
    (the reader must tell the format by content)."""
    return WRITERS[fmt](t, folder / f"{t.name}.{fmt}")


def write_scanned_pdf(path: Path) -> Path:
    """An image-only PDF, as a scanner makes: a page that is a picture of a table, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    for y in range(200, 1400, 60):
        draw.line((100, y, 1140, y), fill=0, width=3)
    for x in (100, 400, 800, 1140):
        draw.line((x, 200, x, 1380), fill=0, width=3)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(img, x=0, y=0, w=210)
    pdf.output(str(path))
    return path


def write_prose(lines: list[str], fmt: str, path: Path) -> Path:
    """A resolution as .txt (UTF-8), .docx (one paragraph per item, the heading bold) or text .pdf."""
    if fmt == "txt":
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "docx":
        import docx

        d = docx.Document()
        d.add_paragraph().add_run(lines[0]).bold = True
        for line in lines[1:]:
            d.add_paragraph(line)
        d.save(path)
    else:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_page()
        pdf.set_font("DejaVu", "", 11)
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.output(str(path))
    return path
