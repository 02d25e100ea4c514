from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "wordpress"


@pytest.fixture
def wp_data() -> Path:
    return DATA


@pytest.fixture
def run_import(db, settings, tmp_path):
    """``run_import(*files, **options)``: the importer over test exports, its report back."""
    from roznama.wpimport.services import Importer

    settings.MEDIA_ROOT = tmp_path / "media"

    def run(*files, **options):
        options.setdefault("progress", False)
        return Importer(**options).run([DATA / name if isinstance(name, str) else name for name in files])

    return run
