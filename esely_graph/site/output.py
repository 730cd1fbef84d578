"""The site's tree written whole: rendered into a temporary sibling and swapped into place by
``fsutil.atomic_dir`` (the same swap as the build and the report: stale temporaries of killed runs removed,
folders 0755); files get 0644 whatever the umask, so a web server can read the copy."""

from __future__ import annotations

import os
from pathlib import Path

from ..fsutil import atomic_dir


def normal_permissions(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for f in files:
            os.chmod(os.path.join(folder, f), 0o644)


def write_tree_atomically(out_dir: Path, fill) -> None:
    """``fill(tmp_dir)`` writes the whole tree; only when it returns does the tree replace ``out_dir``."""
    with atomic_dir(out_dir) as tmp:
        fill(tmp)
        normal_permissions(tmp)
