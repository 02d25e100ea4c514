/* The hub's "today" card for the reader's own city (remembered on this device), with a
 * countdown to the next sehri or iftar.  The page itself is the same for every reader. */
(function () {
  "use strict";
  var hub = document.querySelector("[data-ramadan-hub]");
  if (!hub) return;
  var lang = hub.getAttribute("data-lang");
  var offset = parseInt(hub.getAttribute("data-clock-offset") || "0", 10) || 0;
  var endpoint = hub.getAttribute("data-today-endpoint");
  var digits = lang === "ur" ? "۰۱۲۳۴۵۶۷۸۹" : "0123456789";
  var labels = lang === "ur" ? { iftar: "افطار میں", sehri_end: "سحری ختم ہونے میں" } : { iftar: "Iftar in", sehri_end: "Sehri ends in" };
  var target = null;
  function d(t) { return String(t).replace(/[0-9]/g, function (c) { return digits.charAt(+c); }); }
  function p(n) { return (n < 10 ? "0" : "") + n; }
  function hhmm(iso) {
    var m = /T(\d\d):(\d\d)/.exec(iso); var h = +m[1];
    if (lang === "ur") { var part = h >= 4 && h < 12 ? "صبح" : h >= 12 && h < 15 ? "دوپہر" : h >= 15 && h < 20 ? "شام" : "رات"; return d(p(h % 12 || 12) + ":" + m[2]) + " " + part; }
    return p(h % 12 || 12) + ":" + m[2] + " " + (h < 12 ? "AM" : "PM");
  }
  function fill(city) {
    var query = "?city=" + encodeURIComponent(city.key) + (city.tz ? "&tz=" + encodeURIComponent(city.tz) : "");
    ["hanafi", "jafria"].forEach(function (fiqh) {
      fetch(endpoint + query + "&fiqh=" + fiqh).then(function (r) { return r.ok ? r.json() : null; }).then(function (doc) {
        if (!doc) return;
        hub.querySelector("[data-today-" + fiqh + "-sehri]").textContent = hhmm(doc.sehri_end);
        hub.querySelector("[data-today-" + fiqh + "-iftar]").textContent = hhmm(doc.iftar);
        if (fiqh === "hanafi") {
          var name = lang === "ur" && doc.city.name_ur ? doc.city.name_ur : doc.city.name;
          hub.querySelector("[data-today-city]").textContent = name;
          target = { at: Date.parse(doc.next.at), label: labels[doc.next.event] };
        }
      }).catch(function () {});
    });
  }
  function tick() {
    if (!target) return;
    var s = Math.max(0, Math.floor((target.at - Date.now() - offset) / 1000));
    hub.querySelector("[data-hub-countdown-label]").textContent = target.label;
    hub.querySelector("[data-hub-countdown]").textContent = d(p(Math.floor(s / 3600)) + ":" + p(Math.floor(s / 60) % 60) + ":" + p(s % 60));
    if (s === 0) { target = null; window.setTimeout(start, 2000); }
  }
  function start() {
    var stored = window.RoznamaRamadan && window.RoznamaRamadan.readCity ? window.RoznamaRamadan.readCity() : null;
    var explicit = /[?&]city=/.test(window.location.search);
    if (stored && !explicit && stored.key !== hub.getAttribute("data-city-key")) {
      // The month's table is rendered per city on the server (cacheable per city): open the
      // reader's own city's table, as they would by choosing it in the form.
      var params = new URLSearchParams(window.location.search);
      params.set("city", stored.key);
      if (stored.tz) params.set("tz", stored.tz);
      window.location.replace(window.location.pathname + "?" + params.toString() + window.location.hash);
      return;
    }
    fill(stored && !explicit ? stored : { key: hub.getAttribute("data-city-key") });
  }
  document.addEventListener("roznama:ramadan-city", start);
  window.setInterval(tick, 1000);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
