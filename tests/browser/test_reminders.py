"""The reminders opt-in page in chromium: the service worker registers with the whole site
as its scope, in both languages, with notification permission granted by the context."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def notifying_page(browser, demo_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["notifications"], origin=demo_site.base_url)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab, errors
    context.close()


@pytest.mark.parametrize(
    "prefix, heading", [("", "Prayer and iftar reminders"), ("/ur", "نماز اور افطار کی یاد دہانیاں")]
)
def test_the_service_worker_registers_for_the_whole_site(notifying_page, demo_site, prefix, heading):
    page, errors = notifying_page
    page.goto(demo_site.url(f"{prefix}/reminders/?place=LHR"))
    assert page.locator("h1").inner_text() == heading
    page.wait_for_selector('[data-reminders][data-sw="registered"]', timeout=15_000)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == demo_site.url("/")
    assert page.evaluate("Notification.permission") == "granted"
    assert page.locator('input[name="reminders"]').count() == 7
    assert errors == []
