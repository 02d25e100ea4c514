from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrayerTimesConfig(AppConfig):
    name = "roznama.prayertimes"
    label = "prayertimes"
    verbose_name = _("Prayer times")
