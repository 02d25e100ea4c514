// The breaking line on every page: a tiny cached JSON, fetched by this script, so pages stay
// cacheable however often the line changes.  Screen readers hear it politely (aria-live).
(function () {
  "use strict";
  var slot = document.querySelector("[data-breaking-ticker]");
  if (!slot || !window.fetch) { return; }
  var lang = document.documentElement.lang === "ur" ? "ur" : "en";
  var box = slot.querySelector("[data-breaking-box]");
  var text = slot.querySelector("[data-breaking-text]");
  var shown = null;

  function render(payload) {
    var line = payload && payload.line;
    if (line && new Date(line.expires) <= new Date()) { line = null; }
    var key = line ? line.id + ":" + line[lang].text + ":" + line[lang].url : null;
    if (key === shown) { return; }
    shown = key;
    text.textContent = "";
    if (!line) { box.hidden = true; return; }
    var words = line[lang];
    var node = document.createTextNode(words.text);
    if (words.url) {
      var a = document.createElement("a");
      a.href = words.url;
      a.appendChild(node);
      node = a;
    }
    text.appendChild(node);
    box.hidden = false;
  }

  function load() {
    fetch(slot.dataset.tickerUrl, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (payload) { if (payload) { render(payload); } })
      .catch(function () {});
  }

  load();
  setInterval(function () { if (!document.hidden) { load(); } },
              (parseInt(slot.dataset.pollSeconds, 10) || 30) * 1000);
})();
