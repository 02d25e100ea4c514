"""The live blog, a post's own page and the new-posts fragment's host page, in English and in
Urdu, pass the Nu HTML Checker with zero errors."""

from __future__ import annotations

from roznama.live import services

from ..seo.test_html_valid import nu_checker
from .conftest import make_live_blog


def test_live_pages_in_both_languages_pass_the_nu_html_checker(client, newsroom, image_factory, tmp_path):
    sports_ur = newsroom.translate_section(newsroom.sports, "کھیل")
    files = []
    for language, section, title in (
        ("en", newsroom.sports, "Pakistan v India, live"),
        ("ur", sports_ur, "پاکستان بمقابلہ بھارت"),
    ):
        blog = make_live_blog(section, title=title, slug=f"live-{language}")
        services.add_post(blog, kind="quote", body="We will chase anything.", quote_source="Captain", pinned=True)
        services.add_post(blog, kind="image", image=image_factory(f"Crowd {language}"), body="The crowd.")
        services.add_post(blog, kind="embed", embed_url="https://www.youtube.com/watch?v=abc")
        post = services.add_post(blog, kind="score", headline="Innings break", score_lines="Pakistan | 245/6")
        services.edit_post(post, headline="Innings break at Lahore", correction_note="The ground was missing.")
        for name, url in (
            (f"blog-{language}.html", blog.url),
            (f"post-{language}.html", f"{blog.url}posts/{post.pk}/"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / name
            path.write_bytes(response.content)
            files.append(path)
    assert nu_checker(files) == {}
