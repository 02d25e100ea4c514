"""The audit trail under Reports: sign-ins, sign-outs and failures with address and browser,
filterable by user, for administrators only."""

import re

from django.urls import reverse


def rows(response):
    html = response.content.decode()
    return re.findall(
        r'<tr data-kind="([^"]+)">\s*<td>[^<]*</td><td>[^<]*</td><td dir="ltr">([^<]*)</td>\s*'
        r'<td dir="ltr">([^<]*)</td><td dir="ltr">([^<]*)</td>',
        html,
    )


def test_the_report_shows_sign_ins_and_failures_filtered_by_user(admin_client, browser_factory, make_user):
    make_user("writer", groups=["Editors"])
    make_user("reporter", groups=["Editors"])
    browser_factory(address="198.51.100.9", user_agent="Evil/1.0").sign_in("writer", "guess one")
    browser = browser_factory(address="203.0.113.40", user_agent="Firefox/140")
    browser.sign_in("writer")
    browser.post("/admin/logout/")
    browser_factory().sign_in("reporter")

    report = admin_client.get(reverse("accounts_audit_report"), {"user": "writer"})
    assert report.status_code == 200
    assert rows(report) == [
        ("logout", "writer", "203.0.113.40", "Firefox/140"),
        ("login", "writer", "203.0.113.40", "Firefox/140"),
        ("login-failed", "writer", "198.51.100.9", "Evil/1.0"),
    ]
    everyone = {row[1] for row in rows(admin_client.get(reverse("accounts_audit_report")))}
    assert {"writer", "reporter", "admin"} <= everyone
    # Listed under Reports in the admin's menu.
    assert reverse("accounts_audit_report") in admin_client.get("/admin/").content.decode()


def test_only_administrators_see_the_report(browser_factory, make_user):
    make_user("writer", groups=["Editors"])
    browser = browser_factory()
    browser.sign_in("writer")
    refused = browser.get(reverse("accounts_audit_report"))  # Wagtail answers PermissionDenied so
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
