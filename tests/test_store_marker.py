"""The store's marker (its graphs and their digests) as the update's stages read it
(``validate.incremental.store_files``): parsed once while its bytes are the same, read again when they change."""

import json

from esely_graph.disk_store import MARKER
from esely_graph.validate import incremental


def test_the_marker_is_parsed_once_per_version(tmp_path, monkeypatch):
    marker = tmp_path / MARKER
    marker.write_text(json.dumps({"files": {"alma-hep-it": "sha256:1"}}), encoding="utf-8")
    parsed = []
    real = incremental.json.loads
    monkeypatch.setattr(incremental.json, "loads", lambda s: parsed.append(1) or real(s))
    first = incremental.store_files(tmp_path)
    first["bokor-hep-it"] = "changed by a caller"  # a copy: the kept graphs are not touched
    assert incremental.store_files(tmp_path) == {"alma-hep-it": "sha256:1"} and len(parsed) == 1
    marker.write_text(json.dumps({"files": {"alma-hep-it": "sha256:2"}}), encoding="utf-8")  # the same size
    assert incremental.store_files(tmp_path) == {"alma-hep-it": "sha256:2"} and len(parsed) == 2
    marker.write_text("{not json", encoding="utf-8")
    assert incremental.store_files(tmp_path) == {} and incremental.store_files(tmp_path / "none") == {}
