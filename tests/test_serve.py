"""The SPARQL endpoint answers the SPARQL 1.1 Protocol on loopback (bounded: one process, a few requests)."""

import json
import socket
import subprocess
import time
import urllib.parse
import urllib.request

from esely_graph.serve import command, prepare
from conftest import TTL


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sparql_protocol_endpoint(tmp_path):
    store = tmp_path / "store"
    prepare(TTL, store)
    bind = f"127.0.0.1:{free_port()}"
    proc = subprocess.Popen(command(store, bind), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        query = ("PREFIX esely: <https://w3id.org/esely/ontology#> "
                 "SELECT (COUNT(?m) AS ?n) WHERE { ?m a esely:HepMeasure }")
        url = f"http://{bind}/query?" + urllib.parse.urlencode({"query": query})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(req, timeout=5) as resp:
                    data = json.load(resp)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert data["results"]["bindings"][0]["n"]["value"] == "22"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
