"""What every command shares: the layout in the click context, user errors, common options."""

from __future__ import annotations

import errno
import functools
import sys
from pathlib import Path

import click

from ..errors import EselyError
from ..layout import Layout


FULL = (errno.ENOSPC, errno.EDQUOT)  # a full disk or quota: the user's to free, not a fault of the program


def user_errors(fn):
    """Turn EselyError, and a disk or quota that filled up (``FULL``), into a one-line message and exit code 1 (no
    traceback; what was being written is left as it was: every output is written aside and moved into place)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except EselyError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:
            if exc.errno not in FULL:
                raise
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"error: no space left on the disk{where}; free some and run again / nincs több hely a "
                       f"lemezen{where}; szabadítson fel helyet, és futtassa újra", err=True)
            sys.exit(1)
    return wrapper


def layout(**overrides) -> Layout:
    """The project's layout (from --project on the main command), with this command's overrides."""
    ctx = click.get_current_context()
    base = ctx.find_root().obj
    if not isinstance(base, Layout):
        base = Layout.of()
    return base.with_(**overrides)


def graph_layout(data_dir: Path | None) -> Layout:
    """The layout of a command that reads the built graph (``--data`` names the Turtle folder)."""
    lay = layout(ttl=data_dir)
    lay.require_graph()
    return lay


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise EselyError(f"--param '{v}': expected KEY=VALUE")
        k, val = v.split("=", 1)
        out[k.strip()] = val.strip()
    return out


def as_of_date(as_of):
    import datetime as dt

    return as_of.date() if as_of else dt.date.today()


DATA_OPT = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                        help="Directory of built Turtle files [default: data/ttl of the project].")
AS_OF_OPT = click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                         help="Day to judge deadlines against (overdue findings and lists) [default: today].")
FORMAT_OPT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "records"]), default="table",
                          show_default=True,
                          help="Output format: json is SPARQL 1.1 Query Results JSON; records is a plain list of "
                               "objects; csv keeps raw values (not neutralised for spreadsheets).")
