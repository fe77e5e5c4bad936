import pytest
from django.apps import apps

from employees.leave.types_data import install_leave_types
from employees.worktime.calendar_data import install_calendars


@pytest.fixture(autouse=True)
def _leave_data(request: pytest.FixtureRequest) -> None:
    """The shipped holiday calendar and leave types, also after a transactional test
    emptied the tables of a reused test database."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_reference_data")
    install_calendars(apps)
    install_leave_types(apps)
