"""Discovery URLs that exist in each language (under /ur/ for Urdu): feeds and search."""

from django.urls import path

from . import views
from .feeds import ArticleFeed, AuthorFeed, SectionFeed, TagFeed, feed_view

urlpatterns = [
    path("search/", views.search, name="seo_search"),
    path("feeds/rss.xml", feed_view(ArticleFeed), name="seo_feed_rss"),
    path("feeds/atom.xml", feed_view(ArticleFeed, "atom"), name="seo_feed_atom"),
]
# Tag slugs may be Urdu (taggit keeps Unicode); section and author slugs are ASCII.
for kind, feed_class, conv in (
    ("section", SectionFeed, "slug"),
    ("tag", TagFeed, "str"),
    ("author", AuthorFeed, "slug"),
):
    urlpatterns += [
        path(f"feeds/{kind}/<{conv}:slug>/rss.xml", feed_view(feed_class), name=f"seo_feed_{kind}_rss"),
        path(f"feeds/{kind}/<{conv}:slug>/atom.xml", feed_view(feed_class, "atom"), name=f"seo_feed_{kind}_atom"),
    ]
