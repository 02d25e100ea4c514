"""Speed at the iftar spike: anonymous pages from cache, purges when content changes."""

from django.apps import AppConfig


def _on_setting_changed(setting, **kwargs):
    if setting.startswith("ROZNAMA_FRAGMENT") or setting == "CACHES":
        from . import fragments

        fragments.reset()
    if setting.startswith("ROZNAMA_PAGE_CACHE") or setting in ("CACHES", "LANGUAGES", "SESSION_COOKIE_NAME"):
        from . import store

        store.reset()


class CacheConfig(AppConfig):
    name = "roznama.cache"
    label = "roznama_cache"
    verbose_name = "Page cache"

    def ready(self):
        from django.conf import settings
        from django.core.signals import setting_changed

        from . import fragments, policy, signals

        policy.set_languages([code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE])
        # Before the purges: on commit, the fragments' generation changes before any purge.
        fragments.connect()
        signals.connect()
        setting_changed.connect(_on_setting_changed, dispatch_uid="roznama_cache_settings")
