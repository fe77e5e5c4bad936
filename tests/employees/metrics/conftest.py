import pytest

from tests.employees.api.scene import Org, org_build


@pytest.fixture
def org(db: None) -> Org:
    return org_build()
