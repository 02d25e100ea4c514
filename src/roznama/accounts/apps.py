from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "roznama.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import signals  # noqa: F401  (the audit trail's receivers)
