"""A synthetic corpus of N municipalities, made from the project's seed tables at run time.

Each town gets what a real town publishes: a situation analysis (HEP conclusions table), a HEP
action plan (summary table A–L) and either a strategy's action plan or a council resolution,
written in the formats the importers read (tab-separated tables, Markdown), a manifest entry
per document, and its own organisations and strategies in the vocabularies. Rows of the seed
tables are sampled, shuffled, recombined across sections and reworded; owners, strategies and
target groups are chosen from the town's own vocabulary; sizes vary from town to town. The
same seed and N give the same corpus, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..text import slug
from .names import renamer, town_names
from .reword import pick, reword
from .seeds import Seeds
from .tables import action_plan_tsv, conclusions_tsv, strategy_plan_tsv

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
ALWAYS_KEPT = ("municipality", "council", "office")


@dataclass
class Town:
    name: str
    id: str
    rnd: random.Random
    rename: object
    owners: list[str]  # labels of the town's units and posts
    strategies: list[dict]


def write_corpus(seeds: Seeds, data_dir: Path, n: int, seed: int = 1) -> list[str]:
    """Write sources.toml, sources/ and vocab/ for ``n`` towns under ``data_dir``; return the town ids."""
    (data_dir / "sources").mkdir(parents=True, exist_ok=True)
    (data_dir / "vocab").mkdir(parents=True, exist_ok=True)
    docs, orgs, strategies, ids = [], [], [], []
    for i, name in enumerate(town_names(n)):
        town = _town(seeds, name, random.Random(f"{seed}:{i}:{name}"), orgs, strategies)
        ids.append(town.id)
        docs += _documents(seeds, town, data_dir / "sources")
    (data_dir / "sources.toml").write_text("# Synthetic corpus written by `esely-graph bench`.\n\n"
                                           + tomli_w.dumps({"document": docs}), encoding="utf-8")
    (data_dir / "vocab" / "organisations.toml").write_text(tomli_w.dumps({"org": orgs}), encoding="utf-8")
    (data_dir / "vocab" / "strategies.toml").write_text(tomli_w.dumps({"strategy": strategies}), encoding="utf-8")
    (data_dir / "vocab" / "programmes.toml").write_text(seeds.programmes_toml, encoding="utf-8")
    return ids


def _town(seeds: Seeds, name: str, rnd: random.Random, orgs: list, strategies: list) -> Town:
    home = seeds.docs["hep-action-plan"].meta.municipality
    town_id = slug(name)
    rename = renamer(home, name)

    def mine(entry_id: str) -> bool:
        return entry_id == home or entry_id.startswith(home + "/")

    def move(entry_id: str) -> str:  # the seed town's name nowhere in the copy's identifier
        return town_id + entry_id[len(home):].replace(home, town_id)

    seed_orgs = [e for e in seeds.organisations if mine(e["id"])]
    kept = [e for e in seed_orgs if e["kind"] in ALWAYS_KEPT] + \
        pick(rnd, [e for e in seed_orgs if e["kind"] not in ALWAYS_KEPT], 0.5, 1.0, 3)
    kept_ids = {e["id"] for e in kept}
    owners = []
    for e in sorted(kept, key=lambda e: e["id"]):
        entry = {"id": move(e["id"]), "kind": e["kind"], "label": rename(e["label"]),
                 "aliases": [rename(a) for a in e.get("aliases", [])], "basis": f"synthetic, after {e['id']}"}
        if e.get("parent"):
            entry["parent"] = move(e["parent"]) if e["parent"] in kept_ids else town_id
        if e["kind"] == "municipality":
            entry["fictional"] = True  # a synthetic town: no settlement of the KSH register
        orgs.append(entry)
        if e["kind"] not in ("municipality", "council"):
            owners.append(entry["label"])
    mine_str = [s for s in seeds.strategies if s.get("municipality") == home]
    town_str = []
    for s in pick(rnd, mine_str, 0.4, 1.0, 3):
        entry = {"id": move(s["id"]), "municipality": town_id, "label": rename(s["label"]),
                 "aliases": [rename(a) for a in s.get("aliases", [])]}
        strategies.append(entry)
        town_str.append(entry)
    return Town(name, town_id, rnd, rename, owners, town_str)


def _documents(seeds: Seeds, town: Town, sources: Path) -> list[dict]:
    rnd, out = town.rnd, []
    he, it = seeds.docs["hep-conclusions"], seeds.docs["hep-action-plan"]
    year = rnd.choice([2019, 2020, 2021, 2022, 2023, 2024])
    for seed, suffix, text in (
            (he, "hep-he", conclusions_tsv(he.records, town)),
            (it, "hep-it", action_plan_tsv(it.records, town))):
        out.append(_write(sources, town, suffix, text, seed.meta.kind, town.rename(seed.meta.title), year=year))
    if rnd.random() < 0.5:
        plan = seeds.docs["strategy-action-plan"]
        strategy = rnd.choice(town.strategies)
        text = strategy_plan_tsv(plan.records, town, f"{strategy['label']} Intézkedési terv")
        doc = _write(sources, town, "strategia-it", text, plan.meta.kind, f"{strategy['label']} Intézkedési terv",
                     year=year)
        doc["strategy"] = strategy["id"].split("/", 1)[1]
        doc["target_groups"] = sorted(rnd.sample(seeds.target_groups, rnd.randint(1, 2)))
        out.append(doc)
    else:
        out.append(_resolution(seeds, town, sources))
    return out


def _write(sources: Path, town: Town, suffix: str, text: str, kind: str, title: str, **when) -> dict:
    ext = "md" if kind == "council-resolution" else "tsv"
    name = f"{town.id}-{suffix}"
    (sources / f"{name}.{ext}").write_text(text, encoding="utf-8")
    return {"id": name, "file": f"sources/{name}.{ext}", "kind": kind, "municipality": town.id, "title": title} | when


def _resolution(seeds: Seeds, town: Town, sources: Path) -> dict:
    """The seed resolution with this town's name, number and date, its listed goals sampled,
    shuffled and reworded."""
    seed = seeds.docs["council-resolution"]
    rnd = town.rnd
    day = dt.date(rnd.randint(2018, 2024), rnd.randint(1, 12), rnd.randint(1, 28))
    number = rnd.randint(1, 400)

    def redate(text: str) -> str:
        text = re.sub(r"\b\d{1,4}/\d{4}\.", f"{number}/{day.year}.", text)
        return re.sub(r"\(\s*[IVX]+\.\s*\d{1,2}\.\s*\)", f"({ROMAN[day.month - 1]}. {day.day}.)", text)

    lines = town.rename(seed.records).split("\n")
    bullets = [i for i, ln in enumerate(lines) if re.match(r"^\s+- ", ln)]
    kept = pick(rnd, bullets, 0.5, 1.0, 2)
    texts = [lines[i] for i in kept]
    rnd.shuffle(texts)
    texts = [re.match(r"^\s+- ", t).group(0) + reword(t.split("- ", 1)[1], rnd) for t in texts]
    body = []
    for i, ln in enumerate(lines):
        if i in bullets:
            if i == bullets[0]:
                body += texts
            continue
        body.append(ln)
    text = redate("\n".join(body))
    return _write(sources, town, f"kt-{number}-{day.year}", text, seed.meta.kind,
                  redate(town.rename(seed.meta.title)), date=day)
