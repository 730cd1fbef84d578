// Parameters of a named query bound as RDF terms, and SPARQL errors people can read.
//
// Oxigraph's JavaScript API has no substitutions argument, so a parameter is joined in as inline data:
// a one-row `VALUES (?p …) { (term …) }` block opens every group pattern of the query (not the VALUES data
// blocks, not a CONSTRUCT template, not the group around a sub-select). Each group, and so each FILTER,
// OPTIONAL, UNION branch and sub-query, then sees the variable bound to that term, as Oxigraph's substitutions
// (SEP-0007) do; a `BIND (… AS ?p)` of a bound ?p becomes the check Oxigraph makes. The term is made by
// Oxigraph's own term constructors (`literal`, `namedNode`), which escape it: a value is never pasted as text.

const TOKEN = /"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*|\s+|[A-Za-z_][\w-]*|./gy;
const XSD = "http://www.w3.org/2001/XMLSchema#";
export const ANY = "any";
// As `queries.ANCHORS`: a municipality given as its IRI binds ?municipality_iri, the node every named query
// joins its town on (the page offers labels, which bind ?municipality: the same rows).
export const ANCHORS = { municipality: "municipality_iri" };
const IRI_VALUE = /^https?:\/\/\S+$/;

export function tokens(text) {
  const out = [];
  TOKEN.lastIndex = 0;
  let m;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text)) !== null) out.push(m[0]);
  return out;
}

const significant = (tok) => !/^\s+$/.test(tok) && !tok.startsWith("#");

function nextSignificant(toks, i) {
  for (let j = i + 1; j < toks.length; j++) if (significant(toks[j])) return j;
  return -1;
}

// The index of the ")" closing the "(" at toks[open].
function closing(toks, open) {
  let depth = 0;
  for (let j = open; j < toks.length; j++) {
    if (toks[j] === "(") depth++;
    else if (toks[j] === ")" && --depth === 0) return j;
  }
  return -1;
}

// `BIND (expr AS ?p)` of a bound ?p -> `FILTER (COALESCE(sameTerm((expr), ?p), true))`: as with Oxigraph's
// substitutions, a row is kept when expr gives the bound value (or no value at all).
function bindAsFilter(toks, i, names) {
  const open = nextSignificant(toks, i);
  if (open < 0 || toks[open] !== "(") return null;
  const close = closing(toks, open);
  const inner = [];
  for (let j = open + 1; j < close; j++) if (significant(toks[j])) inner.push(j);
  const n = inner.length;
  if (n < 4 || toks[inner[n - 3]].toUpperCase() !== "AS" || !["?", "$"].includes(toks[inner[n - 2]])
      || !names.includes(toks[inner[n - 1]])) return null;
  const expr = toks.slice(open + 1, inner[n - 3]).join("");
  return { end: close, text: `FILTER (COALESCE(sameTerm((${expr}), ?${toks[inner[n - 1]]}), true))` };
}

// Insert `block` after the `{` of every group pattern, and turn BINDs of the bound variables into checks.
export function joinEveryGroup(text, block, names = []) {
  const toks = tokens(text);
  let afterValues = false, afterConstruct = false, prev = "";
  const out = [];
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (!significant(tok)) { out.push(tok); continue; }
    const word = /^[A-Za-z_]/.test(tok) && !["?", "$", ":"].includes(prev) ? tok.toUpperCase() : "";
    if (word === "BIND") {
      const rewritten = bindAsFilter(toks, i, names);
      if (rewritten) {
        out.push(rewritten.text);
        i = rewritten.end;
        prev = ")";
        continue;
      }
    }
    out.push(tok);
    if (word === "VALUES") afterValues = true;
    else if (word === "CONSTRUCT") afterConstruct = true;
    else if (word === "WHERE") afterConstruct = false;
    else if (tok === "{") {
      const next = nextSignificant(toks, i);
      if (afterValues) afterValues = false;           // VALUES data block
      else if (afterConstruct) afterConstruct = false; // CONSTRUCT template
      else if (next < 0 || toks[next].toUpperCase() !== "SELECT") out.push(" " + block + " "); // not a sub-select's group
    }
    prev = tok;
  }
  return out.join("");
}

