import pytest

from tests.employees.api.scene import Org, org_build
from tests.recruiting.api.conftest import api_as, token_client  # noqa: F401


@pytest.fixture
def org(db: None) -> Org:
    return org_build()
