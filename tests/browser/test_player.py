"""The video player (player.js, player.css) in Debian's chromium, on static fixture pages.

The pages in player_fixture/ hold the player markup as the site's templates render it, in English
and in Urdu (right to left). A four-second clip, its poster, captions and an HLS rendition are made
with ffmpeg at test time; a small HTTP server with byte ranges serves them beside the static files.
"""

from __future__ import annotations

import json
import mimetypes
import re
import subprocess
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STATIC = REPO / "src" / "roznama" / "news" / "static"
FIXTURE = HERE / "player_fixture"
SCREENSHOTS = REPO / "test-output" / "screenshots"

EN_CUE = "The minister speaks to reporters in Islamabad."
UR_CUE = "وزیر اسلام آباد میں صحافیوں سے بات کر رہے ہیں۔"
TYPES = {
    ".vtt": "text/vtt",
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".js": "text/javascript",
    ".css": "text/css",
    ".mp4": "video/mp4",
    ".html": "text/html; charset=utf-8",
}


# --- the clip -------------------------------------------------------------------------------------


def _make_media(folder: Path) -> None:
    import imageio_ffmpeg

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    picture = "gradients=s=640x360:d=4:r=25:speed=0.02:nb_colors=4:c0=0x0b3d2e:c1=0x1f7a5a:c2=0x0e2a47:c3=0x2fbf71"
    run = partial(subprocess.run, check=True, capture_output=True, timeout=120)
    run(
        [
            ffmpeg,
            "-y",
            "-f",
            "lavfi",
            "-i",
            picture,
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=4",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-preset",
            "veryfast",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-shortest",
            "-movflags",
            "+faststart",
            str(folder / "clip.mp4"),
        ]
    )
    run(
        [
            ffmpeg,
            "-y",
            "-ss",
            "1",
            "-i",
            str(folder / "clip.mp4"),
            "-frames:v",
            "1",
            "-q:v",
            "3",
            str(folder / "poster.jpg"),
        ]
    )
    (folder / "hls").mkdir()
    run(
        [
            ffmpeg,
            "-y",
            "-i",
            str(folder / "clip.mp4"),
            "-c",
            "copy",
            "-f",
            "hls",
            "-hls_time",
            "2",
            "-hls_playlist_type",
            "vod",
            str(folder / "hls" / "clip.m3u8"),
        ]
    )
    (folder / "clip.en.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:04.000\n{EN_CUE}\n", encoding="utf-8")
    (folder / "clip.ur.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:04.000\n{UR_CUE}\n", encoding="utf-8")


# --- the server -----------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    """Static files with byte ranges, as media elements expect: /static/, /media/ and the pages."""

    roots: dict[str, Path] = {}

    def log_message(self, *args) -> None:
        pass

    def _file(self) -> Path | None:
        path = unquote(urlparse(self.path).path)
        for prefix, root in self.roots.items():
            if path.startswith(prefix):
                candidate = (root / path[len(prefix) :]).resolve()
                if candidate.is_file() and candidate.is_relative_to(root.resolve()):
                    return candidate
        return None

    def do_GET(self) -> None:  # noqa: N802 (the http.server spelling)
        file = self._file()
        if file is None:
            self.send_error(404)
            return
        data = file.read_bytes()
        start, end, status = 0, len(data) - 1, 200
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if match and data:
            first, last = match.groups()
            if first:
                start, end = int(first), min(int(last), end) if last else end
            elif last:
                start = max(len(data) - int(last), 0)
            if start > end or start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.end_headers()
        try:
            self.wfile.write(data[start : end + 1])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser had what it wanted


