from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RamadanConfig(AppConfig):
    name = "roznama.ramadan"
    label = "ramadan"
    verbose_name = _("Ramadan")

    def ready(self):
        from . import receivers  # noqa: F401  (editors' changes purge and announce)
