"""The `add` command: a municipality's document into data/sources/ and the manifest."""

from __future__ import annotations

from pathlib import Path

import click

from ..manifest import KINDS
from . import main
from .common import layout, user_errors


@main.command()
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--municipality", help="Settlement name or KSH code (accents and case do not matter), "
                                     "or the project's municipality id.")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Importer kind [default: detected from the file's content].")
@click.option("--id", "doc_id", default=None, help="Document id [default: MUNICIPALITY-KIND-YEAR].")
@click.option("--title", default=None, help="Document title [default: the kind's usual title].")
@click.option("--date", default=None, help="The document's date (YYYY-MM-DD) or year (YYYY).")
@user_errors
def add(file: Path, municipality: str | None, kind: str | None, doc_id: str | None, title: str | None,
        date: str | None) -> None:
    """Copy FILE under data/sources/, register its municipality if new, append it to data/sources.toml.

    Then run `esely-graph all`. / Utána: `esely-graph all`.
    """
    from ..add import add_document

    a = add_document(layout(), file, municipality, kind, doc_id, title, date)
    s = a.settlement
    click.echo(f"kind / fajta: {a.kind} ({'detected from the content / a tartalomból' if a.kind_detected else 'given / megadva'})")
    click.echo(f"municipality / önkormányzat: {a.municipality} = {s.name} (KSH {s.ksh}, {s.county}, {s.status})"
               f"{' — new, registered in data/vocab/organisations.toml / új, felvéve' if a.registered else ''}")
    click.echo(f"document / dokumentum: {a.id} -> data/{a.file}, appended to data/sources.toml")
    click.echo("next / következő lépés: esely-graph all")
