"""The site's tree on disk. A first site is rendered into a temporary sibling and swapped into place whole by
``fsutil.atomic_dir`` (the same swap as the build and the report: stale temporaries of killed runs removed, folders
0755). An update of a site made before (its state file readable) renders only what changed into a temporary
sibling and then moves it in: each rendered town's folders replace the old ones by rename (a reader sees a town's
old pages or its new ones), the national files replace theirs one by one, national files no longer made and the
folders of towns no longer in the graph are removed, and the state file is replaced last, so a run killed half-way
leaves towns the next run sees as changed and renders again. Nothing in the live tree is touched before every page
rendered; the unchanged towns' files are not touched at all. Files written get 0644 whatever the umask, folders
0755, so a web server can read the copy."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..fsutil import MODE, atomic_dir, recover


def normal_permissions(root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            os.chmod(os.path.join(folder, d), MODE)
        for f in files:
            os.chmod(os.path.join(folder, f), 0o644)


def write_tree_atomically(out_dir: Path, fill) -> None:
    """``fill(tmp_dir)`` writes the whole tree; only when it returns does the tree replace ``out_dir``."""
    with atomic_dir(out_dir) as tmp:
        fill(tmp)
        normal_permissions(tmp)


def update_in_place(out_dir: Path, fill, town_paths, state_file: str) -> None:
    """``fill(tmp_dir)`` writes the rendered towns, the national files and the state file and returns (the towns
    rendered, every town of the site[, the national files it left as they are in ``out_dir``]);
    ``town_paths(town)``: a town's paths relative to the site's root."""
    out = Path(out_dir).absolute()
    recover(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-tmp-", dir=out.parent))
    trash = tmp / ".replaced"  # the rendered towns' old folders, removed with the temporary folder
    try:
        rendered, towns, *kept = fill(tmp)
        normal_permissions(tmp)
        owned = {p for t in towns for p in town_paths(t)}
        for i, town in enumerate(rendered):
            for p in town_paths(town):
                if (tmp / p).exists():
                    if (out / p).exists():
                        (trash / str(i)).mkdir(parents=True, exist_ok=True)
                        os.replace(out / p, trash / str(i) / p.replace("/", "~"))
                    (out / p).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(tmp / p, out / p)
        national = set()
        for folder, dirs, files in os.walk(tmp):
            rel = Path(folder).relative_to(tmp).as_posix()
            prefix = "" if rel == "." else rel + "/"
            dirs[:] = [d for d in dirs if prefix + d != trash.name]
            national.update(prefix + f for f in files if prefix + f != state_file)
        for p in sorted(national):
            (out / p).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / p, out / p)
        remove_stale(out, national | set(kept[0] if kept else ()), owned, state_file)
        os.replace(tmp / state_file, out / state_file)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def remove_stale(out: Path, national: set[str], owned: set[str], state_file: str) -> None:
    """Files and folders under ``out`` that are neither national files just written nor a current town's paths."""
    above = {q for p in national | owned for q in _parents(p)}
    for folder, dirs, files in os.walk(out):
        rel = Path(folder).relative_to(out).as_posix()
        prefix = "" if rel == "." else rel + "/"
        keep = []
        for d in dirs:
            p = prefix + d
            if p in owned:
                continue  # a current town's folder: not walked
            if p in above:
                keep.append(d)
            else:
                shutil.rmtree(out / p, ignore_errors=True)
        dirs[:] = keep
        for f in files:
            p = prefix + f
            if p not in national and p not in owned and p != state_file:
                os.remove(out / p)


def _parents(path: str):
    parts = path.split("/")
    for i in range(1, len(parts)):
        yield "/".join(parts[:i])
