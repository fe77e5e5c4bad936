"""The records scene itself: its contract helper works on any hire date."""

from datetime import date

import pytest

from tests.employees.records.scene import contract_make, employee_make

pytestmark = pytest.mark.django_db


def test_a_contract_for_a_hire_on_29_february_ends_the_day_before_the_anniversary():
    employee = employee_make(since=date(2024, 2, 29))

    contract = contract_make(employee, years=3)

    assert (contract.starts_on, contract.ends_on) == (date(2024, 2, 29), date(2027, 2, 27))
