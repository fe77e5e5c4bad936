from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def english() -> Iterator[None]:
    """The services' refusals read in English, where a test matches their words (the
    catalogue translates them; the pages are tested in both languages)."""
    with translation.override("en"):
        yield
