"""Write a directory tree atomically: render into a temporary sibling, then swap it into place.

The same pattern as the build's ``write_atomically``: readers see the old tree or the new one, never a half.
Output gets normal permissions (directories 0755, files 0644), not mkdtemp's 0700, so a web server can read it;
temporary directories left by a killed run are removed by the next run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out_dir: Path) -> None:
    """Remove ``.NAME-tmp-PID-…`` and ``.NAME-old-PID`` directories whose process is gone."""
    pattern = re.compile(rf"^\.{re.escape(out_dir.name)}-(?:tmp|old)-(\d+)(?:-|$)")
    for p in out_dir.parent.glob(f".{out_dir.name}-*"):
        m = pattern.match(p.name)
        if m and p.is_dir() and (int(m.group(1)) != os.getpid()) and not _alive(int(m.group(1))):
            shutil.rmtree(p, ignore_errors=True)


def normal_permissions(root: Path) -> None:
    os.chmod(root, 0o755)
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o755)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o644)


def write_tree_atomically(out_dir: Path, fill) -> None:
    """``fill(tmp_dir)`` writes the whole tree; only when it returns does the tree replace ``out_dir``."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-tmp-{os.getpid()}-", dir=out_dir.parent))
    try:
        fill(tmp)
        normal_permissions(tmp)
        old = None
        if out_dir.exists():
            old = out_dir.parent / f".{out_dir.name}-old-{os.getpid()}"
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
