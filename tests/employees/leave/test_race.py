"""Two requests at once cannot together exceed the balance: the check and the insert
run under a lock on the employee's row (issue 18 point 4)."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connections
from django.utils import translation

from employees.leave.requests import leave_request_submit
from employees.models import Employee, LeaveRequest, LeaveSettings
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.org.selectors import company_current
from tests.employees.leave.scene import grant, leave_type, person

# A Monday and Tuesday of 2027: beyond the shipped holiday calendars, plain workdays.
MONDAY = date(2027, 3, 8)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_both_take_the_last_day() -> None:
    employee, user = person(since=date(2024, 1, 1))
    grant(employee, "annual", "8", on=date(2027, 1, 1))
    annual = leave_type("annual")
    # Rows made on first read exist already: their creation would serialise the threads.
    company_current()
    LeaveSettings.current()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def ask(day: date) -> None:
        try:
            start.wait()
            with translation.override("en"):
                leave_request_submit(
                    employee=Employee.objects.get(pk=employee.pk), leave_type=annual,
                    start_day=day, end_day=day, actor=User.objects.get(pk=user.pk),
                )  # fmt: skip
            outcomes.append("submitted")
        except ApplicationError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(MONDAY + timedelta(days=n),)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "submitted"
    assert sorted(outcomes)[0].startswith("Only 0.00 hours of Statutory annual leave")
    assert LeaveRequest.objects.filter(employee=employee).count() == 1
