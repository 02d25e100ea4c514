/* The Ramadan strip in the browser: the reader's city (remembered on this device), the
 * state that holds at this moment, and the countdown.
 *
 * The server sends "segments": spans of time with what the strip says during each.  This
 * script only picks the segment that holds its clock (which runs from the server's preview
 * instant when there is one: clock_offset_ms), so a cached page or cached data never shows
 * a wrong state.  It refetches the (small, cacheable) data every minute.
 */
(function () {
  "use strict";
  var STORE = "roznama.ramadan.city";

  function readCity() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "null"); } catch (e) { return null; }
  }
  function saveCity(city) {
    try {
      if (city) window.localStorage.setItem(STORE, JSON.stringify(city));
      else window.localStorage.removeItem(STORE);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
    document.dispatchEvent(new CustomEvent("roznama:ramadan-city", { detail: city }));
  }
  window.RoznamaRamadan = window.RoznamaRamadan || {};
  window.RoznamaRamadan.readCity = readCity;
  window.RoznamaRamadan.saveCity = saveCity;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localDigits(text, digits) {
    if (!digits || digits === "0123456789") return text;
    return String(text).replace(/[0-9]/g, function (d) { return digits.charAt(+d); });
  }
  function countdownText(ms, digits) {
    var s = Math.max(0, Math.floor(ms / 1000));
    return localDigits(pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60), digits);
  }

  function Strip(root) {
    this.root = root;
    this.lang = root.getAttribute("data-lang") || "en";
    this.endpoint = root.getAttribute("data-endpoint");
    this.placesEndpoint = root.getAttribute("data-places");
    this.nearestEndpoint = root.getAttribute("data-nearest");
    this.offset = parseInt(root.getAttribute("data-clock-offset") || "0", 10) || 0;
    this.data = null;
    this.shown = null;
    this.q = function (sel) { return root.querySelector(sel); };
    this.bindPicker();
    if (!this.renameCoordinates()) this.load();
    var self = this;
    window.setInterval(function () { self.render(); }, 1000);
    document.addEventListener("roznama:ramadan-city", function () { self.load(); });
  }

  /* The place nearest a point, as the API names it: {key, name} in the page's language. */
  Strip.prototype.nearest = function (latitude, longitude) {
    var self = this;
    var url = this.nearestEndpoint + "?lat=" + latitude.toFixed(4) + "&lon=" + longitude.toFixed(4);
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data || !data.place) return null;
      var p = data.place;
      return { key: p.key, name: self.lang === "ur" && p.name_ur ? p.name_ur : p.name };
    });
  };

  /* A city remembered as bare coordinates (as "Use my location" once kept it, with the browser's
   * time zone) becomes the place nearest them, so its times are in that place's own zone. */
  Strip.prototype.renameCoordinates = function () {
    var city = readCity();
    if (!city || !/^-?[0-9.]+,-?[0-9.]+$/.test(city.key || "") || !this.nearestEndpoint) return false;
    var parts = city.key.split(","), self = this;
    this.nearest(parseFloat(parts[0]), parseFloat(parts[1])).then(function (place) {
      if (place) saveCity(place); else self.load();
    }).catch(function () { self.load(); });
    return true;
  };

  Strip.prototype.now = function () { return Date.now() + this.offset; };

  Strip.prototype.url = function () {
    var city = readCity();
    var url = this.endpoint + (this.endpoint.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(this.lang);
    if (city && city.key) {
      url += "&city=" + encodeURIComponent(city.key);
      if (city.tz) url += "&tz=" + encodeURIComponent(city.tz);
    }
    return url;
  };

  Strip.prototype.load = function () {
    var self = this;
    window.clearTimeout(this.timer);
    return fetch(this.url(), { credentials: "same-origin" }).then(function (response) {
      if (response.status === 400 && readCity()) { saveCity(null); return null; }
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data) {
        self.data = data;
        self.offset = data.clock_offset_ms || 0;
        self.shown = null;
        self.root.setAttribute("data-city-key", data.city.key);
        self.q("[data-city-name]").textContent = data.city.display_name;
        self.render();
      }
    }).catch(function () { /* offline: keep what is shown */ }).then(function () {
      var wait = (self.data && self.data.refresh_ms) || 60000;
      self.timer = window.setTimeout(function () { self.load(); }, wait);
    });
  };

  Strip.prototype.segment = function () {
    if (!this.data) return null;
    var t = this.now();
    var list = this.data.segments;
    for (var i = 0; i < list.length; i++) {
      if (list[i].start_ms <= t && t < list[i].end_ms) return list[i];
    }
    return null;
  };

  Strip.prototype.render = function () {
    var seg = this.segment();
    if (!seg) {
      if (this.data && !this.loading) { this.loading = true; var self = this; this.load().then(function () { self.loading = false; }); }
      return;
    }
    if (seg !== this.shown) this.draw(seg);
    var clock = this.q("[data-countdown-clock]");
    if (seg.target_ms) clock.textContent = countdownText(seg.target_ms - this.now(), this.data.digits);
  };

  Strip.prototype.draw = function (seg) {
    this.shown = seg;
    var root = this.root;
    root.className = "ramadan-strip ramadan-strip--" + seg.kind;
    root.setAttribute("data-kind", seg.kind);
    root.setAttribute("data-segment-start", seg.start);
    root.hidden = seg.kind === "hidden";
    this.q("[data-strip-heading]").textContent = seg.heading;
    var detail = this.q("[data-strip-detail]");
    detail.textContent = "";
    if (seg.detail) {
      var sep = el("span", "sep", " · "); sep.setAttribute("aria-hidden", "true");
      detail.appendChild(sep); detail.appendChild(document.createTextNode(seg.detail));
    }
    var list = this.q("[data-strip-items]");
    list.textContent = "";
    seg.items.forEach(function (item) {
      var li = el("li", "ramadan-strip__item" + (item.reader ? " is-reader" : ""));
      var s = el("span", "sep", " · "); s.setAttribute("aria-hidden", "true");
      li.appendChild(s);
      li.appendChild(el("span", "name", item.name));
      if (item.code) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("abbr", "code", item.code)); }
      li.appendChild(document.createTextNode(" "));
      var time = el("time", null, item.time); time.setAttribute("datetime", item.at);
      li.appendChild(time);
      // The time is in the city's own zone (never the browser's), and says which zone that is.
      if (item.zone) {
        li.appendChild(document.createTextNode(" "));
        var zone = el("span", "zone", item.zone); zone.setAttribute("data-zone", "");
        li.appendChild(zone);
      }
      list.appendChild(li);
    });
    var countdown = this.q("[data-strip-countdown]");
    countdown.hidden = !seg.target_ms;
    this.q("[data-countdown-label]").textContent = seg.target_label || "";
    this.q("[data-countdown-clock]").setAttribute("data-target", seg.target || "");
  };

  Strip.prototype.bindPicker = function () {
    var self = this;
    var button = this.q("[data-city-button]");
    var picker = this.q("[data-city-picker]");
    var input = this.q("[data-city-search]");
    var results = this.q("[data-city-results]");
    var status = this.q("[data-city-status]");
    var pending = null;
    button.addEventListener("click", function () {
      picker.hidden = !picker.hidden;
      button.setAttribute("aria-expanded", String(!picker.hidden));
      if (!picker.hidden) input.focus();
    });
    function choose(city) {
      saveCity(city);
      picker.hidden = true;
      button.setAttribute("aria-expanded", "false");
      status.textContent = "";
    }
    input.addEventListener("input", function () {
      window.clearTimeout(pending);
      var text = input.value.trim();
      if (!text) { results.textContent = ""; return; }
      pending = window.setTimeout(function () {
        fetch(self.placesEndpoint + "?limit=8&q=" + encodeURIComponent(text)).then(function (r) { return r.json(); })
          .then(function (data) {
            results.textContent = "";
            (data.places || []).forEach(function (p) {
              var li = el("li");
              var b = el("button", "ramadan-strip__result");
              b.type = "button";
              var name = self.lang === "ur" && p.name_ur ? p.name_ur : p.name;
              b.textContent = name + (p.code ? " " + p.code : "") + (p.country && p.country !== "PK" ? " (" + p.country + ")" : "");
              b.setAttribute("data-city-key", p.key);
              b.addEventListener("click", function () { choose({ key: p.key, name: name }); });
              li.appendChild(b);
              results.appendChild(li);
            });
          }).catch(function () {});
      }, 200);
    });
    this.q("[data-geolocate]").addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = "—"; return; }
      status.textContent = "…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        // The nearest named place, never bare coordinates in the browser's zone: its times are
        // then the place's own, in its own zone, whatever zone this device is set to.
        self.nearest(pos.coords.latitude, pos.coords.longitude).then(function (place) {
          if (place) choose(place); else status.textContent = status.getAttribute("data-not-found");
        }).catch(function () { status.textContent = status.getAttribute("data-not-found"); });
      }, function (err) { status.textContent = err.message; }, { maximumAge: 600000, timeout: 15000 });
    });
    this.q("[data-city-reset]").addEventListener("click", function () { choose(null); });
  };

  function start() {
    var roots = document.querySelectorAll("[data-ramadan-strip-root]");
    for (var i = 0; i < roots.length; i++) new Strip(roots[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
