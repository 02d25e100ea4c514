/* Roznama's sehri and iftar widget: <script src="{{ base }}/ramadan/widget.js" data-city="Lahore" data-lang="en" async></script> */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var city = script.getAttribute("data-city") || "";
  var lang = script.getAttribute("data-lang") === "ur" ? "ur" : "en";
  var frame = document.createElement("iframe");
  frame.src = "{{ base }}/ramadan/embed/?lang=" + lang + (city ? "&city=" + encodeURIComponent(city) : "");
  frame.title = lang === "ur" ? "سحری و افطار" : "Sehri and iftar";
  frame.width = script.getAttribute("data-width") || "100%";
  frame.height = script.getAttribute("data-height") || "190";
  frame.style.border = "0";
  frame.setAttribute("loading", "lazy");
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
