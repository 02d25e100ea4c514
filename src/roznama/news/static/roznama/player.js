/* Roznama video player: enhances every <figure data-rz-player> holding a <video>.
 *
 * Without JavaScript the video keeps its native `controls`. With it, the native controls make way
 * for an accessible control bar, keyboard shortcuts, a help dialog and captions drawn above the bar.
 * Plain ES2020, no dependencies, no outside requests; running this file twice changes nothing.
 *
 * Every visible word comes from the figure's data-label-* attributes (translated by the server):
 *   required: data-label-play, -pause, -mute, -unmute, -fullscreen, -help, -close, -seek, -volume,
 *             data-help-title, data-help-rows (JSON [[keys, description], ...])
 *   optional: data-label-captions          the captions button (else the help row for "C", else the track's label)
 *             data-label-playing, -paused, -muted, -unmuted, -captions-on, -captions-off
 *                                           what the polite live region says (else the button labels)
 *             data-label-time              the seek slider's aria-valuetext, "{current} of {total}"
 *                                           (else that in English pages, "{current} / {total}" elsewhere)
 *
 * Right-to-left pages: the bar is mirrored (play sits at the right, full screen at the left) but the
 * seek slider is not: time runs left to right in every language, as on a clock face or a tape, so
 * ← always means back and → forward, and the help rows read the same in Urdu. The volume slider
 * follows the seek slider (louder to the right), so the two never disagree.
 *
 * Keys, while focus is anywhere in a player: Space or K play/pause (Space on a focused button presses
 * that button), ←/→ −5/+5 s, J/L −10/+10 s, ↑/↓ volume ±10 %, M mute, F full screen, C captions,
 * 0–9 jump to 0–90 %, Home/End, ? (Shift + /) help. On a focused slider the arrows move that slider.
 * "?" also works anywhere on the page while no text field has focus; it opens the help of the player
 * that is playing, else the one last used, else the first one on screen.
 */
