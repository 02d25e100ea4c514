"""Static files as production serves them, built once by ``collectstatic``.

Each file gets a content-hashed name (``site.3f2a9c1b7e4d.css``), so browsers and the CDN may
keep it for a year: a changed file is a new name. The project's own CSS and JavaScript are
minified first (rcssmin, rjsmin), and every text file gets a gzip and a brotli copy beside it
(``.gz``, ``.br``) for nginx's ``gzip_static`` (deploy/nginx) to send without compressing on
each request.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

PACKAGE_DIR = Path(__file__).resolve().parent.parent

MINIFIERS = {
    ".css": rcssmin.cssmin,
    # keep_bang_comments: a "/*! ... */" comment carries a licence and must stay.
    ".js": lambda source: rjsmin.jsmin(source, keep_bang_comments=True),
}


def minify(name: str, source: str) -> str:
    """The minified text of a CSS or JavaScript file (unchanged for any other kind)."""
    minifier = MINIFIERS.get(Path(name).suffix)
    return minifier(source) if minifier else source


def is_own_source(storage, path: str) -> bool:
    """Files of this project, not of Wagtail or Django, whose builds arrive minified already."""
    try:
        location = Path(storage.path(path)).resolve()
    except NotImplementedError:
        return False
    return location.is_relative_to(PACKAGE_DIR) and ".min." not in location.name


class BuiltStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Minified, content-hashed, pre-compressed static files (see the module's docstring)."""

    def post_process(self, paths, dry_run=False, **options):
        if not dry_run:
            paths = self.minify_own_files(paths)
        yield from super().post_process(paths, dry_run=dry_run, **options)

    def minify_own_files(self, paths: dict) -> dict:
        """Replaces the collected copy of each own CSS/JS file by its minified text; hashing
        then reads that copy, so the hash is the hash of what readers get."""
        paths = dict(paths)
        for name, (source_storage, path) in paths.items():
            if Path(name).suffix not in MINIFIERS or not is_own_source(source_storage, path):
                continue
            with source_storage.open(path) as handle:
                text = handle.read().decode("utf-8")
            if self.exists(name):
                self.delete(name)
            self._save(name, ContentFile(minify(name, text).encode("utf-8")))
            paths[name] = (self, name)
        return paths
