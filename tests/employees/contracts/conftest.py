from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """The services' refusals are read in English here (the pages test both languages)."""
    with translation.override("en"):
        yield
