"""Compiled templates kept between runs.

Every run of `all` compiles the site's and the report's templates again (0.2 s, in each process that renders).
jinja2's own bytecode cache keeps each compiled template in the system's temporary folder, in a folder of the user's
own, under the template's name and checked against its source, so a changed template is compiled again. A cache
that cannot be made, read or written only costs the compiling."""

from __future__ import annotations

import jinja2


class _Cache(jinja2.FileSystemBytecodeCache):
    """jinja2's cache, whose writing may fail (its reading does not: a file it cannot read is compiled again)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The cache for a template environment's ``bytecode_cache``; None when its folder cannot be had."""
    try:
        return _Cache()
    except (OSError, RuntimeError):
        return None
