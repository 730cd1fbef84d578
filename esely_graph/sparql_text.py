"""What we need to know about a SPARQL text before an engine runs it.

A small lexer (comments, strings, IRIs, variables, prefixed names, words) is enough to
- refuse updates with a sentence people understand (``check_query``),
- refuse ``SERVICE`` unless its host is on an allow-list (``service_hosts``),
- bind parameters as RDF terms for an endpoint that has no SEP-0007 substitutions
  (``substitute``: each term is written by pyoxigraph's own N-Triples serialiser, never pasted),
- (``sparql_errors.explain_syntax_error`` turns the engine's "error at 3:14: expected …" into a
  caret under the query line, with this lexer).

SPARQL resolves ``\\uXXXX`` escapes before parsing (so does Oxigraph); the lexer does the same
so ``\\u0053ERVICE`` is seen as ``SERVICE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import EselyError
from .namespaces import PREFIXES

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
UPDATES_REFUSED = "updates are not accepted: this graph is read-only (a módosítás nem engedélyezett: a gráf csak olvasható)"

_PN = r"[A-Za-z\u00C0-\uFFFF](?:[\w.\-\u00B7-\uFFFF]*[\w\-\u00B7-\uFFFF])?"
TOKEN = re.compile(
    r'(?P<ws>\s+)|(?P<comment>#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<var>[?$][\w\u00B7-\uFFFF]+)'
    rf'|(?P<pname>(?:{_PN})?:(?:[\w\-.:%\u00B7-\uFFFF]*[\w\-:%\u00B7-\uFFFF])?)'
    r'|(?P<word>[A-Za-z_]\w*)'
    r'|(?P<other>.)', re.S)
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def unescape(text: str) -> str:
    return ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokens(text: str) -> list[Token]:
    return [Token(m.lastgroup, m.group(), m.start()) for m in TOKEN.finditer(text)
            if m.lastgroup not in ("ws", "comment")]


def declared_prefixes(toks: list[Token]) -> dict[str, str]:
    out = {p: str(ns) for p, ns in PREFIXES.items()}
    for i, t in enumerate(toks[:-2]):
        if t.kind == "word" and t.text.upper() == "PREFIX" and toks[i + 1].kind == "pname" \
                and toks[i + 2].kind == "iri":
            out[toks[i + 1].text[:-1]] = toks[i + 2].text[1:-1]
    return out


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK (raises EselyError for an update)."""
    for t in tokens(unescape(text)):
        word = t.text.upper()
        if t.kind == "word" and word in QUERY_FORMS:
            return word
        if t.kind == "word" and word in UPDATE_WORDS:
            raise EselyError(UPDATES_REFUSED)
    return ""


def service_targets(text: str) -> list[str | None]:
    """The IRIs a query's SERVICE clauses call (None for a variable, which can call anything)."""
    toks = tokens(unescape(text))
    prefixes = declared_prefixes(toks)
    out: list[str | None] = []
    for i, t in enumerate(toks):
        if t.kind != "word" or t.text.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "SILENT":
            j += 1
        target = toks[j] if j < len(toks) else None
        if target is not None and target.kind == "iri":
            out.append(target.text[1:-1])
        elif target is not None and target.kind == "pname":
            prefix, _, local = target.text.partition(":")
            out.append(prefixes.get(prefix, "") + local)
        else:
            out.append(None)
    return out


def check_service(text: str, allowed_hosts: frozenset[str] | set[str]) -> None:
    """Refuse a SERVICE call to a host not on the allow-list (empty by default: none allowed)."""
    for iri in service_targets(text):
        host = (urlsplit(iri).hostname or "") if iri else ""
        if not iri or host.lower() not in allowed_hosts:
            shown = f"<{iri}>" if iri else "a variable"
            raise EselyError(f"SERVICE {shown} is not allowed here (hosts allowed: "
                             f"{', '.join(sorted(allowed_hosts)) or 'none'}; a SERVICE hívás nem engedélyezett)")


# Variables a named query starts from (``queries.ANCHORS``): bound, they are written into the text as the
# term itself, everywhere the query names them (sub-queries too), so Oxigraph's planner sees a constant
# and starts from that node's index entries; pyoxigraph's substitutions would not do (they are applied
# after planning, and only to variables the query projects).
ANCHOR_VARIABLES = frozenset({"municipality_iri"})


# A county (``?county``, a literal) anchors the town: every group pattern that joins ``?municipality_iri``
# gets the pattern ``?municipality_iri esely:settlement/esely:county "…"`` written in, so the engine starts
# from the county's towns; ?county stays a binding too (each row's county column is checked as before).
COUNTY_VARIABLE, TOWN_VARIABLE = "county", "municipality_iri"
COUNTY_PATH = "<https://w3id.org/esely/ontology#settlement>/<https://w3id.org/esely/ontology#county>"


def anchored(text: str, bindings: dict | None) -> tuple[str, dict]:
    """(the text with the anchor variables' terms written in, the other bindings)."""
    bindings = dict(bindings or {})
    anchors = {k: v for k, v in bindings.items() if getattr(k, "value", k) in ANCHOR_VARIABLES}
    county = next((v for k, v in bindings.items() if getattr(k, "value", k) == COUNTY_VARIABLE), None)
    if county is not None:
        text = county_first(text, str(county))
    if not anchors:
        return text, bindings
    return substitute(text, anchors), {k: v for k, v in bindings.items() if k not in anchors}


