"""A named query's whole-country result as the report shows it, kept in segments (``catalogue.py``).

A segment is a town's rows (a query ordered by municipality first) or one row (a query kept in its own order,
``row_order``): [municipality's name, town, row count, the rows as the report's spreadsheet-safe CSV
(``queries.format_rows``; once kept, their place in the rows file, ``row_file``), the rows themselves pickled while
they are among the result's first ``HEAD`` rows (else None), the row's sort key (None for a town's rows), the rows
as SPARQL TSV results' lines (every term in N-Triples syntax: the answer in any format, ``kept_answer.py``), the
rows' plain CSV as ``query --format csv`` writes it when a cell was neutralised for spreadsheets (else None: the
same bytes as the report's)]. The result is the segments in order: the CSV their bytes one after another, the row
count their sum.
"""

from __future__ import annotations

import pickle
import re
from bisect import bisect_right
from dataclasses import dataclass

from .queries import FORMULA_START, format_rows
from .row_file import write_parts
from .row_order import in_order, insert, key_of

HEAD = 200  # the rows of a query the report shows


@dataclass
class Result:
    """A query's whole-country result as the report shows it: its columns, row count, first rows and CSV (``parts``:
    bytes, or spans of the kept rows file, ``row_file.Span``, read only when written)."""
    names: list[str]
    total: int
    head: list[dict]
    parts: list

    @property
    def csv(self) -> bytes:
        return b"".join(bytes(p) for p in self.parts)

    def write(self, path) -> None:
        """The CSV into the file ``path``, its spans straight from the rows file's map."""
        with open(path, "wb") as f:
            write_parts(f, self.parts)


_NEUTRALISED = re.compile(b"'[" + re.escape("".join(FORMULA_START).encode()) + b"]")


def csv_parts(names: list[str], rows: list[dict]) -> tuple[bytes, bytes]:
    """The header line and the rows of the report's CSV, as bytes."""
    text = format_rows(names, rows, "csv", spreadsheet=True)
    end = text.index("\n") + 1
    return text[:end].encode("utf-8"), text[end:].encode("utf-8")


def tsv_body(names: list[str], rows: list[dict]) -> bytes:
    """The rows as the lines of SPARQL TSV results, each term in N-Triples syntax (its datatype and language kept;
    an unbound value an empty cell), as ``pyoxigraph.parse_query_results`` reads them back."""
    return "".join("\t".join("" if r[n] is None else str(r[n]) for n in names) + "\n" for r in rows).encode("utf-8")


def plain_body(names: list[str], rows: list[dict], body: bytes) -> bytes | None:
    """The rows as ``query --format csv`` writes them (values not neutralised for spreadsheets), or None when that is
    ``body``, their report's CSV (a neutralised cell there would start with a quote before a formula's first sign)."""
    if not _NEUTRALISED.search(body):
        return None
    text = format_rows(names, rows, "csv")
    plain = text[text.index("\n") + 1:].encode("utf-8")
    return None if plain == body else plain


def result_of(names: list[str], rows: list[dict]) -> Result:
    """A query's rows as the report shows them."""
    header, body = csv_parts(names, rows)
    return Result(names, len(rows), rows[:HEAD], [header + body])


def segment(label, town, names, rows, key=None, head=True) -> list:
    """[municipality's name, town, rows, their CSV, the first rows pickled (``head``, else None), the sort key of a
    query kept in its order (``row_order``; None: kept by town), the rows' TSV lines, their plain CSV where it
    differs from the report's (else None)]."""
    body = csv_parts(names, rows)[1]
    return [label, town, len(rows), body, pickle.dumps(rows[:HEAD], protocol=5) if head else None, key,
            tsv_body(names, rows), plain_body(names, rows, body)]


