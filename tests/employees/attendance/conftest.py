from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """The services' refusals are read in English here."""
    with translation.override("en"):
        yield
