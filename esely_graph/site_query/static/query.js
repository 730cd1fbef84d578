// The query page: load a graph into Oxigraph (WebAssembly) and run named or own SPARQL in the browser.
import init, * as ox from "./oxigraph/web.js";
import { ANY, bindParams, explainError } from "./bind.js";

const CONFIG = JSON.parse(document.getElementById("config").textContent);
const L = (hu, en) => (CONFIG.lang === "hu" ? hu : en);
// Errors in both languages: the reader may not be the one the page was written for.
const BOTH = (hu, en) => `${hu}\n${en}`;
const $ = (id) => document.getElementById(id);
const SHOWN_ROWS = 5000;
// Project prefixes on the query's first line, so line numbers in errors stay the user's.
const PROLOGUE = Object.entries(CONFIG.prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join(" ") + " ";
let store = null;
let yasqe = null;
let csvUrl = null;

function status(text, state) {
  $("status").textContent = text;
  $("status").dataset.state = state;
}

function getText() {
  return yasqe ? yasqe.getValue() : $("query-text").value;
}

function setText(text) {
  if (yasqe) yasqe.setValue(text);
  else $("query-text").value = text;
}

function currentQuery() {
  return CONFIG.queries.find((q) => q.name === $("named").value) || null;
}

async function loadGraph() {
  const g = CONFIG.graphs.find((x) => x.id === $("graph").value) || CONFIG.graphs[0];
  status(L("A gráf betöltése …", "Loading the graph …"), "loading");
  store = null;
  const resp = await fetch(new URL(g.file, import.meta.url));
  if (!resp.ok) throw new Error(`${g.file}: HTTP ${resp.status}`);
  const s = new ox.Store();
  s.load(await resp.text(), { format: "text/turtle" });
  store = s;
  status(L(`Betöltve: ${s.size} hármas.`, `Loaded: ${s.size} triples.`), "ready");
}

function showParams() {
  const q = currentQuery();
  $("answers").textContent = q ? q.answers : "";
  const box = $("params");
  box.replaceChildren();
  for (const p of q ? q.params : []) {
    const label = document.createElement("label");
    label.textContent = `${p.name} (${p.type}) `;
    const offered = CONFIG.choices[p.name];
    const input = document.createElement(offered && p.default === ANY ? "select" : "input");
    if (input.tagName === "SELECT") {
      input.add(new Option(L("— mind —", "— any —"), ANY));
      for (const v of offered) input.add(new Option(v, v));
    } else {
      input.placeholder = p.default || "";
    }
    input.name = p.name;
    input.id = `param-${p.name}`;
    input.title = p.doc;
    label.append(input, ` ${p.doc}`);
    box.append(label);
  }
}

// A measure code (I/2) of trace's node must name exactly one measure (else an error listing the candidates), as
// `address.resolve_params` checks; the code stays as written: the query narrows by municipality and document.
function resolveNode(values) {
  const code = (values.node || "").trim();
  if (!code || code.includes("://")) return values;
  const json = JSON.parse(store.query(PROLOGUE + bindParams(ox, CONFIG.candidates, [{ name: "code", type: "string" }],
    { code }, BOTH), { results_format: "application/sparql-results+json" }));
  const muni = values.municipality && values.municipality !== ANY ? values.municipality : null;
  const doc = values.document && values.document !== ANY ? values.document : null;
  const found = json.results.bindings.filter((b) => (!muni || b.municipality.value === muni)
                                                  && (!doc || b.document.value === doc));
  if (found.length === 1) return values;
  if (!found.length) throw new Error(BOTH(`Nincs ${code} kódú intézkedés.`, `No measure with code '${code}'.`));
  const listed = found.map((b) => `${b.measure.value} (${b.municipality.value}, ${b.document.value})`).join("; ");
  throw new Error(BOTH(`A(z) ${code} kód nem egyértelmű: adja meg a települést vagy a dokumentumot.`,
                       `'${code}' is ambiguous: give the municipality or the document.`) + `\n${listed}`);
}

function csvCell(v) {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function clearOutput() {
  $("error").hidden = true;
  $("graph-result").hidden = true;
  $("results").replaceChildren();
  $("csv").hidden = true;
  if (csvUrl) URL.revokeObjectURL(csvUrl);
  $("result-info").dataset.state = "running";
}

function done(info, state) {
  $("result-info").textContent = info;
  $("result-info").dataset.state = state;
}

function showTable(vars, bindings, ms) {
  const table = $("results");
  const head = document.createElement("thead");
  const hr = head.insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    hr.append(th);
  }
  const body = document.createElement("tbody");
  const csv = [vars.map(csvCell).join(",")];
  bindings.forEach((b, i) => {
    const vals = vars.map((v) => (b[v] ? b[v].value : ""));
    csv.push(vals.map(csvCell).join(","));
    if (i >= SHOWN_ROWS) return;
    const tr = body.insertRow();
    for (const val of vals) tr.insertCell().textContent = val;
  });
  table.append(head, body);
  csvUrl = URL.createObjectURL(new Blob([csv.join("\n") + "\n"], { type: "text/csv" }));
  $("csv").href = csvUrl;
  $("csv").hidden = false;
  const more = bindings.length > SHOWN_ROWS
    ? L(` (az első ${SHOWN_ROWS} látszik, a CSV mindet tartalmazza)`, ` (first ${SHOWN_ROWS} shown; the CSV has all)`) : "";
  done(L(`${bindings.length} sor, ${ms} ms`, `${bindings.length} rows, ${ms} ms`) + more, "done");
}

function run() {
  clearOutput();
  if (!store) {
    done(L("A gráf még nem töltődött be.", "The graph has not loaded yet."), "error");
    return;
  }
  const text = getText();
  const q = currentQuery();
  const values = Object.fromEntries([...$("params").querySelectorAll("input, select")].map((i) => [i.name, i.value]));
  let full;
  try {
    const given = q && q.params.some((p) => p.name === "node") ? resolveNode(values) : values;
    full = PROLOGUE + bindParams(ox, text, q ? q.params : [], given, BOTH);
  } catch (e) {
    return fail(e.message);
  }
  const t0 = performance.now();
  try {
    let out;
    try {
      out = store.query(full, { results_format: "application/sparql-results+json" });
    } catch (e) {
      if (!/Not supported RDF format/.test(String(e.message || e))) throw e;
      out = null;
    }
    const ms = Math.round(performance.now() - t0);
    if (out === null) {
      const nt = store.query(full, { results_format: "application/n-triples" });
      $("graph-result").textContent = nt;
      $("graph-result").hidden = false;
      done(L(`${nt.split("\n").filter(Boolean).length} hármas, ${ms} ms`, `${nt.split("\n").filter(Boolean).length} triples, ${ms} ms`), "done");
      return;
    }
    const json = JSON.parse(out);
    if ("boolean" in json) return done(json.boolean ? L("igaz", "true") : L("hamis", "false"), "done");
    showTable(json.head.vars, json.results.bindings, ms);
  } catch (e) {
    fail(explainError(String(e.message || e), text, PROLOGUE.length));
  }
}

function fail(message) {
  $("error").textContent = message;
  $("error").hidden = false;
  done(L("Hiba.", "Error."), "error");
}

async function main() {
  await init();
  $("file-notice").hidden = true;
  $("workbench").hidden = false;
  const url = new URL(window.location.href);
  if (url.searchParams.get("m")) $("graph").value = url.searchParams.get("m");
  if (url.searchParams.get("q")) $("named").value = url.searchParams.get("q");
  if (window.Yasqe) {
    $("query-text").remove();
    yasqe = new window.Yasqe($("editor"), {
      value: "", persistenceId: null, autocompleters: ["variables"], createShareableLink: null,
      resizeable: true, editorHeight: "320px", requestConfig: { endpoint: "" },
    });
    yasqe.query = async () => run(); // the editor's run button and Ctrl+Enter run here, not over HTTP
  } else {
    $("query-text").addEventListener("keydown", (ev) => { if (ev.ctrlKey && ev.key === "Enter") run(); });
  }
  const pick = () => {
    const q = currentQuery();
    setText(q ? q.text : "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)\n");
    showParams();
  };
  pick();
  $("named").addEventListener("change", () => { pick(); run(); });
  $("graph").addEventListener("change", () => loadGraph().then(run, (e) => status(String(e.message || e), "error")));
  $("run").addEventListener("click", run);
  await loadGraph();
  if (url.searchParams.get("q")) run();
}

main().catch((e) => {
  $("workbench").hidden = false;
  status(L(`Nem sikerült elindítani: ${e.message || e}`, `Could not start: ${e.message || e}`), "error");
});
