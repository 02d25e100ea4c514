from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "roznama.live"
    label = "live"
    verbose_name = _("Live coverage")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (posts and the breaking line purge what shows them)
