// The next prayer's countdown on a city's prayer-times page.  The page carries today's and
// tomorrow's prayers as instants (#pt-schedule); the browser picks the first that lies ahead
// of its own clock, so a copy of the page from the cache still counts down to the right one.
(function () {
  "use strict";
  var box = document.querySelector("[data-prayer-countdown]");
  var data = document.getElementById("pt-schedule");
  if (!box || !data) return;
  var schedule;
  try { schedule = JSON.parse(data.textContent); } catch (e) { return; }
  var urdu = box.getAttribute("data-lang") === "ur";
  var names = {};
  var template = document.getElementById("pt-names");
  if (template && template.content) {
    template.content.querySelectorAll("[data-name]").forEach(function (el) {
      names[el.getAttribute("data-name")] = el.textContent;
    });
  }
  var digits = "۰۱۲۳۴۵۶۷۸۹";
  function local(text) {
    return urdu ? text.replace(/[0-9]/g, function (d) { return digits[+d]; }) : text;
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  var nameEl = box.querySelector("[data-next-name]");
  var inEl = box.querySelector("[data-next-in]");
  function tick() {
    var now = Date.now();
    var next = null;
    for (var i = 0; i < schedule.length; i++) {
      var at = Date.parse(schedule[i].at);
      if (at > now) { next = { name: schedule[i].name, at: at }; break; }
    }
    if (!next) { box.hidden = true; return; }
    var seconds = Math.floor((next.at - now) / 1000);
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    nameEl.textContent = names[next.name] || next.name;
    inEl.textContent = (names["in"] || "in") + " " + local(h + ":" + two(m) + ":" + two(s));
    box.setAttribute("data-next", next.name);
    document.querySelectorAll(".pt-today [data-prayer]").forEach(function (el) {
      el.classList.toggle("pt-time--next", el.getAttribute("data-prayer") === next.name);
    });
    box.hidden = false;
  }
  tick();
  window.setInterval(tick, 1000);
})();
