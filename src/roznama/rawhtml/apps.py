from django.apps import AppConfig


class RawHTMLConfig(AppConfig):
    name = "roznama.rawhtml"
    label = "rawhtml"
    verbose_name = "Raw HTML"
