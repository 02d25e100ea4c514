from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roznama.core"
    label = "core"
    verbose_name = "Roznama"
