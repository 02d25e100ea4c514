from django.apps import AppConfig


class AdsConfig(AppConfig):
    name = "roznama.ads"
    label = "ads"
    verbose_name = "Advertising"
