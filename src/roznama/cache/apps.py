from django.apps import AppConfig


class CacheConfig(AppConfig):
    name = "roznama.cache"
    label = "roznama_cache"
    verbose_name = "Page cache"
