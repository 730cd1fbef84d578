"""The seed tables a synthetic corpus is made from, read once with the project's own importers.

For each kind the corpus needs, the first document of that kind in the project's manifest is
read into records (sections, problems, measures, sub-tasks), and the resolution's text is
kept as a template. Which town a seed document belongs to comes from the manifest.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..build.context import BuildContext
from ..build.kinds import KINDS
from ..errors import EselyError
from ..importers.context import ImportContext
from ..layout import Layout
from ..manifest import DocumentMeta, load_manifest
from ..normalise.programmes import ProgrammeFinder
from ..normalise.target_groups import TargetGroupMatcher
from ..vocab import load_vocabularies

KINDS_USED = ("hep-conclusions", "hep-action-plan", "strategy-action-plan", "council-resolution")


@dataclass
class Seed:
    meta: DocumentMeta
    records: object  # TableDocument, or the resolution's text (str)


@dataclass
class Seeds:
    docs: dict[str, Seed]  # kind -> seed
    organisations: list[dict]  # raw vocabulary entries (data/vocab/organisations.toml)
    strategies: list[dict]
    programmes_toml: str
    target_groups: list[str] = field(default_factory=list)  # concept ids (local names)


def read_seeds(lay: Layout) -> Seeds:
    manifest = load_manifest(lay.data)
    vocab = load_vocabularies(lay.data)
    matcher = TargetGroupMatcher.from_file(lay.ontology / "target-groups.ttl")
    ctx = BuildContext(vocab, matcher, ProgrammeFinder.from_file(lay.vocab / "programmes.toml"))
    docs: dict[str, Seed] = {}
    for meta in manifest.documents:
        if meta.kind not in KINDS_USED or meta.kind in docs:
            continue
        path = manifest.source_path(meta)
        if meta.kind == "council-resolution":
            records = path.read_text(encoding=meta.encoding)
        else:
            records = KINDS[meta.kind].read(path, os.path.relpath(path), ImportContext(matcher, ctx.owners(meta.municipality)),
                                            meta.encoding)
        docs[meta.kind] = Seed(meta, records)
    missing = [k for k in KINDS_USED if k not in docs]
    if missing:
        raise EselyError(f"{lay.manifest}: the synthetic corpus is made from one document of each kind "
                         f"{', '.join(KINDS_USED)}; none of kind {', '.join(missing)}")
    return Seeds(docs,
                 tomllib.loads((lay.vocab / "organisations.toml").read_text(encoding="utf-8")).get("org", []),
                 tomllib.loads((lay.vocab / "strategies.toml").read_text(encoding="utf-8")).get("strategy", []),
                 (lay.vocab / "programmes.toml").read_text(encoding="utf-8"),
                 _target_group_ids(lay.ontology / "target-groups.ttl"))


def _target_group_ids(path: Path) -> list[str]:
    from rdflib.namespace import RDF, SKOS

    from ..store import read_graph

    g = read_graph(path)
    return sorted(str(c).rsplit("/", 1)[-1] for c in g.subjects(RDF.type, SKOS.Concept))
