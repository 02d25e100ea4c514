"""Sessions end after inactivity (sliding), everywhere at once on request, and on every other
computer when the password changes."""

import time

from roznama.accounts.models import AccountEvent

from .conftest import PASSWORD


def test_a_session_ends_after_inactivity_and_activity_keeps_it(settings, browser_factory, make_user):
    settings.ROZNAMA_SESSION_IDLE_SECONDS = 2
    make_user("writer", groups=["Editors"])
    busy, idle = browser_factory(), browser_factory(address="203.0.113.30")
    busy.sign_in("writer")
    idle.sign_in("writer")
    for _ in range(4):  # 4.4 s in all, never 2 s without a request
        time.sleep(1.1)
        assert busy.get("/admin/").status_code == 200
    response = idle.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert AccountEvent.objects.filter(kind="logout", username="writer", detail="inactivity").count() == 1


def test_sign_out_everywhere_ends_every_session_of_that_user(browser_factory, make_user):
    make_user("chief", superuser=True)
    make_user("writer", groups=["Editors"])
    laptop, phone, colleague = browser_factory(), browser_factory(address="203.0.113.31"), browser_factory()
    laptop.sign_in("chief")
    laptop.enrol()
    phone.sign_in("chief")
    colleague.sign_in("writer")
    security = laptop.get("/admin/account/security/")
    assert security.status_code == 200 and "data-sign-out-everywhere" in security.content.decode()
    # ...and the account page links to it.
    assert "/admin/account/security/" in laptop.get("/admin/account/").content.decode()

    response = laptop.post("/admin/account/security/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    for device in (laptop, phone):
        assert device.get("/admin/")["Location"].startswith("/admin/login/")
    assert colleague.get("/admin/").status_code == 200  # another user's session is untouched
    assert AccountEvent.objects.filter(kind="signed-out-everywhere", username="chief").count() == 1
    # Signing in again works as before.
    assert phone.sign_in("chief")["Location"] == "/admin/"


def test_changing_the_password_ends_the_other_sessions(browser_factory, make_user):
    make_user("writer", groups=["Editors"])
    laptop, phone = browser_factory(), browser_factory(address="203.0.113.31")
    laptop.sign_in("writer")
    phone.sign_in("writer")
    new_password = "a different monsoon passphrase"
    response = laptop.post(
        "/admin/account/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": new_password,
            "password-new_password2": new_password,
            "name_email-first_name": "Sana",
            "name_email-last_name": "Mir",
            "name_email-email": "writer@example.org",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200  # the computer it was changed on stays in
    assert phone.get("/admin/")["Location"].startswith("/admin/login/")
    assert browser_factory().sign_in("writer", new_password)["Location"] == "/admin/"