(() => {
  "use strict";

  if (window.RoznamaPlayer) {
    window.RoznamaPlayer.enhanceAll();
    return;
  }

  const instances = new WeakMap();
  const players = [];
  let lastUsed = null;
  let serial = 0;

  const SVG_NS = "http://www.w3.org/2000/svg";
  const ICONS = {
    play: "M8 5.14v13.72a1 1 0 0 0 1.52.85l10.99-6.86a1 1 0 0 0 0-1.7L9.52 4.29A1 1 0 0 0 8 5.14z",
    pause: "M6 5h4v14H6zM14 5h4v14h-4z",
    volumeHigh: "M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 7.97v8.05A4.5 4.5 0 0 0 16.5 12zM14 3.23v2.06a7.01 7.01 0 0 1 0 13.42v2.06A9 9 0 0 0 14 3.23z",
    volumeLow: "M5 9v6h4l5 5V4L9 9H5zm13.5 3A4.5 4.5 0 0 0 16 7.97v8.05A4.5 4.5 0 0 0 18.5 12z",
    volumeOff: "M16.5 12A4.5 4.5 0 0 0 14 7.97v2.21l2.45 2.45c.03-.2.05-.41.05-.63zM19 12c0 .94-.2 1.82-.54 2.64l1.51 1.51A8.8 8.8 0 0 0 21 12a9 9 0 0 0-7-8.77v2.06A7 7 0 0 1 19 12zM4.27 3 3 4.27 7.73 9H3v6h4l5 5v-6.73l4.25 4.25A7 7 0 0 1 14 18.7v2.06a9 9 0 0 0 3.69-1.81L19.73 21 21 19.73l-9-9L4.27 3zM12 4 9.91 6.09 12 8.18V4z",
    captions: "M19 4H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm-8 7H9.5v-.5h-2v3h2V13H11v1a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1v-4a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1v1zm7 0h-1.5v-.5h-2v3h2V13H18v1a1 1 0 0 1-1 1h-3a1 1 0 0 1-1-1v-4a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1v1z",
    fullscreen: "M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z",
    fullscreenExit: "M5 16h3v3h2v-5H5v2zm3-8H5v2h5V5H8v3zm6 11h2v-3h3v-2h-5v5zm2-11V5h-2v5h5V8h-3z",
    help: "M11 18h2v-2h-2v2zm1-16a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm0-14a4 4 0 0 0-4 4h2a2 2 0 1 1 4 0c0 2-3 1.75-3 5h2c0-2.25 3-2.5 3-5a4 4 0 0 0-4-4z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  };

  function svgIcon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.append(path);
    return svg;
  }

  function setIcon(button, name) {
    if (button.dataset.icon === name) return;
    button.dataset.icon = name;
    button.replaceChildren(svgIcon(name));
  }

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children);
    return node;
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  function formatTime(seconds) {
    const s = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
  }

  function pageLang() {
    return document.documentElement.lang || navigator.language || "en";
  }

  function formatPercent(fraction) {
    try {
      return new Intl.NumberFormat(pageLang(), { style: "percent", maximumFractionDigits: 0 }).format(fraction);
    } catch (_) {
      return `${Math.round(fraction * 100)}%`;
    }
  }

  function isTextField(node) {
    if (!node || node.nodeType !== 1) return false;
    if (node.isContentEditable) return true;
    const tag = node.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag !== "INPUT") return false;
    return !["range", "checkbox", "radio", "button", "submit", "reset", "color", "file", "image"].includes(node.type);
  }

  function isHelpKey(event) {
    return event.key === "?" || event.key === "\u061F" || (event.code === "Slash" && event.shiftKey);
  }

  // Letters by their place on the keyboard too, so the shortcuts work with an Urdu layout.
  function letterOf(event) {
    const key = event.key || "";
    if (/^[a-z]$/i.test(key)) return key.toLowerCase();
    const match = /^Key([A-Z])$/.exec(event.code || "");
    return match ? match[1].toLowerCase() : "";
  }

  function digitOf(event) {
    if (/^[0-9]$/.test(event.key)) return Number(event.key);
    const match = /^(?:Digit|Numpad)([0-9])$/.exec(event.code || "");
    return match ? Number(match[1]) : null;
  }

  // "Space or K" -> <kbd>Space</kbd> or <kbd>K</kbd>; words of the page's language stay plain text.
  const KEY_TOKEN = /^(?:[A-Z][A-Za-z]*|[0-9](?:[\u2013-][0-9])?|[←→↑↓?\u061F]|Esc)$/;
  function keysCell(text) {
    const cell = [];
    for (const part of String(text).split(/(\s+)/)) {
      if (KEY_TOKEN.test(part)) cell.push(el("kbd", { text: part, dir: "ltr" })); // "0–9" stays 0–9 in Urdu
      else if (part) cell.push(document.createTextNode(part));
    }
    return cell;
  }

  class Player {
    constructor(figure, video) {
      this.figure = figure;
      this.video = video;
      this.id = `rz-player-${++serial}`;
      const data = figure.dataset;
      this.helpRows = this.parseRows(data.helpRows);
      this.track = this.pickTrack();
      const captionsRow = this.helpRows.find(([keys]) => /^C$|(^|\s)C(\s|$)/.test(keys));
      this.labels = {
        play: data.labelPlay || "K",
        pause: data.labelPause || "K",
        mute: data.labelMute || "M",
        unmute: data.labelUnmute || data.labelMute || "M",
        fullscreen: data.labelFullscreen || "F",
        help: data.labelHelp || data.helpTitle || "?",
        close: data.labelClose || "×",
        seek: data.labelSeek || "",
        volume: data.labelVolume || "",
        captions: data.labelCaptions || (captionsRow && captionsRow[1]) || (this.track && this.track.label) || "C",
        helpTitle: data.helpTitle || data.labelHelp || "?",
      };
      this.says = {
        playing: data.labelPlaying || this.labels.play,
        paused: data.labelPaused || this.labels.pause,
        muted: data.labelMuted || this.labels.mute,
        unmuted: data.labelUnmuted || this.labels.unmute,
        captionsOn: data.labelCaptionsOn || `${this.labels.captions}: ${this.track ? this.track.label || "✓" : "✓"}`,
        captionsOff: data.labelCaptionsOff || `${this.labels.captions}: ✕`,
      };
      this.timeTemplate = data.labelTime || (/^en\b/i.test(pageLang()) ? "{current} of {total}" : "{current} / {total}");
      this.scrubbing = false;
      this.idleTimer = 0;
      this.sayTimer = 0;
      this.returnFocus = null;

      this.useHls();
      this.build();
      this.bind();
      this.setupCaptions();
      this.update();
      // Only now, with the bar in place, do the native controls go.
      video.controls = false;
      video.removeAttribute("controls");
      figure.classList.add("rz-player--enhanced");
      figure.setAttribute("data-rz-enhanced", "");
    }

    parseRows(json) {
      try {
        const rows = JSON.parse(json || "[]");
        return Array.isArray(rows) ? rows.filter((row) => Array.isArray(row) && row.length >= 2).map((row) => [String(row[0]), String(row[1])]) : [];
      } catch (_) {
        return [];
      }
    }

    useHls() {
      const hls = this.video.dataset.hlsSrc;
      if (!hls || !this.video.canPlayType("application/vnd.apple.mpegurl")) return;
      if (this.video.getAttribute("src") === hls) return;
      // Natively played HLS (Safari, iOS, Android): the adaptive stream replaces the MP4 <source>.
      this.video.src = hls;
    }

    build() {
      const { labels, video, figure, id } = this;
      const caption = figure.querySelector(":scope > figcaption");
      if (caption && !caption.id) caption.id = `${id}-title`;

      this.big = el("div", { class: "rz-player__big", "aria-hidden": "true" }, [svgIcon("play")]);
      this.spinner = el("div", { class: "rz-player__spinner", "aria-hidden": "true" });
      this.stage = el("div", { class: "rz-player__stage", "aria-hidden": "true" }, [this.big, this.spinner]);
      this.cues = el("div", { class: "rz-player__cues", "aria-hidden": "true" });

      this.seek = el("input", {
        type: "range", class: "rz-player__seek", min: "0", max: "0", step: "any", value: "0",
        dir: "ltr", "aria-label": labels.seek, "aria-valuetext": this.timeText(0, 0),
      });
      this.hover = el("span", { class: "rz-player__hover-time", "aria-hidden": "true" });
      const progress = el("div", { class: "rz-player__progress", dir: "ltr" }, [this.seek, this.hover]);

      this.playBtn = this.button("rz-player__play", labels.play, "K");
      this.muteBtn = this.button("rz-player__mute", labels.mute, "M", { "aria-pressed": "false" });
      this.volume = el("input", {
        type: "range", class: "rz-player__volume", min: "0", max: "100", step: "1", value: "100",
        dir: "ltr", "aria-label": labels.volume,
      });
      this.current = el("span", { class: "rz-player__current", text: "0:00" });
      this.total = el("span", { class: "rz-player__total", text: "0:00" });
      const time = el("span", { class: "rz-player__time", dir: "ltr", "aria-hidden": "true" },
        [this.current, el("span", { class: "rz-player__time-sep", text: " / " }), this.total]);
      this.ccBtn = this.track ? this.button("rz-player__cc", labels.captions, "C", { "aria-pressed": "false" }) : null;
      this.helpBtn = this.button("rz-player__help-btn", labels.help, "?", { "aria-haspopup": "dialog" });
      this.fsBtn = this.button("rz-player__fs", labels.fullscreen, "F", { "aria-pressed": "false" });
      if (this.ccBtn) setIcon(this.ccBtn, "captions");
      setIcon(this.helpBtn, "help");
      setIcon(this.fsBtn, "fullscreen");

      const row = el("div", { class: "rz-player__row" }, [
        this.playBtn,
        el("div", { class: "rz-player__vol" }, [this.muteBtn, this.volume]),
        time,
        el("span", { class: "rz-player__spacer" }),
        ...(this.ccBtn ? [this.ccBtn] : []),
        this.helpBtn,
        this.fsBtn,
      ]);
      this.bar = el("div", {
        class: "rz-player__bar", role: "group",
        "aria-labelledby": caption ? caption.id : null, "aria-label": caption ? null : labels.helpTitle,
      }, [progress, row]);

      this.status = el("div", { class: "rz-player__status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
      this.dialog = this.buildDialog();

      video.after(this.stage, this.cues, this.bar, this.status, this.dialog);
      if (!figure.hasAttribute("tabindex")) figure.tabIndex = -1;
    }

    button(cls, label, key, attrs = {}) {
      return el("button", {
        type: "button", class: `rz-player__btn ${cls}`, "aria-label": label,
        "data-tip": key ? `${label} (${key})` : label, ...attrs,
      });
    }

    buildDialog() {
      const titleId = `${this.id}-help-title`;
      this.closeBtn = el("button", { type: "button", class: "rz-player__btn rz-player__close", "aria-label": this.labels.close, autofocus: true }, [svgIcon("close")]);
      const rows = this.helpRows.map(([keys, what]) =>
        el("tr", {}, [el("th", { scope: "row" }, keysCell(keys)), el("td", { text: what })]));
      const inner = el("div", { class: "rz-player__dialog-inner" }, [
        el("div", { class: "rz-player__dialog-head" }, [
          el("h2", { id: titleId, class: "rz-player__dialog-title", text: this.labels.helpTitle }),
          this.closeBtn,
        ]),
        el("table", { class: "rz-player__keys" }, [el("tbody", {}, rows)]),
      ]);
      return el("dialog", { class: "rz-player__dialog", "aria-labelledby": titleId }, [inner]);
    }

    pickTrack() {
      const elements = Array.from(this.video.querySelectorAll("track")).filter((t) => /^(captions|subtitles)$/.test(t.kind || "subtitles"));
      if (!elements.length) return null;
      const lang = pageLang().toLowerCase().split("-")[0];
      const chosen = elements.find((t) => t.default)
        || elements.find((t) => (t.srclang || "").toLowerCase().split("-")[0] === lang)
        || elements[0];
      this.trackElement = chosen;
      return chosen.track;
    }

    setupCaptions() {
      if (!this.track) return;
      this.captionsOn = this.trackElement.default;
      this.track.addEventListener("cuechange", () => this.renderCues());
      // The cues are drawn by us, above the bar, so the native rendering stays hidden.
      this.applyCaptions();
    }

    applyCaptions() {
      for (const track of Array.from(this.video.textTracks)) {
        if (track.kind !== "captions" && track.kind !== "subtitles") continue;
        track.mode = track === this.track && this.captionsOn ? "hidden" : "disabled";
      }
      if (this.ccBtn) this.ccBtn.setAttribute("aria-pressed", String(!!this.captionsOn));
      this.cues.lang = this.track.language || "";
      this.renderCues();
    }

    renderCues() {
      const lines = [];
      if (this.captionsOn && this.track && this.track.activeCues) {
        for (const cue of Array.from(this.track.activeCues)) {
          const line = el("span", { class: "rz-player__cue", dir: "auto" });
          if (typeof cue.getCueAsHTML === "function") line.append(cue.getCueAsHTML());
          else line.textContent = cue.text || "";
          lines.push(line);
        }
      }
      this.cues.replaceChildren(...lines);
    }

    bind() {
      const { video, figure } = this;
      const update = () => this.update();
      for (const type of ["play", "pause", "ended", "volumechange", "durationchange", "loadedmetadata", "emptied"]) {
        video.addEventListener(type, update);
      }
      video.addEventListener("timeupdate", () => this.updateTime());
      video.addEventListener("progress", () => this.updateTime());
      video.addEventListener("seeked", () => this.updateTime());
      video.addEventListener("waiting", () => figure.classList.add("rz-player--waiting"));
      for (const type of ["playing", "canplay", "pause", "error", "emptied"]) {
        video.addEventListener(type, () => figure.classList.remove("rz-player--waiting"));
      }
      video.addEventListener("play", () => {
        lastUsed = this;
        for (const other of players) if (other !== this && !other.video.paused) other.video.pause();
        this.poke();
      });
      video.addEventListener("pause", () => this.poke());

      this.playBtn.addEventListener("click", () => this.togglePlay(true));
      this.muteBtn.addEventListener("click", () => this.toggleMute());
      if (this.ccBtn) this.ccBtn.addEventListener("click", () => this.toggleCaptions());
      this.fsBtn.addEventListener("click", () => this.toggleFullscreen());
      this.helpBtn.addEventListener("click", () => this.openHelp());
      this.closeBtn.addEventListener("click", () => this.dialog.close());
      this.dialog.addEventListener("click", (event) => {
        if (event.target === this.dialog) this.dialog.close(); // a click on the backdrop
      });
      this.dialog.addEventListener("close", () => this.afterHelp());

      this.stage.addEventListener("click", (event) => {
        if (event.pointerType === "touch" && figure.classList.contains("rz-player--idle")) return this.poke();
        this.togglePlay(false);
      });
      this.stage.addEventListener("dblclick", () => this.toggleFullscreen());

      this.seek.addEventListener("pointerdown", () => { this.scrubbing = true; });
      const endScrub = () => { this.scrubbing = false; this.updateTime(); };
      this.seek.addEventListener("pointerup", endScrub);
      this.seek.addEventListener("pointercancel", endScrub);
      this.seek.addEventListener("change", endScrub);
      this.seek.addEventListener("input", () => {
        const t = Number(this.seek.value);
        if (Number.isFinite(t)) video.currentTime = t;
        this.updateTime(t);
      });
      this.seek.addEventListener("pointermove", (event) => this.showHoverTime(event));
      this.seek.addEventListener("pointerleave", () => this.hover.classList.remove("is-visible"));

      this.volume.addEventListener("input", () => {
        const v = Number(this.volume.value) / 100;
        video.volume = clamp(v, 0, 1);
        video.muted = v === 0;
      });

      figure.addEventListener("keydown", (event) => this.onKey(event));
      for (const type of ["pointermove", "pointerdown", "focusin"]) figure.addEventListener(type, () => this.poke());
      figure.addEventListener("pointerdown", () => { lastUsed = this; });
      figure.addEventListener("focusin", () => { lastUsed = this; });
      figure.addEventListener("pointerleave", () => this.idleSoon(600));
      figure.addEventListener("focusout", () => this.idleSoon());
      document.addEventListener("fullscreenchange", () => this.update());
      document.addEventListener("webkitfullscreenchange", () => this.update());
    }

    // --- actions -------------------------------------------------------------------------------

    togglePlay(announce = true) {
      const { video } = this;
      if (video.paused || video.ended) {
        const promise = video.play();
        if (promise && promise.catch) promise.catch(() => this.update());
        if (announce) this.say(this.says.playing);
      } else {
        video.pause();
        if (announce) this.say(this.says.paused);
      }
    }

    seekBy(seconds) {
      this.seekTo(this.video.currentTime + seconds);
    }

    seekTo(seconds) {
      const duration = this.duration();
      if (!duration) return;
      const t = clamp(seconds, 0, duration);
      this.video.currentTime = t;
      this.updateTime(t);
      this.say(this.timeText(t, duration));
    }

    changeVolume(delta) {
      const { video } = this;
      const base = video.muted ? 0 : video.volume;
      const v = Math.round(clamp(base + delta, 0, 1) * 100) / 100;
      video.volume = v;
      video.muted = v === 0;
      this.say(`${this.labels.volume} ${formatPercent(v)}`.trim());
    }

    toggleMute() {
      const { video } = this;
      if (video.muted || video.volume === 0) {
        if (video.volume === 0) video.volume = 0.5;
        video.muted = false;
        this.say(this.says.unmuted);
      } else {
        video.muted = true;
        this.say(this.says.muted);
      }
    }

    toggleCaptions() {
      if (!this.track) return;
      this.captionsOn = !this.captionsOn;
      this.applyCaptions();
      this.say(this.captionsOn ? this.says.captionsOn : this.says.captionsOff);
    }

    fullscreenElement() {
      return document.fullscreenElement || document.webkitFullscreenElement || null;
    }

    toggleFullscreen() {
      const { figure, video } = this;
      if (this.fullscreenElement() === figure) {
        (document.exitFullscreen || document.webkitExitFullscreen).call(document);
        return;
      }
      const request = figure.requestFullscreen || figure.webkitRequestFullscreen;
      if (request && (document.fullscreenEnabled || document.webkitFullscreenEnabled)) {
        const promise = request.call(figure);
        if (promise && promise.catch) promise.catch(() => {});
      } else if (video.webkitEnterFullscreen) {
        video.webkitEnterFullscreen(); // iPhone: only the video itself can fill the screen
      }
    }

    openHelp() {
      if (this.dialog.open) return;
      const active = document.activeElement;
      this.returnFocus = active && active !== document.body ? active : null;
      this.figure.classList.add("rz-player--help");
      if (typeof this.dialog.showModal === "function") this.dialog.showModal();
      else this.dialog.setAttribute("open", "");
      this.closeBtn.focus();
    }

    afterHelp() {
      this.figure.classList.remove("rz-player--help");
      const target = this.returnFocus;
      this.returnFocus = null;
      if (target && target.isConnected && typeof target.focus === "function") target.focus();
      this.poke();
    }

    say(text) {
      if (!text) return;
      clearTimeout(this.sayTimer);
      this.status.textContent = "";
      // A new text node a moment later, so the same words said twice are announced twice.
      this.sayTimer = setTimeout(() => { this.status.textContent = text; }, 60);
    }

    // --- keyboard ------------------------------------------------------------------------------

    onKey(event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (this.dialog.contains(event.target)) return; // the dialog has its own keys (Tab, Escape)
      if (isTextField(event.target)) return;
      const target = event.target;
      const onSeek = target === this.seek;
      const onVolume = target === this.volume;
      const onButton = target.tagName === "BUTTON";
      let handled = true;

      if (isHelpKey(event)) {
        this.openHelp();
      } else {
        const letter = event.shiftKey ? "" : letterOf(event);
        const digit = event.shiftKey ? null : digitOf(event);
        switch (event.key) {
          case " ":
          case "Spacebar":
            if (onButton) { handled = false; break; } // Space presses the focused button
            if (!event.repeat) this.togglePlay();
            break;
          case "ArrowLeft":
            if (onVolume) this.changeVolume(-0.1); else this.seekBy(-5);
            break;
          case "ArrowRight":
            if (onVolume) this.changeVolume(0.1); else this.seekBy(5);
            break;
          case "ArrowUp":
            if (onSeek) this.seekBy(5); else this.changeVolume(0.1);
            break;
          case "ArrowDown":
            if (onSeek) this.seekBy(-5); else this.changeVolume(-0.1);
            break;
          case "PageUp":
            if (onSeek) this.seekBy(this.duration() / 10); else handled = false;
            break;
          case "PageDown":
            if (onSeek) this.seekBy(-this.duration() / 10); else handled = false;
            break;
          case "Escape":
            // Browsers leave full screen on Escape themselves; this covers those that pass the key on.
            if (this.fullscreenElement() === this.figure) this.toggleFullscreen(); else handled = false;
            break;
          case "Home":
            if (onVolume) { this.changeVolume(-1); break; }
            this.seekTo(0);
            break;
          case "End":
            if (onVolume) { this.changeVolume(1); break; }
            this.seekTo(this.duration());
            break;
          default:
            if (digit !== null) {
              this.seekTo((this.duration() * digit) / 10);
            } else if (letter === "k") {
              if (!event.repeat) this.togglePlay();
            } else if (letter === "j") {
              this.seekBy(-10);
            } else if (letter === "l") {
              this.seekBy(10);
            } else if (letter === "m") {
              if (!event.repeat) this.toggleMute();
            } else if (letter === "f") {
              if (!event.repeat) this.toggleFullscreen();
            } else if (letter === "c") {
              if (!this.track) handled = false;
              else if (!event.repeat) this.toggleCaptions();
            } else {
              handled = false;
            }
        }
      }
      if (handled) {
        event.preventDefault();
        lastUsed = this;
        this.poke();
      }
    }

    // --- showing state -------------------------------------------------------------------------

    duration() {
      const d = this.video.duration;
      if (Number.isFinite(d) && d > 0) return d;
      const seekable = this.video.seekable;
      return seekable && seekable.length ? seekable.end(seekable.length - 1) : 0;
    }

    timeText(current, total) {
      return this.timeTemplate.replace("{current}", formatTime(current)).replace("{total}", formatTime(total));
    }

    update() {
      const { video, figure } = this;
      const paused = video.paused || video.ended;
      figure.classList.toggle("rz-player--paused", paused);
      figure.classList.toggle("rz-player--started", !paused || video.currentTime > 0);
      this.playBtn.setAttribute("aria-label", paused ? this.labels.play : this.labels.pause);
      this.playBtn.dataset.tip = `${paused ? this.labels.play : this.labels.pause} (K)`;
      setIcon(this.playBtn, paused ? "play" : "pause");

      const muted = video.muted || video.volume === 0;
      this.muteBtn.setAttribute("aria-pressed", String(video.muted));
      this.muteBtn.dataset.tip = `${video.muted ? this.labels.unmute : this.labels.mute} (M)`;
      setIcon(this.muteBtn, muted ? "volumeOff" : video.volume < 0.5 ? "volumeLow" : "volumeHigh");
      const level = muted ? 0 : video.volume;
      this.volume.value = String(Math.round(level * 100));
      this.volume.setAttribute("aria-valuetext", formatPercent(level));
      this.volume.style.setProperty("--rz-fill", `${level * 100}%`);

      const full = this.fullscreenElement() === figure;
      figure.classList.toggle("rz-player--fullscreen", full);
      this.fsBtn.setAttribute("aria-pressed", String(full));
      setIcon(this.fsBtn, full ? "fullscreenExit" : "fullscreen");
      this.updateTime();
      this.poke();
    }

    updateTime(at) {
      const duration = this.duration();
      const current = at !== undefined ? at : this.video.currentTime || 0;
      this.seek.max = String(duration || 0);
      if (!this.scrubbing || at !== undefined) this.seek.value = String(current);
      this.seek.setAttribute("aria-valuetext", this.timeText(current, duration));
      this.current.textContent = formatTime(current);
      this.total.textContent = formatTime(duration);
      const fill = duration ? (current / duration) * 100 : 0;
      let buffered = 0;
      const ranges = this.video.buffered;
      if (duration && ranges && ranges.length) buffered = (ranges.end(ranges.length - 1) / duration) * 100;
      this.seek.style.setProperty("--rz-fill", `${clamp(fill, 0, 100)}%`);
      this.seek.style.setProperty("--rz-buffer", `${clamp(Math.max(buffered, fill), 0, 100)}%`);
    }

    showHoverTime(event) {
      const duration = this.duration();
      if (!duration) return;
      const box = this.seek.getBoundingClientRect();
      const fraction = clamp((event.clientX - box.left) / box.width, 0, 1);
      this.hover.textContent = formatTime(fraction * duration);
      this.hover.style.left = `${fraction * 100}%`;
      this.hover.classList.add("is-visible");
    }

    // The bar fades after a while of playing untouched, but never while focus is in it.
    keepsBar() {
      const { figure, video } = this;
      if (video.paused || video.ended || this.dialog.open) return true;
      const active = document.activeElement;
      if (active && figure.contains(active) && active !== figure && active !== video) return true;
      if (active && figure.contains(active) && active.matches(":focus-visible")) return true;
      return this.bar.matches(":hover");
    }

    poke() {
      this.figure.classList.remove("rz-player--idle");
      this.idleSoon(2500);
    }

    idleSoon(delay = 2500) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (!this.keepsBar()) this.figure.classList.add("rz-player--idle");
      }, delay);
    }
  }

  function enhance(figure) {
    if (!figure || instances.has(figure)) return instances.get(figure) || null;
    const video = figure.querySelector("video");
    if (!video) return null;
    const player = new Player(figure, video);
    instances.set(figure, player);
    players.push(player);
    return player;
  }

  function enhanceAll(root = document) {
    return Array.from(root.querySelectorAll("[data-rz-player]"), enhance).filter(Boolean);
  }

  function onScreen(player) {
    const box = player.figure.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  // "?" anywhere on the page, while no text field has focus.
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !isHelpKey(event)) return;
    if (isTextField(event.target) || document.querySelector("dialog[open]")) return;
    if (event.target && event.target.closest && event.target.closest("[data-rz-player]")) return;
    const live = players.filter((p) => p.figure.isConnected);
    const player = live.find((p) => !p.video.paused)
      || (lastUsed && lastUsed.figure.isConnected ? lastUsed : null)
      || live.find(onScreen) || live[0];
    if (!player) return;
    event.preventDefault();
    player.openHelp();
  });

  window.RoznamaPlayer = { enhance, enhanceAll };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => enhanceAll());
  else enhanceAll();
})();
