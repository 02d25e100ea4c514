from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "roznama.news"
    label = "news"
    verbose_name = "News"
