"""Fixtures every test may use: isolated media, a real Celery worker, a real browser."""

from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.celery_worker", "tests.fixtures.browser"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:
    """Uploaded files of a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (the test Redis database)."""
    from django.core.cache import cache

    cache.clear()
