"""The Content-Security-Policy breaks no page: every kind of page, in both languages where
they differ, loads in chromium without one violation, and the admin works under its own."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Listens before any of the page's own code runs, so no violation can be missed.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def page_urls(demo_site) -> dict[str, str]:
    code = (
        "import json; from roznama.news.models import ArticlePage; from roznama.live.models import LiveBlogPage; "
        "from roznama.news.models import SectionPage; from roznama.live import services; "
        "from roznama.ramadan.models import RamadanHubPage; "
        "video = next(p for p in ArticlePage.objects.live().filter(locale__language_code='en') "
        "             if any(b.block_type == 'video' for b in p.body)); "
        "article = ArticlePage.objects.live().filter(locale__language_code='ur').first(); "
        "blog = LiveBlogPage.objects.filter(slug='csp-live').first(); "
        "section = SectionPage.objects.get(slug='world', locale__language_code='en'); "
        "blog = blog or section.add_child(instance=LiveBlogPage(title='Election night, live', slug='csp-live', summary='Results.')); "
        "blog.save_revision().publish(); services.add_post(blog, body='Polls close.'); "
        "hub = RamadanHubPage.objects.live().get(locale__language_code='en'); "
        "print(json.dumps({'video article': video.url, 'Urdu article': article.url, 'live blog': blog.url, "
        "'hub': hub.url, 'printable timetable': hub.url + 'print/?city=Karachi&year=1448'}))"
    )
    found = json.loads(demo_site.manage("shell", "-c", code).strip().splitlines()[-1])
    return {
        "home": "/",
        "Urdu home": "/ur/",
        "section": "/world/",
        **found,
        "widget embed": "/ramadan/embed/?city=Lahore&lang=ur",
        "widget docs": "/ramadan-pedia/widget/",
        "search": "/search/?q=Karachi",
        "admin login": "/admin/login/",
    }


def violations_on(page, url: str, name: str = "") -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(url, wait_until="load")
    assert response.status == 200, (name, url, response.status)
    assert "'none'" in response.headers.get("content-security-policy", ""), (name, url)  # a policy was sent
    page.wait_for_timeout(1500)  # lazy parts (ads, the strip, the ticker) fill in
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(1000)
    return page.evaluate("window.__violations") + messages


def test_no_page_type_violates_the_policy(demo_site, browser):
    urls = page_urls(demo_site)
    # The listener hears a violation when there is one: a picture from elsewhere is blocked.
    context = browser.new_context()
    context.add_init_script(LISTEN)
    control = context.new_page()
    control.goto(demo_site.url("/"))
    control.evaluate(
        "() => { const i = new Image(); i.src = 'https://tracker.example/pixel.gif'; document.body.append(i); }"
    )
    control.wait_for_timeout(500)
    assert any("img-src https://tracker.example" in v for v in control.evaluate("window.__violations"))
    context.close()
    found = {}
    for name, path in urls.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(LISTEN)
        seen = violations_on(context.new_page(), demo_site.url(path), name)
        if seen:
            found[name] = seen
        context.close()
    assert found == {}, found


def test_an_editor_works_in_the_admin_without_violations(demo_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    tab = context.new_page()
    demo_site.admin_login(tab)
    section = demo_site.manage(
        "shell",
        "-c",
        "from roznama.news.models import SectionPage; "
        "print(SectionPage.objects.get(slug='world', locale__language_code='en').pk)",
    )
    editor = f"/admin/pages/add/news/articlepage/{section.strip().splitlines()[-1]}/"
    found = {}
    # The dashboard, the page explorer, the story editor (date pickers, inline panels), the
    # and a public page with the editor's userbar.
    for path in ["/admin/", "/admin/pages/", editor, "/world/"]:
        seen = violations_on(tab, demo_site.url(path))
        if seen:
            found[path] = seen
    context.close()
    assert found == {}, found


def test_a_page_framed_by_another_site_is_refused_but_the_widget_is_shown(demo_site, browser, tmp_path):
    """An attacker's page frames an article (clickjacking) and the widget; only the widget loads."""
    import http.server
    import threading

    (tmp_path / "attack.html").write_text(
        f'<iframe id="story" src="{demo_site.url("/world/")}"></iframe>'
        f'<iframe id="widget" src="{demo_site.url("/ramadan/embed/?city=Karachi")}"></iframe>'
    )
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("localhost", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(f"http://localhost:{server.server_address[1]}/attack.html")
        tab.wait_for_timeout(2000)
        frames = {f.name or f.url: f for f in tab.frames}
        widget = next(f for f in tab.frames if "/ramadan/embed/" in f.url)
        assert widget.locator("[data-widget]").count() == 1
        story = next((f for f in tab.frames if f.url.endswith("/world/")), None)
        assert story is None or story.locator("main").count() == 0, list(frames)
    finally:
        context.close()
        server.shutdown()
