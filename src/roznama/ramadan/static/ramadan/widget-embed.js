/* The embeddable widget's countdown; its data is the page's #widget-data block. */
(function () {
  var data = JSON.parse(document.getElementById("widget-data").textContent);
  var offset = data.clock_offset_ms || 0, digits = data.digits;
  function d(t) { return String(t).replace(/[0-9]/g, function (c) { return digits.charAt(+c); }); }
  function p(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = Date.now() + offset, seg = null;
    for (var i = 0; i < data.segments.length; i++) { var s = data.segments[i]; if (s.start_ms <= now && now < s.end_ms) { seg = s; break; } }
    if (!seg) { location.reload(); return; }
    document.querySelector("[data-w-heading]").textContent = seg.heading || data.city.display_name;
    var items = document.querySelector("[data-w-items]"); items.textContent = "";
    seg.items.slice(0, 1).forEach(function (it) { var li = document.createElement("li"); li.textContent = it.name + " " + it.time; items.appendChild(li); });
    document.querySelector("[data-w-label]").textContent = seg.target_label || "";
    var c = document.querySelector("[data-w-count]");
    if (seg.target_ms) { var s2 = Math.max(0, Math.floor((seg.target_ms - now) / 1000)); c.textContent = d(p(Math.floor(s2 / 3600)) + ":" + p(Math.floor(s2 / 60) % 60) + ":" + p(s2 % 60)); } else { c.textContent = ""; }
  }
  tick(); setInterval(tick, 1000);
})();