def cut(names: list[str], rows: list[dict], labels: dict[str, str], by_name: bool = True) -> list[list] | None:
    """A whole result in segments of consecutive rows of one municipality: with ``by_name`` each municipality once,
    in name order (a query kept by town, whose segments are put back by name); else as the rows come (a comparison,
    whose town's rows are only compared with its new ones). None when a row names no municipality or one that is not
    one town's, or (``by_name``) the names are not in that order."""
    segments, start = [], 0
    for i in range(1, len(rows) + 1):
        if i < len(rows) and rows[i].get("municipality") == rows[start].get("municipality"):
            continue
        term = rows[start].get("municipality")
        town = labels.get(term.value) if term is not None else None
        if not town or (by_name and segments and segments[-1][0] >= term.value):
            return None
        # rows pickled only while among the first HEAD (pickling every row of the country took a minute at 3,200)
        segments.append(segment(term.value, town, names, rows[start:i], head=start < HEAD))
        start = i
    return segments


def by_order(order, names: list[str], rows: list[dict], labels: dict[str, str]) -> list[list] | None:
    """A whole result as one segment per row with its sort key, or None when the rows are not in ``order`` with
    distinct keys (``row_order``) or a row names no municipality or one that is not one town's."""
    keys = [key_of(r, order) for r in rows]
    if None in keys or not in_order(keys, order):
        return None
    out = []
    for i, (r, k) in enumerate(zip(rows, keys)):
        term = r.get("municipality")
        town = labels.get(term.value) if term is not None else None
        if not town:
            return None
        out.append(segment(term.value, town, names, [r], k, head=i < HEAD))
    return out


def results(kept: dict, spans=list) -> dict[str, Result]:
    """Every kept query's ``Result``; ``spans``: the segments' CSV parts from what they keep
    (``row_file.RowFile.spans``: places in the rows file, or still the bytes)."""
    out = {}
    for name, k in kept.items():
        header = csv_parts(k["names"], [])[0]
        head: list[dict] = []
        for seg in k["segments"]:
            if len(head) >= HEAD:
                break
            head += pickle.loads(seg[4])
        out[name] = Result(k["names"], sum(s[2] for s in k["segments"]), head[:HEAD],
                           [header, *spans([s[3] for s in k["segments"]])])
    return out


def trim(kept: dict) -> None:
    """Keep the rows of the segments the report's first ``HEAD`` rows come from, and no others."""
    for k in kept.values():
        seen = 0
        for seg in k["segments"]:
            if seen >= HEAD:
                seg[4] = None
            seen += seg[2]


def splice(k: dict, new: dict[str, list[dict]]) -> bool:
    """The changed towns' segments of a query kept by town replaced by their new rows; False when they cannot be
    put back by name (a town's rows under two names, or a name another town's segment has)."""
    segments = [s for s in k["segments"] if s[1] not in new]
    for town, rows in sorted(new.items()):
        if not rows:
            continue
        labels = {r["municipality"].value if r.get("municipality") is not None else None for r in rows}
        if len(labels) != 1 or None in labels:
            return False
        label = labels.pop()
        at = bisect_right([s[0] for s in segments], label)
        if at and segments[at - 1][0] == label:
            return False
        segments.insert(at, segment(label, town, k["names"], rows))
    k["segments"] = segments
    return True


def merge(k: dict, new: dict[str, list[dict]]) -> bool:
    """The changed towns' rows of a query kept in its order replaced by their new rows, all merged in that order;
    False when a row has no key or two keys are equal."""
    segments, added = [s for s in k["segments"] if s[1] not in new], []
    for town, rows in sorted(new.items()):
        for r in rows:
            key = key_of(r, k["order"])
            if key is None or r.get("municipality") is None:
                return False
            added.append(segment(r["municipality"].value, town, k["names"], [r], key))
    segments = insert(segments, added, k["order"], key=lambda s: s[5])
    if segments is None:
        return False
    k["segments"] = segments
    return True


def heads(k: dict, anchored) -> bool:
    """The rows of the segments come into the result's first ``HEAD`` rows read again (``anchored(town)``: the
    town's rows); False when one is no longer there."""
    seen = 0
    for s in k["segments"]:
        if seen >= HEAD:
            break
        if s[4] is None:
            rows = anchored(s[1])
            if s[5] is not None:
                rows = [r for r in rows if key_of(r, k["order"]) == s[5]]
                if len(rows) != 1:
                    return False
            s[4] = pickle.dumps(rows[:HEAD], protocol=5)
        seen += s[2]
    return True
