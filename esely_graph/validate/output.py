"""The report for people (text, Hungarian or English) and for programs (JSON)."""

from __future__ import annotations

import json
from collections import defaultdict

from ..namespaces import BASE, ESELY
from .findings import Report

LABELS = {
    "hu": {"violation": "szabálysértés", "warning": "figyelmeztetés", "info": "megjegyzés",
           "summary": "Összesen", "doc": "Dokumentum", "none": "Nincs eltérés.", "unit": "ellenőrzési egység"},
    "en": {"violation": "violation", "warning": "warning", "info": "note",
           "summary": "Total", "doc": "Document", "none": "No findings.", "unit": "unit"},
}


def counted(n: int, word: str, lang: str) -> str:
    """``n word``: Hungarian keeps the noun singular after a number; English adds -s unless n == 1."""
    return f"{n} {word}" if lang == "hu" or n == 1 else f"{n} {word}s"


def short(iri: str) -> str:
    return iri.replace(BASE, "").replace("https://w3id.org/esely/shapes#", "eshp:") \
        .replace("http://www.w3.org/ns/shacl#", "sh:").replace(str(ESELY), "esely:")


def summary(report: Report, lang: str = "hu") -> str:
    L = LABELS[lang]
    counts = report.counts()
    parts = ", ".join(counted(counts.get(s, 0), L[s], lang) for s in ("violation", "warning", "info"))
    return f"{L['summary']}: {parts} ({counted(report.units, L['unit'], lang)})"


def format_text(report: Report, lang: str = "hu") -> str:
    by_doc = by_document(report.findings)
    body = "".join(text_section(doc, findings, lang) for doc, findings in by_doc.items())
    return body + text_end(report, lang)


def by_document(findings) -> dict[str, list]:
    """The findings grouped by document, in the order each document first comes."""
    by_doc = defaultdict(list)
    for f in findings:
        by_doc[f.document].append(f)
    return by_doc


def text_section(doc: str, findings: list, lang: str) -> str:
    """One document's part of the text: its heading, its findings by focus node, a blank line."""
    L = LABELS[lang]
    out = [f"== {L['doc']}: {doc} ({len(findings)}) =="]
    by_focus = defaultdict(list)
    for f in findings:
        by_focus[f.focus].append(f)
    for focus, fs in by_focus.items():
        first = fs[0]
        where = f"{first.file}:{first.line}" if first.file else "-"
        text = f" »{first.text[:80]}«" if first.text else ""
        out.append(f"  {short(focus)}  [{where}]{text}")
        for f in fs:
            value = f" ({short(f.value)})" if f.value and f.value != focus else ""
            out.append(f"    [{L[f.severity]}] {f.message(lang)}{value}  <{short(f.shape)}>")
            if f.detail:
                out.append(f"        {f.detail}")
    return "\n".join(out) + "\n\n"


def text_end(report: Report, lang: str) -> str:
    """What follows the documents' parts: "no findings" when there are none, then the summary."""
    return ("" if report.findings else LABELS[lang]["none"] + "\n") + summary(report, lang) + "\n"


def format_json(report: Report) -> str:
    """``{"counts": …, "findings": [each finding's fields]}`` as ``json.dumps(…, ensure_ascii=False, indent=1)``
    writes it, byte for byte. With an indent json writes in Python, not C: 3–6 s for the 98,000 findings of 3,200 towns on
    every run of `all`; here each value is written by json's own C string encoder and the lines joined."""
    if not report.findings:
        return json_empty(report)
    return json_head(report) + json_items(report.findings) + JSON_END


JSON_END = "\n ]\n}\n"


def json_empty(report: Report) -> str:
    return json.dumps({**_counts(report), "findings": []}, ensure_ascii=False, indent=1) + "\n"


def json_head(report: Report) -> str:
    """The JSON up to the first finding (the counts), when there are findings."""
    return json.dumps(_counts(report), ensure_ascii=False, indent=1)[:-2] + ',\n "findings": [\n'


def json_items(findings) -> str:
    """Findings as items of the JSON's list, joined by ``,\\n`` (the list's parts join the same way)."""
    findings = list(findings)
    if not findings:
        return ""
    names = [f"   {_string(k)}: " for k in findings[0]._fields]
    return ",\n".join("  {\n" + ",\n".join(n + _value(v) for n, v in zip(names, f)) + "\n  }" for f in findings)


def _counts(report: Report) -> dict:
    counts = report.counts()
    return {"counts": {s: counts.get(s, 0) for s in ("violation", "warning", "info")}}


_string = json.encoder.encode_basestring  # what json.dumps(…, ensure_ascii=False) writes a str as (C)


def _value(v) -> str:
    """A finding's value as json.dumps writes it."""
    if type(v) is str:
        return _string(v)
    if v is None:
        return "null"
    if type(v) is int:
        return int.__repr__(v)
    return json.dumps(v, ensure_ascii=False)  # a str subclass, a float, a bool: json's own text
