"""``validation.txt`` and ``validation.json`` written again after an update from the parts of the last files whose
findings did not change.

At 3,200 towns `all` writes 98,000 findings after every run (≈ 20 MB of text, 56 MB of JSON): formatting them took
1–1.5 s of one town's update, though only that town's documents' findings can have changed. Both files are the
documents' parts one after another (``output.text_section`` and ``output.json_items``, with a head and an end made
from the counts), so each document's part is kept where it lies in the last files: an index (``<out>/validation/
outputs.marshal``) names, for each part, the hash of its findings and its place in both files, and the files' status
(inode, size, time) when they were written. A document whose findings hash the same is copied from there; the
others are formatted. The files are read only while their status is the one the index names (a file edited or
written by someone else is formatted whole), and each is written through a temporary file renamed into place.
``tests/test_validate_kept_output.py`` compares the result with ``format_text`` and ``format_json`` byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import state_file
from ..build.memo import file_stamp
from .findings import Report
from .output import JSON_END, by_document, json_empty, json_head, json_items, text_end, text_section

FORMAT = 1
_CODE = tuple(Path(__file__).with_name(f) for f in ("output.py", "kept_output.py"))
TEXT, JSON = "validation.txt", "validation.json"


def index_path(out_dir: Path) -> Path:
    return Path(out_dir) / "validation" / "outputs.marshal"


def write_outputs(report: Report, out_dir: Path, lang: str = "hu") -> tuple[Path, Path]:
    """Write ``validation.txt`` (in ``lang``) and ``validation.json`` of ``report`` under ``out_dir``, the same bytes
    as ``format_text`` and ``format_json``; the paths written."""
    out_dir = Path(out_dir)
    txt_path, json_path, where = out_dir / TEXT, out_dir / JSON, index_path(out_dir)
    groups = by_document(report.findings)
    if not _consecutive(report.findings, len(groups)):  # the JSON lists findings as they come: parts must be runs
        parts = None
    else:
        parts = [(doc, fs, state_file.values_digest([tuple(f) for f in fs])) for doc, fs in groups.items()]
    old = _old(where, txt_path, json_path, lang) if parts else None
    head = json_head(report).encode("utf-8") if report.findings else json_empty(report).encode("utf-8")
    text, js, index = [], [], {}
    t_at, j_at = 0, len(head)  # where the next part starts in each file
    for i, (doc, fs, digest) in enumerate(parts or ()):
        kept = old[0].get(digest) if old else None
        if kept is not None:
            t0, t1, j0, j1 = kept
            t_part, j_part = old[1][t0:t1], old[2][j0:j1]
        else:
            t_part, j_part = text_section(doc, fs, lang).encode("utf-8"), json_items(fs).encode("utf-8")
        sep = b",\n" if i else b""
        index[digest] = (t_at, t_at + len(t_part), j_at + len(sep), j_at + len(sep) + len(j_part))
        text.append(t_part)
        js += (sep, j_part)
        t_at, j_at = t_at + len(t_part), j_at + len(sep) + len(j_part)
    if parts is None:
        text = [text_section(doc, fs, lang).encode("utf-8") for doc, fs in groups.items()]
        js = [json_items(report.findings).encode("utf-8")]
    text.append(text_end(report, lang).encode("utf-8"))
    js = [head, *js, JSON_END.encode("utf-8")] if report.findings else [head]
    _write(txt_path, text)
    _write(json_path, js)
    if parts is not None:
        state_file.save(where, {"format": FORMAT, "key": _key(lang), "parts": index,
                                "files": [file_stamp(txt_path), file_stamp(json_path)]})
    else:
        where.unlink(missing_ok=True)
    return txt_path, json_path


def _consecutive(findings, n_groups: int) -> bool:
    """Whether each document's findings come in one run (as ``merge.ordered`` sorts them)."""
    runs, last = 0, None
    for f in findings:
        if f.document != last:
            runs, last = runs + 1, f.document
    return runs == n_groups


def _key(lang: str) -> str:
    return state_file.code_key(f"validation outputs {FORMAT}", _CODE, lang)


def _old(where: Path, txt_path: Path, json_path: Path, lang: str) -> tuple[dict, memoryview, memoryview] | None:
    """(digest -> the part's places, the text's bytes, the JSON's bytes) of the last files, when the index is of this
    code and language and both files are as it wrote them; else None."""
    index = state_file.load(where, FORMAT)
    if index is None or index.get("key") != _key(lang):
        return None
    try:
        if [file_stamp(txt_path), file_stamp(json_path)] != index["files"]:
            return None
        return index["parts"], memoryview(txt_path.read_bytes()), memoryview(json_path.read_bytes())
    except (OSError, KeyError, TypeError):
        return None


def _write(path: Path, chunks: list) -> None:
    """Write ``chunks`` to ``path`` through a temporary file renamed into place (a new inode: the index's status of
    the old file no longer matches it)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as out:
        out.writelines(chunks)
    os.replace(tmp, path)
