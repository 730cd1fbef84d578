// esely-graph site: sortable and filterable tables with a CSV of the rows shown, offline search (lunr.js),
// a copy button for IRIs. Progressive: every page reads fully without this file; nothing here goes to a network.
(function () {
  "use strict";
  var HU = document.documentElement.lang === "hu";
  var T = HU ? { filter: "Szűrés a táblázatban", shown: " / ", sortAsc: "növekvő", sortDesc: "csökkenő",
                 copy: "Másolás", copied: "Kimásolva", none: "Nincs találat.", rows: " sor látható" }
             : { filter: "Filter the table", shown: " / ", sortAsc: "ascending", sortDesc: "descending",
                 copy: "Copy", copied: "Copied", none: "No results.", rows: " rows shown" };

  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function cellKey(td) {
    return td.getAttribute("data-sort") || td.textContent.trim();
  }

  function enhanceTable(table, n) {
    var tbody = table.tBodies[0];
    if (!tbody) return;
    var rows = Array.prototype.slice.call(tbody.rows);
    var status = document.createElement("p");
    status.className = "table-status";
    status.setAttribute("aria-live", "polite");
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "filter-" + n;
    label.htmlFor = input.id;
    label.textContent = T.filter + " ";
    var tools = document.createElement("div");
    tools.className = "table-tools";
    tools.appendChild(label);
    tools.appendChild(input);
    tools.appendChild(status);
    var region = table.closest(".wrap") || table;
    region.parentNode.insertBefore(tools, region);
    function update() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (tr) {
        var text = fold(tr.textContent);
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        tr.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = shown + T.shown + rows.length + T.rows;
    }
    input.addEventListener("input", update);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = cellKey(a.cells[col]), y = cellKey(b.cells[col]);
          var r = x.localeCompare(y, "hu", { numeric: true });
          return asc ? r : -r;
        });
        rows.forEach(function (tr) { tbody.appendChild(tr); });
      });
    });
    var link = document.querySelector('a.csv[data-table="' + table.id + '"]');
    if (link) link.addEventListener("click", function (ev) {
      ev.preventDefault();
      var lines = [];
      var head = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
      lines.push(head);
      rows.forEach(function (tr) {
        if (!tr.hidden) lines.push(Array.prototype.map.call(tr.cells, function (c) { return c.textContent.trim(); }));
      });
      var csv = "\ufeff" + lines.map(function (cells) {
        return cells.map(function (v) {
          if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;  // a spreadsheet must not run a cell as a formula
          return '"' + v.replace(/"/g, '""') + '"';
        }).join(",");
      }).join("\r\n") + "\r\n";
      var a = document.createElement("a");
      a.href = "data:text/csv;charset=utf-8," + encodeURIComponent(csv);
      a.download = link.getAttribute("href").split("/").pop();
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    update();
  }

  function copyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("code.iri"), function (code) {
      if (!navigator.clipboard) return;
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = T.copy;
      b.addEventListener("click", function () {
        navigator.clipboard.writeText(code.textContent).then(function () { b.textContent = T.copied; });
      });
      code.parentNode.appendChild(document.createTextNode(" "));
      code.parentNode.appendChild(b);
    });
  }

  function search() {
    var list = document.getElementById("results");
    if (!list || !window.lunr || !window.ESELY_INDEX) return;
    var lang = list.getAttribute("data-lang");
    var idx = lunr.Index.load(window.ESELY_INDEX);
    var docs = window.ESELY_DOCS;
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var box = document.getElementById("q");
    if (box) box.value = q;
    var words = fold(q).replace(/[^\w\/.]+/g, " ").split(/\s+/).map(function (w) {
      return w.replace(/^\W+|\W+$/g, "");
    }).filter(Boolean);
    var hits = [];
    if (words.length) {
      try {
        hits = idx.query(function (query) {
          words.forEach(function (w) {
            query.term(w, { presence: lunr.Query.presence.REQUIRED, wildcard: lunr.Query.wildcard.TRAILING });
          });
        });
      } catch (e) { hits = []; }
    }
    document.getElementById("result-count").textContent = hits.length ? hits.length + " / " + docs.length : T.none;
    hits.slice(0, 100).forEach(function (hit) {
      var d = docs[+hit.ref];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d.p;
      a.textContent = (d.c ? d.c + " " : "") + (lang === "en" ? d.te : d.t);
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "meta";
      var kind = d.k[lang === "en" ? 1 : 0];
      meta.textContent = " · " + kind + (d.d ? " · " + d.d[lang === "en" ? 1 : 0] : "") + (d.o ? " · " + d.o : "");
      li.appendChild(meta);
      var body = d.b || "";
      var at = fold(body).indexOf(words[0]);
      if (at !== -1) {
        var p = document.createElement("p");
        p.className = "context";
        p.setAttribute("lang", "hu");
        var from = Math.max(0, at - 60);
        p.textContent = (from ? "…" : "") + body.slice(from, at + 140) + "…";
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.data"), enhanceTable);
    copyButtons();
    search();
  });
})();