export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// The RDF term for a parameter value, checked as `queries.to_term` checks it; throws a readable Error.
export function toTerm(ox, param, raw, L) {
  if (param.type === "date") {
    const value = raw === "today" ? today() : raw;
    const d = new Date(value + "T00:00:00Z");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || isNaN(d) || d.toISOString().slice(0, 10) !== value) {
      throw new Error(L(`${param.name}: „${raw}” nem dátum; ÉÉÉÉ-HH-NN alakban adja meg`,
                        `${param.name}: '${raw}' is not a date; expected YYYY-MM-DD`));
    }
    return ox.literal(value, ox.namedNode(XSD + "date"));
  }
  if (param.type === "integer") {
    if (!/^-?\d+$/.test(raw)) throw new Error(L(`${param.name}: „${raw}” nem egész szám`, `${param.name}: '${raw}' is not an integer`));
    return ox.literal(raw, ox.namedNode(XSD + "integer"));
  }
  if (param.type === "iri") {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(raw)) throw new Error(L(`${param.name}: „${raw}” nem IRI`, `${param.name}: '${raw}' is not an IRI`));
    return ox.namedNode(raw);
  }
  return ox.literal(raw);
}

export function bindParams(ox, text, params, values, L) {
  const bound = [], terms = [];
  for (const p of params) {
    const raw = (values[p.name] ?? "").trim() || p.default;
    if (raw === ANY) continue; // an optional parameter left unbound, as `queries.bind_params` does
    if (!raw) throw new Error(L(`Adja meg a(z) ${p.name} paramétert (${p.type}).`, `Give the parameter ${p.name} (${p.type}).`));
    if (ANCHORS[p.name] && IRI_VALUE.test(raw)) {
      bound.push(ANCHORS[p.name]);
      terms.push(ox.namedNode(raw).toString());
      continue;
    }
    bound.push(p.name);
    terms.push(toTerm(ox, p, raw, L).toString());
  }
  if (!bound.length) return text;
  const block = `VALUES (${bound.map((n) => "?" + n).join(" ")}) { (${terms.join(" ")}) }`;
  return joinEveryGroup(text, block, bound);
}

// "error at L:C: expected …" -> the line, the column and a caret under the query text, in Hungarian and English.
export function explainError(message, text, shift) {
  const update = /^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b/i;
  const body = text.replace(/#[^\n]*/g, "").replace(/^\s*((PREFIX|BASE)\s[^\n]*\n?)*/i, "");
  if (update.test(body)) {
    return "Ez az oldal csak olvas: módosító (UPDATE) lekérdezést nem futtat.\nThis page only reads: updates are not accepted.";
  }
  const m = /error at (\d+):(\d+):\s*([\s\S]*)/.exec(message);
  if (!m) return message;
  const line = Number(m[1]);
  const col = Math.max(1, Number(m[2]) - (line === 1 ? shift : 0));
  const src = text.split("\n")[line - 1] ?? "";
  let hu = m[3], en = m[3];
  if (/Prefix not found/.test(m[3])) {
    const pn = /([A-Za-z][\w.-]*):[^\s:]*\s*$/.exec(src.slice(0, col)) || /([A-Za-z][\w.-]*):/.exec(src.slice(col - 1));
    const name = pn ? pn[1] + ":" : "";
    [hu, en] = [`nem deklarált előtag: ${name}`, `undeclared prefix: ${name}`];
  } else if (m[3].length > 120 || m[3].includes("\\u{")) {
    [hu, en] = ["itt nem ez várható", "unexpected text here"];
  }
  return `Szintaktikai hiba a(z) ${line}. sor ${col}. oszlopában: ${hu}\nSyntax error at line ${line}, column ${col}: ${en}\n` +
    `${src}\n${" ".repeat(col - 1)}^`;
}
