"""Command line: a thin click layer over the library, one module per group of commands.

User errors exit 1 with a one-line message and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..layout import Layout


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="esely-graph")
@click.option("--project", "project", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Project directory holding data/ and out/ [default: the current directory].")
@click.pass_context
def main(ctx: click.Context, project: Path | None) -> None:
    """esely-graph: a knowledge graph of Hungarian local equal-opportunity plans (HEP).

    Typical run: `esely-graph all` builds data/ttl from data/sources, validates it,
    writes the gap report and the site into out/.
    """
    ctx.obj = Layout.of(project)


from . import graph, query, check, publish, links, serve, bench, fuzz, export, add  # noqa: E402,F401  (register commands)
