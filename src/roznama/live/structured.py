"""A live blog's structured data: schema.org LiveBlogPosting, per Google's documentation."""

from __future__ import annotations

from roznama.seo.services import iso, page_url

# How many of the newest posts go into the page's JSON-LD (the page shows them all).
STRUCTURED_UPDATES = 50


def live_blog_posting(request, page, article: dict) -> dict:
    """schema.org LiveBlogPosting: the article's NewsArticle properties (headline, image,
    dates, author, publisher) with ``coverageStartTime``, ``coverageEndTime`` and one
    ``liveBlogUpdate`` (a BlogPosting: headline, articleBody, datePublished, url) a post."""
    data = dict(article)
    data["@type"] = "LiveBlogPosting"
    data["@id"] = data["@id"].replace("#article", "#liveblog")
    if page.summary:
        data["description"] = page.summary
    data["coverageStartTime"] = iso(page.coverage_start)
    if page.coverage_end:
        data["coverageEndTime"] = iso(page.coverage_end)
    url = page_url(page, request)
    updates = []
    posts = sorted(page.stream(), key=lambda p: (p.published_at, p.pk), reverse=True)[:STRUCTURED_UPDATES]
    for post in posts:
        update = {
            "@type": "BlogPosting",
            "@id": f"{url}#{post.anchor}",
            "url": url + page.post_path(post).lstrip("/"),
            "headline": (post.headline or post.body or post.get_kind_display())[:110],
            "datePublished": iso(post.published_at),
            "dateModified": iso(max(post.updated_at, post.published_at)),
        }
        if post.body:
            update["articleBody"] = post.body
        if post.author is not None:
            update["author"] = {"@type": "Person", "name": post.author.display_name}
        updates.append(update)
    if updates:
        data["liveBlogUpdate"] = updates
        data["dateModified"] = max(data["dateModified"], max(u["dateModified"] for u in updates))
    return data
