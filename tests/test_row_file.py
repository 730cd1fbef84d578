"""The kept results' CSV bytes in a file appended to (``row_file.RowFile``): read back as they were written, what a
stopped run appended past the state's length cut off, a short or missing file refused, a mostly dead file compacted
into the next one."""

from esely_graph import row_file
from esely_graph.row_file import RowFile


def seg(data):
    """A segment as ``segments.segment`` makes it: [name, town, rows, CSV bytes, head, key, TSV, plain CSV] (here
    without TSV)."""
    return ["Alsóváros", "t", 1, data, None, None, None, None]


def test_new_segments_are_appended_and_read_back(tmp_path):
    f = RowFile.fresh(tmp_path)
    a, b = seg("Alsóváros,1\n".encode()), seg("Felsőfalu,2\n".encode())  # 14 and 13 bytes in UTF-8
    where = f.keep([a, b])
    assert where == {"rows_file": "rows-1.bin", "rows_size": 27}
    assert a[3] == [0, 14] and b[3] == [14, 13]
    assert (tmp_path / "rows-1.bin").read_bytes() == "Alsóváros,1\nFelsőfalu,2\n".encode()
    again = RowFile.open(tmp_path, where)
    assert again.part(a[3]) == "Alsóváros,1\n".encode() and again.part(b[3]) == "Felsőfalu,2\n".encode()
    assert again.part(b"still bytes\n") == b"still bytes\n"  # a segment made this run
    c = seg(b"Kisbereg,3\n")
    assert again.keep([a, c]) == {"rows_file": "rows-1.bin", "rows_size": 38}  # a kept as it was; c appended
    assert a[3] == [0, 14] and c[3] == [27, 11]
    assert RowFile.fresh(tmp_path).name == "rows-2.bin"


def test_a_segments_tsv_and_plain_csv_are_kept_beside_its_csv(tmp_path):
    """Every bytes field of a segment (``row_file.FIELDS``: CSV, TSV, plain CSV) is appended and read back; a plain
    CSV the segment does not need (None) stays None."""
    f = RowFile.fresh(tmp_path)
    a = seg(b"a,1\n")[:6] + [b'"a"\t"1"\n', b"a,=1\n"]
    b = seg(b"b,2\n")[:6] + [b'"b"\t"2"\n', None]
    assert f.keep([a, b]) == {"rows_file": "rows-1.bin", "rows_size": 4 + 8 + 5 + 4 + 8}
    assert (a[3], b[3], a[6], b[6], a[7], b[7]) == ([0, 4], [4, 4], [8, 8], [16, 8], [24, 5], None)  # field by field
    assert f.part(a[7]) == b"a,=1\n" and f.part(b[6]) == b'"b"\t"2"\n'


def test_bytes_a_stopped_run_appended_are_cut_off(tmp_path):
    f = RowFile.fresh(tmp_path)
    where = f.keep([seg(b"a,1\n")])
    with open(tmp_path / "rows-1.bin", "ab") as out:
        out.write(b"half a segment of a run stopped before its state was writ")
    again = RowFile.open(tmp_path, where)
    new = seg(b"b,2\n")
    assert again.keep([new]) == {"rows_file": "rows-1.bin", "rows_size": 8}
    assert (tmp_path / "rows-1.bin").read_bytes() == b"a,1\nb,2\n" and new[3] == [4, 4]


def test_a_short_or_missing_file_makes_the_state_unusable(tmp_path):
    where = RowFile.fresh(tmp_path).keep([seg(b"a,1\n"), seg(b"b,2\n")])
    assert RowFile.open(tmp_path, where) is not None
    (tmp_path / "rows-1.bin").write_bytes(b"a,1\n")  # shorter than the state says
    assert RowFile.open(tmp_path, where) is None
    (tmp_path / "rows-1.bin").unlink()
    assert RowFile.open(tmp_path, where) is None
    assert RowFile.open(tmp_path, {}) is None  # a state of no rows file


def test_a_mostly_dead_file_is_compacted_into_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(row_file, "SLACK", 0)
    keep, gone = seg(b"kept,1\n"), seg(b"replaced,1\nreplaced,2\nreplaced,3\n")
    where = RowFile.fresh(tmp_path).keep([keep, gone])
    f = RowFile.open(tmp_path, where)
    new = seg(b"new,2\n")  # the file would hold 7 + 33 + 6 bytes, 13 of them live: more than twice the live bytes
    where = f.keep([keep, new])
    assert where == {"rows_file": "rows-2.bin", "rows_size": 13}
    assert (tmp_path / "rows-2.bin").read_bytes() == b"kept,1\nnew,2\n" and keep[3] == [0, 7] and new[3] == [7, 6]
    assert (tmp_path / "rows-1.bin").exists()  # until the state naming the next file is written
    f.forget_others()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows-2.bin"]


def test_adjacent_places_are_read_as_one_and_bytes_of_this_run_between_them(tmp_path):
    a, b, c = seg(b"a,1\n"), seg(b"b,2\n"), seg(b"c,3\n")
    f = RowFile.open(tmp_path, RowFile.fresh(tmp_path).keep([a, b, c]))
    parts = f.spans([a[3], b[3], b"new,4\n", c[3], a[3]])
    assert [p if isinstance(p, bytes) else (p.offset, p.length) for p in parts] == [(0, 8), b"new,4\n", (8, 4), (0, 4)]
    assert f.joined([a[3], b[3], b"new,4\n", c[3], a[3]]) == b"a,1\nb,2\nnew,4\nc,3\na,1\n"
    assert f.spans([]) == [] and f.joined([]) == b""


def test_a_span_stays_readable_after_its_file_is_compacted_away(tmp_path, monkeypatch):
    monkeypatch.setattr(row_file, "SLACK", 0)
    keep, gone = seg(b"kept,1\n"), seg(b"replaced,1\nreplaced,2\nreplaced,3\n")
    f = RowFile.open(tmp_path, RowFile.fresh(tmp_path).keep([keep, gone]))
    span, = f.spans([keep[3]])  # a result read before the update's new segments are kept
    f.keep([keep, seg(b"new,2\n")])
    f.forget_others()
    assert not (tmp_path / "rows-1.bin").exists() and bytes(span) == b"kept,1\n"
    out = tmp_path / "out.csv"
    with open(out, "wb") as fh:
        span.write_to(fh)
    assert out.read_bytes() == b"kept,1\n"
