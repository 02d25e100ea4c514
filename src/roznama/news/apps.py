from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "roznama.news"
    label = "news"
    verbose_name = "News"

    def ready(self):
        from . import receivers  # noqa: F401
