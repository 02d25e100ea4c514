from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "roznama.news"
    label = "news"
    verbose_name = "News"

    def ready(self):
        from roznama.cache.purge import register_purge_urls

        from . import front, purging, receivers  # noqa: F401  (receivers: a video's files leave storage with it)
        from .models import ArticlePage, HomePage, SectionPage

        HomePage.front_context = staticmethod(front.home_context)

        # What the page cache purges when an article or a section changes.
        register_purge_urls(ArticlePage, purging.article_urls)
        register_purge_urls(SectionPage, purging.section_urls)
