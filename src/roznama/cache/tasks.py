"""Purges run by the worker, so that a publish never waits for a CDN's API."""

from django_tasks import task


@task()
def purge_urls(urls: list[str]) -> int:
    from .purge import purge_now

    purge_now(urls)
    return len(urls)


@task()
def purge_all(languages: list[str] | None = None) -> None:
    from .purge import purge_all_frontend, purge_app_languages

    purge_app_languages(languages)
    purge_all_frontend(languages)
