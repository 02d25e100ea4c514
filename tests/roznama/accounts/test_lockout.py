"""Login throttling with django-axes: a user name is locked from every address, an address
for every user name, the real client is counted behind a trusted proxy, a forged header from
anyone else changes nothing, and the lock lifts after the cool-off."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from roznama.accounts.models import AccountEvent

LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def locked(response) -> bool:
    return response.status_code == 429 and "data-locked-out" in response.content.decode()


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_failed_logins_lock_the_user_name_from_any_address(browser_factory, make_user):
    make_user("reporter")
    for n in range(LIMIT - 1):
        assert browser_factory(address=f"198.51.100.{n + 1}").sign_in("reporter", "wrong guess").status_code == 200
    assert locked(browser_factory(address="198.51.100.50").sign_in("reporter", "wrong guess"))  # the last one allowed
    # The right password, from an address never seen: still locked.
    response = browser_factory(address="192.0.2.77").sign_in("reporter")
    assert locked(response)
    assert "Too many failed sign-ins. Try again in 30 minutes." in response.content.decode()
    # In Urdu for an editor whose browser asks for it.
    urdu = browser_factory(address="192.0.2.78").sign_in("reporter", HTTP_ACCEPT_LANGUAGE="ur")
    assert locked(urdu) and "بہت زیادہ ناکام سائن ان۔ 30 منٹ بعد دوبارہ کوشش کریں۔" in urdu.content.decode()
    # Another account is not affected.
    make_user("subeditor")
    assert signed_in(browser_factory(address="192.0.2.79").sign_in("subeditor"))


def test_failed_logins_lock_the_address_for_any_user_name(browser_factory, make_user):
    make_user("reporter")
    attacker = browser_factory(address="198.51.100.9")
    for name in ["admin", "editor", "root"]:
        attacker.sign_in(name, "123456")
    assert locked(browser_factory(address="198.51.100.9").sign_in("reporter"))
    assert signed_in(browser_factory(address="198.51.100.10").sign_in("reporter"))


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_dodge_the_lock(browser_factory, make_user):
    make_user("reporter")
    for n, name in enumerate(["admin", "editor", "root"]):
        browser_factory(address="198.51.100.9").sign_in(name, "123456", HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}
    again = browser_factory(address="198.51.100.9").sign_in("reporter", HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert locked(again)


def test_behind_a_trusted_proxy_the_real_client_is_counted(settings, browser_factory, make_user):
    settings.ROZNAMA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    make_user("reporter")
    proxy = "10.1.2.3"
    for name in ["admin", "editor", "root"]:
        # The client wrote its own X-Forwarded-For; the proxy appended the address it saw.
        browser_factory(address=proxy).sign_in(name, "123456", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}
    assert locked(browser_factory(address=proxy).sign_in("reporter", HTTP_X_FORWARDED_FOR="198.51.100.9"))
    # Everyone else behind the same proxy still signs in.
    assert signed_in(browser_factory(address=proxy).sign_in("reporter", HTTP_X_FORWARDED_FOR="203.0.113.5"))
    # The audit trail has each failure (the refused attempt while locked too), with the real address.
    failed = AccountEvent.objects.filter(kind="login-failed")
    assert set(failed.values_list("address", flat=True)) == {"198.51.100.9"}
    assert set(failed.values_list("user_agent", flat=True)) == {"Mozilla/5.0 (Test editor)"}
    assert sorted(failed.values_list("username", flat=True)) == ["admin", "editor", "reporter", "root"]


def test_the_lock_lifts_after_the_cool_off(settings, browser_factory, make_user):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    make_user("reporter")
    for _ in range(LIMIT):
        browser_factory().sign_in("reporter", "wrong guess")
    assert locked(browser_factory().sign_in("reporter"))
    assert AccountEvent.objects.filter(kind="locked-out", username="reporter").exists()
    time.sleep(2.2)
    assert signed_in(browser_factory().sign_in("reporter"))


def test_administrators_see_axes_records_in_the_django_admin(admin_client, browser_factory, make_user):
    browser_factory(address="198.51.100.9").sign_in("nobody", "123456")
    page = admin_client.get("/django-admin/axes/accessattempt/")
    assert page.status_code == 200 and "198.51.100.9" in page.content.decode()
