"""Fixtures every test may use: isolated media, a real Celery worker, a real browser."""

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.celery_worker", "tests.fixtures.browser"]


@pytest.fixture(autouse=True)
def _media_root(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """Uploaded files of a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    yield


@pytest.fixture(autouse=True)
def _fresh_cache_and_axes() -> Iterator[None]:
    """Each test starts with an empty cache (the test Redis database)."""
    from django.core.cache import cache

    cache.clear()
    yield
