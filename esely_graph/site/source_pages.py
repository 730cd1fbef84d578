"""Each document's source rows as the graph keeps them: one row per source line (id ``line-N``), with what was
read from it; every "source" mention on an entity page links to its row here, highlighted."""

from __future__ import annotations

from collections import defaultdict

from .graphindex import DCT, E, PROV, RDF_TYPE
from .model import pred_label


def source_rows(idx, ents: dict) -> dict[str, list[tuple[int, list]]]:
    """document -> [(line, [(entity iri | None, heading (hu, en), text)])], lines in order."""
    rows = defaultdict(dict)
    for s, preds in idx.sp.items():
        if E + "SourceRow" not in [o for o, _, _ in preds.get(RDF_TYPE, [])]:
            continue
        doc, line = idx.value(s, DCT + "isPartOf"), idx.value(s, E + "lineNumber")
        if doc in ents and line:
            items = []
            for node, p in idx.op.get(s, []):
                if p != PROV + "wasDerivedFrom" or E + "Link" in idx.types(node):
                    continue  # links between documents are derived from both rows; they are not read text
                text = idx.value(node, E + "originalText") or idx.label(node)
                owner_pred = next((q for _, q in idx.op.get(node, []) if q != PROV + "wasDerivedFrom"), None)
                heading = pred_label(idx, owner_pred) if owner_pred and node not in ents else None
                items.append((node if node in ents else None, heading, text))
            items.sort(key=lambda t: (t[0] is None, t[2]))
            rows[doc][int(line)] = items
    return {doc: sorted(lines.items()) for doc, lines in rows.items()}


def write_source_pages(w, idx, ents: dict) -> None:
    for doc, lines in source_rows(idx, ents).items():
        w.page(f"{ents[doc].area}/src/{ents[doc].page}", "source.html.j2", doc=ents[doc], lines=lines)
