"""What every page's header and footer needs."""

from django.utils import translation


def site_chrome(request):
    language = translation.get_language() or "en"
    return {
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "CURRENT_LANGUAGE": language,
    }
