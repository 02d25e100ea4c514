// A live blog's new posts without a reload: the page asks the blog's small cached state
// every few seconds; when a newer post is in, it fetches just the new posts (a URL that
// never changes its answer, so caches keep it) and offers them behind a "new posts" button,
// so nothing moves under the reader's eyes until they ask.
(function () {
  "use strict";
  var stream = document.querySelector("[data-live-stream]");
  if (!stream || !window.fetch) { return; }
  var list = stream.querySelector("[data-live-posts]");
  var button = stream.querySelector("[data-live-new-button]");
  var announce = stream.querySelector("[data-live-announce]");
  var latest = parseInt(stream.dataset.latest, 10) || 0;
  var version = stream.dataset.version;
  var seconds = Math.max(2, parseInt(stream.dataset.pollSeconds, 10) || 5);
  var waiting = null; // fetched posts not shown yet
  var timer = null;

  function label(n) {
    return n === 1 ? stream.dataset.labelOne : stream.dataset.labelMany.replace("{n}", String(n));
  }

  function afterUrl(after, ver) {
    return stream.dataset.afterUrl.replace("{after}", String(after)).replace("{version}", ver);
  }

  function offer(fragment, count) {
    waiting = fragment;
    button.textContent = label(count);
    button.hidden = false;
    announce.textContent = label(count);
  }

  function check() {
    fetch(stream.dataset.stateUrl, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        if (state.latest > latest) {
          var from = latest;
          return fetch(afterUrl(from, state.version), { credentials: "omit" })
            .then(function (r) { return r.ok ? r.text() : null; })
            .then(function (html) {
              if (html === null) { return; }
              var holder = document.createElement("div");
              holder.innerHTML = html;
              var count = holder.querySelectorAll("[data-post-id]").length;
              if (count) {
                offer(holder, count);
                latest = state.latest;
                version = state.version;
              }
            });
        }
        if (!state.open) { stop(); }
      })
      .catch(function () { /* the network will be back: try again at the next tick */ });
  }

  function show() {
    if (!waiting) { return; }
    var empty = list.querySelector("[data-live-empty]");
    if (empty) { empty.remove(); }
    // New posts go above the newest unpinned post: pinned posts stay on top.
    var firstUnpinned = list.querySelector(".live-post:not(.live-post--pinned)");
    var incoming = Array.prototype.slice.call(waiting.querySelectorAll("[data-post-id]"));
    incoming.forEach(function (post) {
      var old = list.querySelector('[data-post-id="' + post.dataset.postId + '"]');
      if (old) { old.remove(); }
      list.insertBefore(post, firstUnpinned);
    });
    waiting = null;
    button.hidden = true;
    announce.textContent = "";
    if (incoming.length) {
      incoming[0].setAttribute("tabindex", "-1");
      incoming[0].focus();
    }
  }

  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
  }

  button.addEventListener("click", show);
  if (stream.dataset.open === "1") {
    timer = setInterval(function () {
      if (!document.hidden) { check(); }
    }, seconds * 1000);
  }
})();