@pytest.fixture(scope="module")
def player_site(tmp_path_factory):
    media = tmp_path_factory.mktemp("player-media")
    _make_media(media)
    handler = type("Handler", (_Handler,), {"roots": {"/static/": STATIC, "/media/": media, "/": FIXTURE}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def open_page(browser, player_site):
    contexts = []

    def _open(name: str, **options):
        context = browser.new_context(**{"viewport": {"width": 1000, "height": 900}, **options})
        contexts.append(context)
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.errors = errors
        tab.goto(f"{player_site}/{name}")
        tab.wait_for_function(
            "document.querySelectorAll('[data-rz-player]').length === "
            "document.querySelectorAll('[data-rz-player][data-rz-enhanced]').length"
        )
        tab.wait_for_function("[...document.querySelectorAll('video')].every(v => v.readyState >= 1)")
        return tab

    yield _open
    for context in contexts:
        context.close()


def _shot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _video(tab, selector: str = "#first", expression: str = "v") -> object:
    return tab.evaluate(f"(() => {{ const v = document.querySelector('{selector} video'); return {expression}; }})()")


def _wait_status(tab, selector: str, text: str) -> None:
    tab.wait_for_function(
        "([s, t]) => document.querySelector(s + ' [role=status]').textContent === t", arg=[selector, text]
    )


# --- the tests ------------------------------------------------------------------------------------


def test_the_bar_replaces_the_native_controls_with_labelled_buttons(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    player = tab.locator("#first")
    assert _video(tab, expression="v.controls") is False
    for name in ("Play", "Mute", "Captions", "Keyboard shortcuts", "Full screen"):
        expect(player.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(player.get_by_role("button", name="Mute")).to_have_attribute("aria-pressed", "false")
    expect(player.get_by_role("button", name="Captions")).to_have_attribute("aria-pressed", "true")
    expect(player.get_by_role("button", name="Keyboard shortcuts")).to_have_attribute("aria-haspopup", "dialog")
    seek = player.get_by_role("slider", name="Seek")
    expect(seek).to_have_attribute("aria-valuetext", "0:00 of 0:04")
    expect(player.get_by_role("slider", name="Volume")).to_have_attribute("aria-valuetext", "100%")
    expect(player.locator(".rz-player__time")).to_have_text("0:00 / 0:04")
    expect(player.get_by_role("status")).to_have_count(1)
    # The group is named by the video's title, so two players are told apart.
    expect(tab.get_by_role("group", name="Reporters outside the finance ministry")).to_have_count(1)
    # The picture keeps its 16:9 box, and the buttons are 44 px touch targets.
    box = player.locator("video").bounding_box()
    assert box["height"] == pytest.approx(box["width"] * 9 / 16, abs=1.5)
    button = player.get_by_role("button", name="Mute").bounding_box()
    assert button["width"] >= 44 and button["height"] >= 44
    # Running the script again (or enhancing again) adds nothing.
    tab.add_script_tag(url="/static/roznama/player.js")
    tab.evaluate("window.RoznamaPlayer.enhanceAll()")
    expect(tab.locator("#first .rz-player__bar")).to_have_count(1)
    expect(tab.locator("#first dialog")).to_have_count(1)
    # No video bytes before play beyond metadata: the preload stays as the template set it.
    assert _video(tab, expression="v.preload") == "metadata"
    assert _video(tab, expression="v.paused") is True
    assert tab.errors == []


def test_space_plays_and_pauses(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    tab.evaluate("document.querySelector('#first').focus()")
    tab.keyboard.press("Space")
    tab.wait_for_function("!document.querySelector('#first video').paused")
    tab.wait_for_function("document.querySelector('#first video').currentTime > 0.3")
    expect(tab.locator("#first").get_by_role("button", name="Pause", exact=True)).to_be_visible()
    _wait_status(tab, "#first", "Playing")
    tab.keyboard.press("Space")
    tab.wait_for_function("document.querySelector('#first video').paused")
    paused_at = _video(tab, expression="v.currentTime")
    tab.wait_for_timeout(300)
    assert _video(tab, expression="v.currentTime") == paused_at
    expect(tab.locator("#first").get_by_role("button", name="Play", exact=True)).to_be_visible()
    _wait_status(tab, "#first", "Paused")
    # K does the same, and the focus may be on the seek slider.
    tab.locator("#first .rz-player__seek").focus()
    tab.keyboard.press("k")
    tab.wait_for_function("!document.querySelector('#first video').paused")
    tab.keyboard.press("k")
    tab.wait_for_function("document.querySelector('#first video').paused")


def test_arrows_digits_and_home_end_seek_within_the_clip(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    duration = _video(tab, expression="v.duration")
    assert duration == pytest.approx(4, abs=0.1)
    tab.evaluate("document.querySelector('#first').focus()")
    tab.keyboard.press("ArrowRight")  # +5 s, clamped to the end of a 4 s clip
    assert _video(tab, expression="v.currentTime") == pytest.approx(duration, abs=0.05)
    expect(tab.locator("#first .rz-player__seek")).to_have_attribute("aria-valuetext", "0:04 of 0:04")
    tab.keyboard.press("ArrowLeft")  # −5 s, clamped to the start
    assert _video(tab, expression="v.currentTime") == pytest.approx(0, abs=0.05)
    tab.keyboard.press("5")
    assert _video(tab, expression="v.currentTime") == pytest.approx(duration / 2, abs=0.05)
    _wait_status(tab, "#first", "0:02 of 0:04")
    tab.keyboard.press("End")
    assert _video(tab, expression="v.currentTime") == pytest.approx(duration, abs=0.05)
    tab.keyboard.press("Home")
    assert _video(tab, expression="v.currentTime") == pytest.approx(0, abs=0.05)
    tab.evaluate("document.querySelector('#first video').currentTime = 1")
    tab.keyboard.press("l")  # +10 s
    assert _video(tab, expression="v.currentTime") == pytest.approx(duration, abs=0.05)
    tab.keyboard.press("j")  # −10 s
    assert _video(tab, expression="v.currentTime") == pytest.approx(0, abs=0.05)
    # The arrows do not scroll the page.
    assert tab.evaluate("scrollY") == 0


def test_m_mutes_and_the_arrows_change_the_volume(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    mute = tab.locator("#first").get_by_role("button", name="Mute")
    tab.evaluate("document.querySelector('#first').focus()")
    tab.keyboard.press("m")
    assert _video(tab, expression="v.muted") is True
    expect(mute).to_have_attribute("aria-pressed", "true")
    _wait_status(tab, "#first", "Muted")
    tab.keyboard.press("m")
    assert _video(tab, expression="v.muted") is False
    expect(mute).to_have_attribute("aria-pressed", "false")
    _wait_status(tab, "#first", "Sound on")
    mute.click()
    assert _video(tab, expression="v.muted") is True
    expect(mute).to_have_attribute("aria-pressed", "true")
    mute.click()
    tab.evaluate("document.querySelector('#first video').volume = 0.5")
    tab.evaluate("document.querySelector('#first').focus()")
    tab.keyboard.press("ArrowDown")
    assert _video(tab, expression="v.volume") == pytest.approx(0.4)
    _wait_status(tab, "#first", "Volume 40%")
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("ArrowUp")
    assert _video(tab, expression="v.volume") == pytest.approx(0.6)
    expect(tab.locator("#first").get_by_role("slider", name="Volume")).to_have_attribute("aria-valuetext", "60%")
    # The other player is left alone.
    assert _video(tab, "#second", "v.volume") == 1 and _video(tab, "#second", "v.muted") is False


def test_question_mark_opens_the_shortcuts_dialog_and_escape_gives_focus_back(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    seek = tab.locator("#first .rz-player__seek")
    seek.focus()
    tab.keyboard.press("Shift+Slash")
    dialog = tab.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    assert tab.evaluate("document.querySelector('#first dialog').open") is True
    assert tab.evaluate("document.querySelector('#first dialog').matches(':modal')") is True
    expect(dialog.get_by_role("heading")).to_have_text("Keyboard shortcuts")
    rows = json.loads(tab.locator("#first").get_attribute("data-help-rows"))
    expect(dialog.locator("tr")).to_have_count(len(rows))
    for index, (keys, what) in enumerate(rows):
        row = dialog.locator("tr").nth(index)
        expect(row.locator("th")).to_have_text(keys)
        expect(row.locator("td")).to_have_text(what)
    expect(dialog.locator("tr").first.locator("kbd")).to_have_text(["Space", "K"])
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    # Shortcuts sleep while the dialog is open.
    tab.keyboard.press("k")
    assert _video(tab, expression="v.paused") is True
    _shot(tab, "player-en-help.png")
    tab.keyboard.press("Escape")
    expect(tab.locator("dialog[open]")).to_have_count(0)
    expect(seek).to_be_focused()
    # The close button does the same.
    tab.locator("#first").get_by_role("button", name="Keyboard shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(tab.locator("dialog[open]")).to_have_count(0)
    expect(tab.locator("#first").get_by_role("button", name="Keyboard shortcuts")).to_be_focused()


def test_question_mark_works_anywhere_on_the_page_but_not_in_a_text_field(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    tab.locator("#search").focus()
    tab.keyboard.type("?")
    expect(tab.locator("#search")).to_have_value("?")
    expect(tab.locator("dialog[open]")).to_have_count(0)
    tab.evaluate("document.activeElement.blur()")
    tab.keyboard.press("Shift+Slash")
    expect(tab.locator("#first dialog[open]")).to_have_count(1)
    tab.keyboard.press("Escape")
    # While the second one plays, "?" is about the second one.
    tab.evaluate("document.querySelector('#second video').play()")
    tab.wait_for_function("!document.querySelector('#second video').paused")
    tab.evaluate("document.activeElement.blur()")
    tab.keyboard.press("Shift+Slash")
    expect(tab.locator("#second dialog[open]")).to_have_count(1)


def test_starting_one_player_pauses_the_other(open_page):
    tab = open_page("en.html")
    tab.locator("#first").get_by_role("button", name="Play", exact=True).click()
    tab.wait_for_function("document.querySelector('#first video').currentTime > 0.2")
    tab.locator("#second").get_by_role("button", name="Play", exact=True).click()
    tab.wait_for_function("!document.querySelector('#second video').paused")
    tab.wait_for_function("document.querySelector('#first video').paused")
    tab.locator("#first").get_by_role("button", name="Play", exact=True).click()
    tab.wait_for_function("document.querySelector('#second video').paused")
    assert _video(tab, expression="v.paused") is False


def test_hls_only_where_the_browser_plays_it_natively(open_page):
    tab = open_page("en.html")
    native = tab.evaluate("document.createElement('video').canPlayType('application/vnd.apple.mpegurl')")
    source = _video(tab, "#second", "v.currentSrc")
    assert source.endswith("/media/hls/clip.m3u8" if native else "/media/clip.mp4")
    assert _video(tab, "#first", "v.currentSrc").endswith("/media/clip.mp4")


def test_captions_are_drawn_above_the_bar_and_c_turns_them_off(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    cues = tab.locator("#first .rz-player__cues")
    captions = tab.locator("#first").get_by_role("button", name="Captions")
    tab.evaluate("document.querySelector('#first video').currentTime = 1")
    expect(cues).to_have_text(EN_CUE)
    # Only ours: the browser's own rendering stays off.
    assert _video(tab, expression="[...v.textTracks].map(t => t.mode)") == ["hidden", "disabled"]
    seek = tab.locator("#first .rz-player__seek").bounding_box()
    line = cues.locator(".rz-player__cue").bounding_box()
    assert line["y"] + line["height"] <= seek["y"]
    tab.evaluate("document.querySelector('#first').focus()")
    tab.keyboard.press("c")
    expect(captions).to_have_attribute("aria-pressed", "false")
    expect(cues).to_have_text("")
    _wait_status(tab, "#first", "Captions off")
    captions.click()
    expect(captions).to_have_attribute("aria-pressed", "true")
    expect(cues).to_have_text(EN_CUE)


def test_the_bar_hides_while_playing_untouched_but_not_while_focused(open_page):
    tab = open_page("en.html")
    tab.evaluate("document.querySelector('#first video').loop = true")
    stage = tab.locator("#first .rz-player__stage")
    stage.click()  # a click on the picture plays
    tab.wait_for_function("!document.querySelector('#first video').paused")
    tab.mouse.move(5, 5)
    tab.wait_for_function("document.querySelector('#first').classList.contains('rz-player--idle')", timeout=6000)
    tab.wait_for_function("getComputedStyle(document.querySelector('#first .rz-player__bar')).opacity === '0'")
    tab.keyboard.press("Tab")  # focus moves into the bar from the figure
    tab.wait_for_function("!document.querySelector('#first').classList.contains('rz-player--idle')")
    tab.wait_for_timeout(3500)
    assert not tab.evaluate("document.querySelector('#first').classList.contains('rz-player--idle')")
    assert tab.evaluate("document.querySelector('#first .rz-player__bar').contains(document.activeElement)")
    stage.click()
    tab.wait_for_function("document.querySelector('#first video').paused")


def test_urdu_page_has_urdu_labels_a_mirrored_bar_and_the_same_arrows(open_page):
    from playwright.sync_api import expect

    tab = open_page("ur.html")
    player = tab.locator("#first")
    play = player.get_by_role("button", name="چلائیں", exact=True)
    full = player.get_by_role("button", name="پوری اسکرین", exact=True)
    for button in (
        play,
        full,
        player.get_by_role("button", name="آواز بند"),
        player.get_by_role("button", name="سب ٹائٹل"),
        player.get_by_role("button", name="کی بورڈ شارٹ کٹس"),
    ):
        expect(button).to_be_visible()
    expect(player.get_by_role("slider", name="وقت")).to_have_attribute("aria-valuetext", "0:04 میں سے 0:00")
    # Mirrored: play at the right, full screen at the left.
    figure, play_box, full_box = player.bounding_box(), play.bounding_box(), full.bounding_box()
    assert play_box["x"] > figure["x"] + figure["width"] - 80
    assert full_box["x"] < figure["x"] + 80
    assert tab.evaluate("getComputedStyle(document.querySelector('#first .rz-player__row')).direction") == "rtl"
    # ...but time runs left to right, so → is still forward.
    assert tab.evaluate("getComputedStyle(document.querySelector('#first .rz-player__seek')).direction") == "ltr"
    tab.evaluate("document.querySelector('#first').focus()")
    tab.keyboard.press("ArrowRight")
    assert _video(tab, expression="v.currentTime") > 3
    tab.keyboard.press("ArrowLeft")
    assert _video(tab, expression="v.currentTime") == pytest.approx(0, abs=0.05)
    tab.evaluate("document.querySelector('#first video').currentTime = 1")
    expect(player.locator(".rz-player__cues")).to_have_text(UR_CUE)
    tab.keyboard.press("m")
    _wait_status(tab, "#first", "آواز بند ہے")
    tab.keyboard.press("m")
    _shot(tab, "player-ur.png")
    tab.keyboard.press("Shift+Slash")
    dialog = tab.get_by_role("dialog", name="کی بورڈ شارٹ کٹس")
    expect(dialog).to_be_visible()
    expect(dialog.locator("tr")).to_have_count(9)
    expect(dialog.locator("tr").nth(1).locator("td")).to_have_text("5 سیکنڈ پیچھے یا آگے")
    expect(dialog.get_by_role("button", name="بند کریں")).to_be_focused()
    _shot(tab, "player-ur-help.png")
    tab.keyboard.press("Escape")
    expect(tab.locator("dialog[open]")).to_have_count(0)
    expect(player).to_be_focused()
    assert tab.errors == []


def test_english_page_screenshot_while_playing(open_page):
    tab = open_page("en.html")
    tab.evaluate("document.querySelector('#first video').currentTime = 1.5")
    tab.locator("#first .rz-player__seek").hover(position={"x": 400, "y": 14})
    tab.wait_for_timeout(400)
    _shot(tab, "player-en.png")


def test_f_puts_the_figure_in_full_screen_and_escape_leaves(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html")
    full = tab.locator("#first").get_by_role("button", name="Full screen")
    tab.evaluate("document.querySelector('#first').focus()")
    tab.keyboard.press("f")
    tab.wait_for_function("document.fullscreenElement === document.querySelector('#first')")
    expect(full).to_have_attribute("aria-pressed", "true")
    box = tab.locator("#first video").bounding_box()
    assert box["width"] == pytest.approx(tab.viewport_size["width"], abs=2)
    tab.keyboard.press("f")
    tab.wait_for_function("document.fullscreenElement === null")
    expect(full).to_have_attribute("aria-pressed", "false")
    full.click()
    tab.wait_for_function("document.fullscreenElement === document.querySelector('#first')")
    _shot(tab, "player-en-fullscreen.png")
    tab.keyboard.press("Escape")
    tab.wait_for_function("document.fullscreenElement === null")
    expect(full).to_have_attribute("aria-pressed", "false")


def test_high_contrast_and_reduced_motion(open_page):
    from playwright.sync_api import expect

    tab = open_page("en.html", forced_colors="active", reduced_motion="reduce")
    player = tab.locator("#first")
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()
    assert tab.evaluate("getComputedStyle(document.querySelector('#first .rz-player__big')).transitionDuration") == "0s"
    tab.locator("#first .rz-player__seek").focus()
    _shot(tab, "player-en-forced-colors.png")


def test_on_a_phone_a_tap_plays_and_the_buttons_stay_44_px(open_page):
    tab = open_page("ur.html", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    _shot(tab, "player-ur-phone.png")
    tab.locator("#first .rz-player__stage").tap()
    tab.wait_for_function("!document.querySelector('#first video').paused")
    for button in tab.locator("#first .rz-player__bar button").all():
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    assert tab.locator("#first .rz-player__seek").bounding_box()["height"] >= 44
    tab.evaluate("document.querySelector('#first video').pause()")
