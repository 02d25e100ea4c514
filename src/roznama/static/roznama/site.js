/* Lazy ad slots: a slot's content waits in a <template> until the slot nears the viewport.
   The slot's box already has its final size (aspect-ratio), so nothing shifts when it fills. */
(function () {
  "use strict";
  function fill(box) {
    if (box.dataset.loaded) return;
    var tpl = box.querySelector("template");
    if (!tpl) return;
    box.dataset.loaded = "1";
    var fragment = tpl.content.cloneNode(true);
    // Scripts cloned from a template do not run; recreate them so ad-server code executes.
    fragment.querySelectorAll("script").forEach(function (old) {
      var s = document.createElement("script");
      Array.prototype.forEach.call(old.attributes, function (a) { s.setAttribute(a.name, a.value); });
      s.text = old.text;
      old.replaceWith(s);
    });
    box.appendChild(fragment);
  }
  function init() {
    var boxes = document.querySelectorAll("[data-lazy-ad]");
    if (!("IntersectionObserver" in window)) { boxes.forEach(fill); return; }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { fill(e.target); io.unobserve(e.target); } });
    }, { rootMargin: "200px 0px" });
    boxes.forEach(function (b) { io.observe(b); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

/* Most read: an article page counts one read once it has been in view for a few seconds (a
   reader, not a tab opened and left), with a beacon that the cached page does not wait for. */
(function () {
  "use strict";
  var READ_AFTER_MS = 3000;
  function init() {
    var story = document.querySelector("[data-read-beacon]");
    if (!story || !navigator.sendBeacon) return;
    var timer = null, sent = false;
    function send() {
      if (sent) return;
      sent = true;
      navigator.sendBeacon(story.dataset.readBeacon, story.dataset.article);  // text/plain
    }
    function watch() {
      if (document.visibilityState === "visible") { if (!timer) timer = setTimeout(send, READ_AFTER_MS); }
      else if (timer) { clearTimeout(timer); timer = null; }
    }
    document.addEventListener("visibilitychange", watch);
    watch();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
