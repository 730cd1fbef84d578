"""The engine's SPARQL syntax error as people read it: line, column, a caret under the line and
what was expected (``explain_syntax_error``; rdflib's parser gives a second opinion on where)."""

from __future__ import annotations

import re

from .sparql_text import Token, tokens

ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def explain_syntax_error(text: str, message: str) -> str:
    """The engine's message as: where (line, column, caret under the line) and what was expected."""
    m = ERROR_AT.search(message)
    if not m:
        return f"SPARQL syntax error: {message}"
    line_no, col = int(m.group(1)), int(m.group(2))
    what = m.group(3)
    second = _second_opinion(text)
    moved = second is not None and "Prefix not found" not in what and second < (line_no, col)
    if moved:
        line_no, col = second
    lines = text.splitlines() or [""]
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    here = _pname_before(line, col - 1) if "Prefix not found" in what else None
    if here is not None:
        col = here.start + 1
        reason = f"undeclared prefix '{here.text.split(':')[0]}:' (nincs deklarálva); declare it with PREFIX"
    elif moved:
        found = (tokens(line[col - 1:]) or [Token("", "end of line", 0)])[0].text
        reason = f"'{found}' cannot stand here"
    else:
        reason = "expected " + _short_expected(what)
    return (f"SPARQL syntax error at line {line_no}, column {col} (szintaktikai hiba): {reason}\n"
            f"  {line}\n  {' ' * (col - 1)}^")


def _second_opinion(text: str) -> tuple[int, int] | None:
    """Where rdflib's parser (pyparsing) stops, when it also fails.

    Oxigraph's PEG parser reports the furthest point any alternative reached, often the end of the
    query; pyparsing usually stops at the offending token. The earlier of the two is shown.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseBaseException as exc:
        return exc.lineno, exc.col
    except Exception:  # noqa: BLE001 - only a hint
        return None
    return None


def _pname_before(line: str, index: int) -> Token | None:
    found = [t for t in tokens(line) if t.kind == "pname" and t.start <= index]
    return found[-1] if found else None


def _short_expected(what: str) -> str:
    what = what.removeprefix("expected one of ").removeprefix("expected ")
    items = [i.strip() for i in re.split(r",\s*(?![^\[]*\])", what)]
    kept = [i for i in items if i and not i.startswith("[") and "Prefix not found" not in i]
    shown = ", ".join(kept[:8]) + (", …" if len(kept) > 8 else "")
    return ("one of " + shown) if len(kept) > 1 else (shown or "something else here")
