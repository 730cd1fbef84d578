"""The README's command list is the CLI's: every command is documented, nothing documented is missing."""

import re

import click

from esely_graph.cli import main
from conftest import ROOT


def cli_commands(group: click.Group, prefix: str = "") -> set[str]:
    out = set()
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out |= cli_commands(cmd, f"{prefix}{name} ")
        else:
            out.add(f"{prefix}{name}")
    return out


def readme_commands() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    groups = {n for n, c in main.commands.items() if isinstance(c, click.Group)}
    out = set()
    for line in block.splitlines():
        m = re.match(r"esely-graph ([a-z-]+)(?: ([a-z-]+))?", line.strip())
        if m:
            out.add(f"{m[1]} {m[2]}" if m[1] in groups and m[2] else m[1])
    return out


def test_readme_lists_exactly_the_cli_commands():
    assert readme_commands() == cli_commands(main)


def test_quick_start_commands_exist_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "\ntest:" in makefile and "\nall:" in makefile
