"""pay_group_save: days of the month, rates as decimal fractions, bank file columns from
the catalogue, unique names, and a group that pays someone stays open."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from employees.models import PayGroup
from employees.pay.bank_file_columns import BANK_FILE_COLUMN_CODES
from employees.pay.setup import pay_group_save
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.pay.salary_scene import HIRED, PayScene, group_make, pay_scene, salary_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _values(group: PayGroup, **changes: Any) -> dict[str, Any]:
    fields = (
        "name", "cut_off_day", "pay_day", "proration", "work_injury_rate",
        "housing_fund_rate", "bank_file_columns", "active",
    )  # fmt: skip
    return {**{name: getattr(group, name) for name in fields}, **changes}


def test_a_group_is_saved_with_its_rates_exact_and_audited() -> None:
    group = group_make("深圳月薪", work_injury_rate=Decimal("0.002"), cut_off_day=31)

    group.refresh_from_db()
    assert (group.cut_off_day, group.work_injury_rate) == (31, Decimal("0.0020"))
    assert group.bank_file_columns == ["employee_number", "name", "bank_account", "amount"]
    audit = AuditEvent.objects.get(action="employees.pay_group_save")
    assert audit.changes["work_injury_rate"] == [None, "0.0020"]
    assert audit.changes["housing_fund_rate"] == [None, "0.0700"]


@pytest.mark.parametrize(
    ("changes", "field", "refusal"),
    [
        ({"cut_off_day": 0}, "cut_off_day", "1 to 31"),
        ({"cut_off_day": 32}, "cut_off_day", "1 to 31"),
        ({"pay_day": True}, "pay_day", "1 to 31"),
        ({"work_injury_rate": Decimal(0)}, "work_injury_rate", "between 0 and 1"),
        ({"work_injury_rate": Decimal(1)}, "work_injury_rate", "between 0 and 1"),
        ({"housing_fund_rate": Decimal("7")}, "housing_fund_rate", "between 0 and 1"),
        ({"housing_fund_rate": Decimal("-0.07")}, "housing_fund_rate", "between 0 and 1"),
        ({"housing_fund_rate": 0.07}, "housing_fund_rate", "between 0 and 1"),  # a float
        ({"housing_fund_rate": Decimal("NaN")}, "housing_fund_rate", "between 0 and 1"),
        ({"housing_fund_rate": Decimal("0.07125")}, "housing_fund_rate", "four decimals"),
        ({"proration": "hourly"}, "proration", "joiners and leavers"),
        (
            {"bank_file_columns": ["bank_account", "amount", "salary"]},
            "bank_file_columns",
            "no column salary",
        ),
        (
            {"bank_file_columns": ["bank_account", "amount", "amount"]},
            "bank_file_columns",
            "comes once",
        ),
        (
            {"bank_file_columns": ["name", "amount"]},
            "bank_file_columns",
            "bank account and the amount",
        ),
        ({"name": "  "}, "name", "Give it a name"),
        ({"name": "上海月薪"}, "name", "exists already"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(
    changes: dict[str, Any], field: str, refusal: str
) -> None:
    group = group_make("上海月薪")
    other = group_make("苏州月薪")
    before = list(PayGroup.objects.values().order_by("pk"))

    with pytest.raises(ApplicationError, match=refusal) as refused:
        pay_group_save(group=other, actor=None, **_values(other, **changes))

    assert refused.value.extra["field"] == field
    assert list(PayGroup.objects.values().order_by("pk")) == before
    assert group.name == "上海月薪"


def test_every_catalogue_column_may_be_used_once_in_any_order() -> None:
    columns = list(reversed(BANK_FILE_COLUMN_CODES))
    group = group_make(bank_file_columns=columns)
    group.refresh_from_db()
    assert group.bank_file_columns == columns


def test_a_group_that_pays_someone_stays_open() -> None:
    scene: PayScene = pay_scene()
    salary_set(scene, HIRED, "12000")

    with pytest.raises(ApplicationError, match="1 employee is paid by this group today or later"):
        pay_group_save(group=scene.group, actor=None, **_values(scene.group, active=False))

    salary_set(scene, date(2026, 2, 1), "12000", group=scene.other_group, reason="Moved")
    closed = pay_group_save(group=scene.group, actor=None, **_values(scene.group, active=False))
    assert closed.active is False
