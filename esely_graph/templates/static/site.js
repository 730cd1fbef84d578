// esely-graph site: language toggle and offline, accent-insensitive search (no network requests).
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setLang(lang) {
    document.documentElement.classList.toggle("en", lang === "en");
    document.documentElement.lang = lang;
    var b = document.getElementById("lang-toggle");
    if (b) b.setAttribute("aria-pressed", lang === "en" ? "true" : "false");
    try { localStorage.setItem("esely-lang", lang); } catch (e) { /* file:// may forbid storage */ }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var saved = null;
    try { saved = localStorage.getItem("esely-lang"); } catch (e) { saved = null; }
    if (saved) setLang(saved);
    var b = document.getElementById("lang-toggle");
    if (b) b.addEventListener("click", function () {
      setLang(document.documentElement.classList.contains("en") ? "hu" : "en");
    });
    var list = document.getElementById("results");
    if (!list || !window.ESELY_SEARCH) return;
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var box = document.getElementById("q2");
    if (box) box.value = q;
    var words = fold(q).split(/\s+/).filter(Boolean);
    var hits = words.length ? window.ESELY_SEARCH.filter(function (row) {
      return words.every(function (w) { return row[1].indexOf(w) !== -1; });
    }) : [];
    document.getElementById("result-count").textContent = hits.length + " / " + window.ESELY_SEARCH.length;
    hits.slice(0, 200).forEach(function (row) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = row[2];
      a.textContent = row[0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + row[3] + ")"));
      list.appendChild(li);
    });
  });
})();
