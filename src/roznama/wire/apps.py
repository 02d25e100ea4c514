from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "roznama.wire"
    label = "wire"
    verbose_name = "Wire ingestion"
