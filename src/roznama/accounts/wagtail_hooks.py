"""The accounts' admin pages: the second-factor steps, the account's security page (in the
account menu) and the audit trail (under Reports)."""

from types import SimpleNamespace

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from . import views


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("second-factor/", views.verify, name="accounts_verify"),
        path("second-factor/enrol/", views.enrol, name="accounts_enrol"),
        path("account/security/", views.security, name="accounts_security"),
        path("account/security/sign-out-everywhere/", views.sign_out_everywhere, name="accounts_sign_out_everywhere"),
        path("account/security/recovery-codes/", views.new_recovery_codes, name="accounts_new_recovery_codes"),
        path(
            "account/security/remove-authenticator/", views.remove_authenticator, name="accounts_remove_authenticator"
        ),
        path("reports/account-events/", views.audit_report, name="accounts_audit_report"),
    ]


@hooks.register("register_account_menu_item")
def security_menu_item(request):
    return SimpleNamespace(
        url=reverse("accounts_security"),
        label=_("Second factor and sessions"),
        help_text=_("Your authenticator, recovery codes, and signing out everywhere."),
    )


@hooks.register("register_reports_menu_item")
def audit_menu_item():
    return AdminOnlyMenuItem(_("Sign-ins and accounts"), reverse("accounts_audit_report"), icon_name="user", order=800)
