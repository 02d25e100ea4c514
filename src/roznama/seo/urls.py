"""Site-wide discovery URLs (no language prefix): robots.txt and the sitemaps."""

from django.urls import path

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="seo_robots"),
    path("sitemap.xml", views.sitemap_index, name="seo_sitemap_index"),
    path("sitemaps/pages.xml", views.sitemap_pages, name="seo_sitemap_pages"),
    path("sitemaps/<slug:name>.xml", views.sitemap_articles, name="seo_sitemap_articles"),
    path("news-sitemap.xml", views.news_sitemap, name="seo_news_sitemap"),
    path("news-sitemap-<int:number>.xml", views.news_sitemap, name="seo_news_sitemap_part"),
]
