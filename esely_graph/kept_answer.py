"""A named query's whole-country answer from the results the last `all` kept, while they still hold.

`all` keeps every runnable named query's whole-country result town by town (``catalogue.py``), each segment with its
rows as SPARQL TSV lines (every term in N-Triples syntax) and as the plain CSV ``query --format csv`` writes. At
3,200 towns evaluating such a query on the on-disk store takes minutes (``measures``: 146 s, 128,575 rows), while the
kept answer is read in about a second: the CSV's bytes as they are, every other format from the TSV parsed and
written again by pyoxigraph (``sparql_output.select_bytes``: the same code, and so the same bytes, as an evaluated
answer), ``table`` and ``records`` from its rows.

Beside its state the catalogue writes a small index (``answers.marshal``, ``save_index``): each query's columns, row
count and the places of its CSV and TSV in the rows file, the run's key and a digest of the store's marker, so that a
query reads a few kilobytes rather than the 40 MB state. The kept answer is used only when it is the answer: the
store's marker (the digest of every graph) is the one of the run, the day and the queries' texts and code are those
of the run (``catalogue.run_key``), and every parameter given is the query's default (``as_of`` may name the run's
day). Otherwise ``kept`` gives None, and the caller evaluates the query. ``tests/test_kept_answer.py`` compares the
kept answer with the evaluated one in every format, after a whole run and after one town's update, and `serve`'s
``/queries/NAME`` (``endpoint/canned.py``) with the answers of an endpoint that evaluates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import state_file
from .queries import NamedQuery, runnable
from .row_file import RowFile, write_parts
from .segments import csv_parts
from .validate.incremental import store_files

INDEX = "answers.marshal"


@dataclass
class Kept:
    """A query's kept whole-country answer: its columns, row count, and the parts of its CSV and TSV bodies."""
    names: list[str]
    total: int
    csv_parts: list
    tsv_parts: list

    def csv(self) -> bytes:
        """The answer as ``query --format csv`` writes it."""
        return csv_parts(self.names, [])[0] + b"".join(bytes(p) for p in self.csv_parts)

    def write_csv(self, f) -> None:
        """``csv()`` written into the binary file ``f``, the kept bytes straight from the rows file's map."""
        f.write(csv_parts(self.names, [])[0])
        write_parts(f, self.csv_parts)

    def tsv(self) -> bytes:
        """The answer as SPARQL TSV results (its terms in N-Triples syntax)."""
        head = "\t".join("?" + n for n in self.names).encode("utf-8") + b"\n"
        return head + b"".join(bytes(p) for p in self.tsv_parts)

    def solutions(self) -> ox.QuerySolutions:
        """The answer as query solutions, read from its TSV."""
        return ox.parse_query_results(self.tsv(), format=ox.QueryResultsFormat.TSV)


def _places(segments: list, field: int, instead: int | None = None) -> list[list[int]]:
    """The kept places (``[offset, length]``) of the segments' ``field`` (where it is None, of ``instead``) one after
    another, adjacent ones as one (a plain loop: 200,000 segments at 3,200 towns, on every update)."""
    out: list[list[int]] = []
    last = None
    for s in segments:
        offset, length = s[field] if s[field] is not None else s[instead]
        if last is not None and last[0] + last[1] == offset:
            last[1] += length
        else:
            last = [offset, length]
            out.append(last)
    return out


def save_index(folder: Path, fmt: int, key: str, files: dict, where: dict, kept: dict) -> None:
    """The index of the kept answers (see the module's text), once the catalogue's state (format ``fmt``, run key
    ``key``, the store's marker ``files``, rows file ``where``, queries ``kept``, every segment kept) is written."""
    answers = {name: [k["names"], sum(s[2] for s in k["segments"]), _places(k["segments"], 7, 3),
                      _places(k["segments"], 6)] for name, k in kept.items()}
    state_file.save(Path(folder) / INDEX, {"format": fmt, "key": key, "files": _digest(files), **where,
                                           "answers": answers})


def _digest(files: dict) -> str:
    """A digest of the store's marker (graph -> its digest)."""
    return hashlib.sha256("\n".join(f"{k}\t{v}" for k, v in sorted(files.items())).encode("utf-8")).hexdigest()


def day_of(q: NamedQuery, given: dict[str, str], today: dt.date) -> dt.date | None:
    """The day a whole run would have answered ``q`` with ``given`` on, or None when a parameter given is not the
    query's default (only the whole run's answer is kept) or not the query's (evaluating it says so)."""
    day, dated = today, any(p.name == "as_of" for p in q.params)
    for name, value in given.items():
        if name == "as_of" and dated and value != "today":
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                return None
        elif not any(p.name == name and p.default == value for p in q.params):
            return None
    return day


def kept(out_dir: Path, store_dir: Path, queries: dict[str, NamedQuery], name: str, given: dict[str, str],
         today: dt.date) -> Kept | None:
    """Query ``name``'s answer as kept under ``out_dir`` for the store in ``store_dir``, or None when it is not kept
    or no longer holds (see the module's text)."""
    from .catalogue import FORMAT, run_key, state_path

    runs = {n: q for n, q in queries.items() if runnable(q)}
    day = day_of(queries[name], given, today) if name in runs else None
    if day is None:
        return None
    folder = state_path(out_dir).parent
    index = state_file.load(folder / INDEX, FORMAT)
    if index is None or index.get("key") != run_key(runs, day) or name not in index.get("answers", {}):
        return None
    files = store_files(store_dir)
    rows_file = RowFile.open(folder, index)
    if not files or index.get("files") != _digest(files) or rows_file is None:
        return None
    names, total, csv_places, tsv_places = index["answers"][name]
    return Kept(names, total, rows_file.spans(csv_places), rows_file.spans(tsv_places))
