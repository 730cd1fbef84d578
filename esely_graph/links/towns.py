"""The links graph town by town, as the build finishes each town's documents.

Candidates only ever join nodes of one municipality (``scoring.propose_for``), and a curated
decision belongs to the town of its measure, so the links graph is the union of one graph per
town with no subject in common. Each town's part is written as a ``FlatChunk`` of canonical
Turtle (``build.output``) as soon as the town's last document is built, and its nodes dropped;
``finish`` merges the chunks into links.ttl, byte for byte the Turtle of the whole graph.

With a ``shelf`` (the build cache) a town's chunk is kept under the hash of what it depends on:
its documents' cache keys (which fix their link nodes), its decisions, the cache keys of the
documents those decisions name in other towns, and the code (the shelf's salt); not the folder
the build was started from. An unchanged town's links are then read back, not computed, and its
documents' nodes are never loaded.

A decision naming another town's problem, opportunity or measure makes its town wait until every
document is in (that document may turn out unreadable, and then the decision waits, as below).
Decisions about a document that was left out (unreadable) wait until it is readable.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Callable

from ..build.output import FlatChunk, flat_chunk, merge_chunks
from ..errors import SourceError
from .curation import Decision
from .graph import link_nodes

NodeLists = tuple  # (problems, opportunities, measures), as links.nodes.collect returns them


def _doc(key: str) -> str:
    return key.split(":")[0]


class TownLinks:
    """``done``/``skip`` each document of the manifest once; then ``finish``."""

    def __init__(self, decisions: list[Decision], decisions_file: str, town_of: dict[str, str],
                 load: Callable[[str], NodeLists] | None = None, shelf=None, memo=None, merged=None):
        self.decisions_file, self.town_of, self.load, self.shelf, self.memo = decisions_file, town_of, load, shelf, memo
        self.merged = merged  # build.merged.MergedFile: links.ttl updated where towns changed
        self.remaining = Counter(town_of.values())
        self.by_town: dict[str, list[Decision]] = defaultdict(list)
        self.waiting: set[str] = set()  # towns with a decision naming another town's document
        self.target_docs: set[str] = set()
        for d in decisions:
            town = town_of.get(_doc(d.measure))
            if town is None:
                if d.action != "reject":
                    raise SourceError(decisions_file, d.line, None,
                                      f"'{d.measure}' names no measure, problem or opportunity; expected "
                                      "'document-id:CODE' or 'document-id:line N'")
                continue  # rejecting what does not exist changes nothing
            self.by_town[town].append(d)
            if town_of.get(_doc(d.target)) != town:
                self.waiting.add(town)
                self.target_docs.add(_doc(d.target))
        self.docs: dict[str, list[tuple[str, str | None, NodeLists | None]]] = defaultdict(list)
        self.targets: dict[str, tuple[str | None, NodeLists | None]] = {}
        self.left_out: set[str] = set()
        self.chunks: list[tuple[FlatChunk, int]] = []
        self.computed = 0  # towns whose links were computed (not read from the shelf)

    def done(self, doc_id: str, key: str | None, nodes: NodeLists | None = None) -> None:
        """Document ``doc_id`` is built: its cache key (None: not cached) and, when built now, its nodes."""
        town = self.town_of[doc_id]
        self.docs[town].append((doc_id, key, nodes))
        if doc_id in self.target_docs:
            self.targets[doc_id] = (key, nodes)
        self._count(town)

    def skip(self, doc_id: str) -> None:
        """Document ``doc_id`` could not be read: it is left out, and so are decisions about it."""
        self.left_out.add(doc_id)
        self._count(self.town_of[doc_id])

    def _count(self, town: str) -> None:
        self.remaining[town] -= 1
        if self.remaining[town] == 0 and town not in self.waiting:
            self._link(town)

    def finish(self) -> tuple[bytes, int]:
        """links.ttl and its triple count."""
        for town in sorted(self.waiting):
            self._link(town)
        if self.merged is not None:
            return self.merged.finish()
        return merge_chunks([c for c, _ in self.chunks]), sum(n for _, n in self.chunks)

    def _nodes(self, key: str | None, nodes: NodeLists | None) -> NodeLists:
        return nodes if nodes is not None else self.load(key)

    def _link(self, town: str) -> None:
        docs = self.docs.pop(town, [])
        decisions = [d for d in self.by_town.get(town, ())
                     if _doc(d.measure) not in self.left_out and _doc(d.target) not in self.left_out]
        foreign = sorted({_doc(d.target) for d in decisions if self.town_of.get(_doc(d.target)) != town})
        key = self._key(town, docs, decisions, foreign)
        same = self.merged.unchanged(town, key) if self.merged is not None else None
        if same is not None:  # its chunk is the one in the last links.ttl: not even read
            self.shelf.touch(key)
            self.merged.add(town, key, None, same)
            return
        kept = self.shelf.get(key) if key is not None else None
        if kept is None:
            self.computed += 1
            nodes: NodeLists = ([], [], [])
            for _, k, n in docs:
                for acc, part in zip(nodes, self._nodes(k, n)):
                    acc.extend(part)
            for acc in nodes:
                acc.sort(key=lambda n: str(n.iri))
            targets: NodeLists = ([], [], [])
            for doc_id in foreign:
                if doc_id in self.targets:
                    for acc, part in zip(targets, self._nodes(*self.targets[doc_id])):
                        acc.extend(part)
            g = link_nodes(nodes, decisions, self.decisions_file, self.memo, targets).graph
            chunk = flat_chunk(g, foreign=[n.iri for part in targets for n in part])
            if chunk is None:
                raise ValueError(f"the links of {town} are not flat Turtle (build/output.py)")
            kept = (chunk, len(g))
            if key is not None:
                self.shelf[key] = kept
        if kept[1]:
            self.chunks.append(kept)
            if self.merged is not None:
                self.merged.add(town, key, *kept)

    def _key(self, town: str, docs, decisions: list[Decision], foreign: list[str]) -> str | None:
        """What the town's links depend on; None when some of it is not cached (no shelf, a document
        built without a key, a decision naming a document that is not there)."""
        keys = [k for _, k, _ in docs] + [self.targets.get(f, (None,))[0] for f in foreign]
        if self.shelf is None or None in keys:
            return None
        h = hashlib.sha256(f"{town}\n".encode())  # not the decisions file's name: it is written relative to the
        # working folder (for messages), and a build run from another folder would compute every town's links again
        for doc_id, k, _ in docs:
            h.update(f"{doc_id} {k}\n".encode())
        for d in decisions:
            h.update(repr(d).encode())
        for f in foreign:
            h.update(f"{f} {self.targets[f][0]}\n".encode())
        return h.hexdigest()