def county_first(text: str, county_term: str) -> str:
    """Write ``?municipality_iri esely:settlement/esely:county TERM .`` at the start of every group pattern
    that names ``?municipality_iri`` itself (not only in a nested group, not in an expression): the town's
    own groups and sub-queries. Groups of OPTIONAL, MINUS and (NOT) EXISTS are left as they are (their
    town is the outer one), and so are the groups around a sub-select and VALUES data blocks."""
    toks = tokens(text)
    var = "?" + TOWN_VARIABLE
    opened: list[tuple[int, bool]] = []  # per open group: (the offset of its "{", whether it takes the pattern)
    wanted: set[int] = set()
    parens, prev = 0, ""
    for i, t in enumerate(toks):
        if t.text == "{":
            nxt = toks[i + 1].text.upper() if i + 1 < len(toks) else ""
            opened.append((t.start, prev not in ("OPTIONAL", "MINUS", "EXISTS", "VALUES") and nxt != "SELECT"))
        elif t.text == "}" and opened:
            opened.pop()
        elif t.text == "(":
            parens += 1
        elif t.text == ")":
            parens = max(parens - 1, 0)
        elif t.kind == "var" and t.text == var and opened and opened[-1][1] and parens == 0:
            wanted.add(opened[-1][0])
        if t.kind == "word":
            prev = t.text.upper()
        elif not (prev == "VALUES" and (t.kind == "var" or t.text in ("(", ")"))):
            prev = t.text  # VALUES ?v { … } and VALUES (?a ?b) { … }: the data block follows the variables
    pattern = f" {var} {COUNTY_PATH} {county_term} . "
    for start in sorted(wanted, reverse=True):
        text = text[:start + 1] + pattern + text[start + 1:]
    return text


def substitute(text: str, bindings: dict) -> str:
    """Bind variables to RDF terms in the query text, for endpoints without SEP-0007 substitutions.

    A variable in the SELECT clause becomes ``(TERM AS ?v)`` so it is still projected (in a sub-select
    ``(TERM AS ?v_boundN)``: the outer query reads the term, not the column); in a GROUP BY
    or ORDER BY list it becomes ``(TERM)`` (a bracketed expression, the only form a constant may take
    there); anywhere else it becomes the term itself. Terms are pyoxigraph terms, written as N-Triples by pyoxigraph
    (escaped, so a value cannot break out of its literal).
    """
    if not bindings:
        return text
    names = {getattr(k, "value", k): str(v) for k, v in bindings.items()}
    # A variable the query assigns itself (BIND … AS ?v) cannot be replaced by a term: it is joined
    # with a VALUES block at the start of the query's WHERE group instead (same solutions).
    assigned = {n for n in names if re.search(r"\bAS\s+\?" + re.escape(n) + r"\b", text, re.IGNORECASE)}
    if assigned:
        text = _values_first(text, {n: names.pop(n) for n in sorted(assigned)})
        if not names:
            return text
    out, pos, in_select, in_modifier, last_word, selects = [], 0, False, False, "", 0
    for t in tokens(text):
        upper = t.text.upper() if t.kind == "word" else ""
        if upper == "SELECT":
            in_select, selects = True, selects + 1
        elif in_select and (upper in ("WHERE", "FROM") or t.text == "{"):
            in_select = False
        if upper == "BY" and last_word in ("GROUP", "ORDER"):
            in_modifier = True
        elif upper in ("HAVING", "LIMIT", "OFFSET", "VALUES", "ORDER", "SELECT") or t.text in ("{", "}"):
            in_modifier = False
        if upper:
            last_word = upper
        if t.kind != "var" or t.text[1:] not in names:
            continue
        term = names[t.text[1:]]
        previous = _previous_word(text, t.start)
        if previous == "AS":
            raise EselyError(f"parameter {t.text} is assigned inside the query; it cannot be bound")
        out.append(text[pos:t.start])
        if in_select and not _inside_parens(text, t.start):
            # a sub-select's column gets a name of its own: every use of the variable is the term now, and
            # a second ``AS ?v`` where a nested sub-select already binds ?v would be an error
            out.append(f"({term} AS {t.text})" if selects == 1 else f"({term} AS {t.text}_bound{selects})")
        elif in_modifier and not _inside_parens(text, t.start, ("GROUP", "ORDER")):
            out.append(f"({term})")
        else:
            out.append(term)
        pos = t.start + len(t.text)
    out.append(text[pos:])
    return "".join(out)


def _values_first(text: str, values: dict[str, str]) -> str:
    """``WHERE { P }`` becomes ``WHERE { VALUES (?a ?b) { (A B) } { P } }``: the parameters joined with
    the whole group, whose own BINDs of those variables stay legal inside the inner braces."""
    toks = tokens(text)
    has_where = any(t.kind == "word" and t.text.upper() == "WHERE" for t in toks)
    for i, t in enumerate(toks):
        if t.text == "{" and ((i > 0 and toks[i - 1].text.upper() == "WHERE") or (not has_where and _first_brace(toks, i))):
            depth = 0
            for u in toks[i:]:
                depth += (u.text == "{") - (u.text == "}")
                if depth == 0:
                    block = (" VALUES (" + " ".join(f"?{n}" for n in values) + ") { ("
                             + " ".join(values.values()) + ") } {")
                    return text[:t.start + 1] + block + text[t.start + 1:u.start] + "} " + text[u.start:]
    raise EselyError("the query has no WHERE group to bind its parameters in")


def _first_brace(toks, i: int) -> bool:
    """The first brace of a SELECT/ASK/CONSTRUCT without the optional WHERE keyword."""
    return not any(t.text == "{" for t in toks[:i])


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"(\w+)\s*$", text[:start])
    return m.group(1).upper() if m else ""


def _inside_parens(text: str, start: int, keywords=("SELECT",)) -> bool:
    head = text[:start]
    select_at = max(max(head.upper().rfind(k) for k in keywords), 0)
    clause = head[select_at:]
    return clause.count("(") > clause.count(")")
