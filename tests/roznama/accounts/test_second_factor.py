"""A second factor for every account that can publish: enrolment with a QR code, the step
after the password, single-use codes; accounts that cannot publish are not asked."""

import hashlib
import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from roznama.accounts.models import AccountEvent

# RFC 6238, appendix B: the shared secrets and (time, code) pairs, 8 digits.
RFC_SEEDS = {
    hashlib.sha1: b"12345678901234567890",
    hashlib.sha256: b"12345678901234567890123456789012",
    hashlib.sha512: b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize("at, sha1, sha256, sha512", RFC_VECTORS)
def test_the_tests_totp_matches_rfc_6238_appendix_b(totp, at, sha1, sha256, sha512):
    for digest, expected in [(hashlib.sha1, sha1), (hashlib.sha256, sha256), (hashlib.sha512, sha512)]:
        assert totp(RFC_SEEDS[digest], at, digits=8, digest=digest) == expected
    # ...and django-otp, which the site verifies with, says the same for SHA-1.
    verifier = TOTP(RFC_SEEDS[hashlib.sha1], step=30, digits=8)
    verifier.time = at
    assert str(verifier.token()).zfill(8) == sha1


def admin_pages():
    return [
        "/admin/",
        "/admin/pages/",
        "/admin/snippets/",
        "/admin/account/",
        "/admin/reports/account-events/",
        "/django-admin/",
    ]


def test_a_superuser_is_sent_to_enrolment_before_any_admin_page(browser_factory, make_user, totp):
    make_user("chief", superuser=True)
    editor = browser_factory()
    assert editor.sign_in("chief").status_code == 302
    for path in admin_pages():
        response = editor.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/second-factor/enrol/"), (path, response["Location"])
    # A change sent straight to the admin is refused the same way.
    response = editor.post("/admin/account/security/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/second-factor/enrol/")

    page = editor.get("/admin/second-factor/enrol/").content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S)
    assert svg and "<path" in svg.group(0)  # the QR code, inline
    secret = re.search(r"data-secret>([^<]+)<", page).group(1)
    device = TOTPDevice.objects.get(user__username="chief")
    assert not device.confirmed
    assert "".join(secret.split()) in device.config_url  # the QR code's otpauth:// URL has the same key

    wrong = str((int(totp(device.bin_key, time.time())) + 1) % 1_000_000).zfill(6)
    refused = editor.post("/admin/second-factor/enrol/", {"code": wrong})
    assert refused.status_code == 200 and "data-code-error" in refused.content.decode()
    assert editor.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp holds a device back a second after a wrong code

    codes, key = editor.enrol()
    assert len(codes) == 10 and len(set(codes)) == 10
    assert key == bytes.fromhex(TOTPDevice.objects.get(user__username="chief").key)
    for path in admin_pages():
        assert editor.get(path).status_code == 200, path
    assert AccountEvent.objects.filter(kind="otp-enrolled", username="chief").exists()


def test_the_second_step_refuses_a_wrong_code_and_a_replayed_one(browser_factory, make_user, totp):
    make_user("desk", groups=["Moderators"])  # Wagtail's moderators may publish pages
    first = browser_factory()
    first.sign_in("desk")
    _, key = first.enrol()

    now = time.time()
    second = browser_factory(address="203.0.113.21")
    response = second.sign_in("desk")
    assert second.get("/admin/")["Location"].startswith("/admin/second-factor/?next=")
    # With the password alone, no new authenticator can take the place of the owner's.
    assert second.get("/admin/second-factor/enrol/")["Location"].startswith("/admin/second-factor/")
    assert second.post("/admin/second-factor/enrol/", {"code": totp(key, now)})["Location"].startswith(
        "/admin/second-factor/"
    )
    assert TOTPDevice.objects.filter(user__username="desk").count() == 1
    good = totp(key, now + 30)  # the next time step: the one used at enrolment is spent
    wrong = str((int(good) + 1) % 1_000_000).zfill(6)
    response = second.post("/admin/second-factor/", {"code": wrong, "next": "/admin/pages/"})
    assert response.status_code == 200 and "data-code-error" in response.content.decode()
    assert second.get("/admin/pages/").status_code == 302
    time.sleep(1.1)  # django-otp holds a device back a second after a wrong code
    response = second.post("/admin/second-factor/", {"code": good, "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert second.get("/admin/pages/").status_code == 200

    # The same code again, from another browser: refused though still within its 30 seconds.
    third = browser_factory(address="203.0.113.22")
    third.sign_in("desk")
    replay = third.post("/admin/second-factor/", {"code": good})
    assert replay.status_code == 200 and "data-code-error" in replay.content.decode()
    assert third.get("/admin/").status_code == 302
    kinds = list(AccountEvent.objects.filter(username="desk").values_list("kind", flat=True))
    assert kinds.count("otp-failed") == 2 and kinds.count("otp-verified") == 1


def test_recovery_codes_work_once_each(browser_factory, make_user):
    make_user("chief", superuser=True)
    first = browser_factory()
    first.sign_in("chief")
    codes, _ = first.enrol()

    second = browser_factory()
    second.sign_in("chief")
    assert second.post("/admin/second-factor/", {"code": codes[0]}).status_code == 302
    assert second.get("/admin/").status_code == 200

    third = browser_factory()
    third.sign_in("chief")
    again = third.post("/admin/second-factor/", {"code": codes[0]})
    assert again.status_code == 200 and "data-code-error" in again.content.decode()
    time.sleep(1.1)  # django-otp holds a device back a second after a wrong code
    assert third.post("/admin/second-factor/", {"code": codes[1]}).status_code == 302
    assert third.get("/admin/").status_code == 200


def test_wire_publishing_rights_need_the_second_factor(browser_factory, make_user):
    make_user("wiredesk", permissions=["wire.change_wiresource"])
    editor = browser_factory()
    editor.sign_in("wiredesk")
    assert editor.get("/admin/")["Location"].startswith("/admin/second-factor/enrol/")


def test_an_account_that_cannot_publish_is_not_asked_but_may_choose_a_second_factor(browser_factory, make_user):
    make_user("writer", groups=["Editors"])  # Wagtail's editors draft, moderators publish
    editor = browser_factory()
    editor.sign_in("writer")
    assert editor.get("/admin/").status_code == 200
    assert editor.get("/admin/pages/").status_code == 200
    # Once the writer adds an authenticator, signing in takes the second step too.
    editor.enrol()
    later = browser_factory()
    later.sign_in("writer")
    assert later.get("/admin/pages/")["Location"].startswith("/admin/second-factor/")


def test_removing_the_authenticator_is_recorded_and_sends_a_publisher_back_to_enrolment(browser_factory, make_user):
    make_user("chief", superuser=True)
    editor = browser_factory()
    editor.sign_in("chief")
    editor.enrol()
    response = editor.post("/admin/account/security/remove-authenticator/")
    assert response["Location"] == "/admin/second-factor/enrol/"
    assert not TOTPDevice.objects.filter(user__username="chief").exists()
    assert AccountEvent.objects.filter(kind="otp-removed", username="chief").exists()
    assert editor.get("/admin/pages/")["Location"].startswith("/admin/second-factor/enrol/")
