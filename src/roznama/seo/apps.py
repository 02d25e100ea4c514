from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "roznama.seo"
    label = "seo"
    verbose_name = "Search and discovery"
