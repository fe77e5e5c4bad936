"""salary_change: dated salary records, as the job record's dated changes work.

A change from a day cuts the record in force then; a change on a day that starts a
record corrects it (audited with the old figures); nothing is ever deleted; a change
that reaches a month a locked run has paid is refused; bad amounts are refused and
change nothing."""

from datetime import date
from decimal import Decimal

import pytest

from employees.models import PayComponent, SalaryItem, SalaryRecord
from employees.pay.salaries import salary_change
from employees.pay.setup import pay_component_save, pay_group_save
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.pay.salary_scene import (
    HIRED,
    PayScene,
    history,
    locked_payslip,
    pay_scene,
    salary_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)


@pytest.fixture
def scene() -> PayScene:
    return pay_scene()


def _audits(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def _nothing_written(scene: PayScene) -> tuple[object, ...]:
    """What a refused change must leave exactly as it was."""
    return (
        history(scene.employee),
        AuditEvent.objects.filter(action__startswith="employees.salary").count(),
    )


def test_the_first_salary_runs_from_the_first_day_on(scene: PayScene) -> None:
    record = salary_set(
        scene, HIRED, "12000", actor=scene.payroll, meal="600", shift_allowance="30"
    )

    assert history(scene.employee) == [
        (
            HIRED,
            None,
            Decimal("12000.00"),
            {"meal": Decimal("600.00"), "shift_allowance": Decimal("30.00")},
        )
    ]
    assert record.recorded_by == scene.payroll
    [audit] = _audits("employees.salary_change")
    assert audit.actor == scene.payroll
    assert audit.changes["valid_from"] == "2026-01-01"
    assert audit.changes["base_monthly"] == [None, "12000.00"]
    assert audit.changes["items"] == [None, {"meal": "600.00", "shift_allowance": "30.00"}]


def test_a_raise_from_a_day_cuts_the_salary_in_force_and_keeps_it(scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", meal="600")

    raised = salary_set(scene, date(2026, 3, 16), "13200", meal="600", reason="Annual review")

    assert history(scene.employee) == [
        (HIRED, date(2026, 3, 16), Decimal("12000.00"), {"meal": Decimal("600.00")}),
        (date(2026, 3, 16), None, Decimal("13200.00"), {"meal": Decimal("600.00")}),
    ]
    assert raised.reason == "Annual review"
    assert SalaryRecord.objects.as_of(date(2026, 3, 15)).get().base_monthly == Decimal("12000")
    assert SalaryRecord.objects.as_of(date(2026, 3, 16)).get().base_monthly == Decimal("13200")
    # Only what changed is audited, old and new.
    audit = _audits("employees.salary_change")[-1]
    assert set(audit.changes) == {"valid_from", "reason", "base_monthly"}
    assert audit.changes["base_monthly"] == ["12000.00", "13200.00"]


def test_a_change_before_one_planned_ends_where_the_planned_one_starts(scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000")
    salary_set(scene, date(2026, 7, 1), "15000", reason="Promotion planned")

    salary_set(scene, APRIL, "13000", meal="300", reason="Review")

    assert history(scene.employee) == [
        (HIRED, APRIL, Decimal("12000.00"), {}),
        (APRIL, date(2026, 7, 1), Decimal("13000.00"), {"meal": Decimal("300.00")}),
        (date(2026, 7, 1), None, Decimal("15000.00"), {}),
    ]


def test_a_change_on_a_day_that_starts_a_record_corrects_it_with_the_old_figures_audited(
    scene: PayScene,
) -> None:
    salary_set(scene, HIRED, "12000")
    salary_set(scene, APRIL, "13000", meal="300", shift_allowance="25", reason="Review")

    corrected = salary_set(
        scene,
        APRIL,
        "13500",
        actor=scene.hr,
        meal="300",
        on_call="40",
        reason="Typo: 13,500 was agreed",
    )

    assert SalaryRecord.objects.filter(employee=scene.employee).count() == 2
    assert history(scene.employee)[1] == (
        APRIL,
        None,
        Decimal("13500.00"),
        {"meal": Decimal("300.00"), "on_call": Decimal("40.00")},
    )
    assert corrected.reason == "Typo: 13,500 was agreed"
    [audit] = _audits("employees.salary_correct")
    assert audit.actor == scene.hr
    assert audit.changes["valid_from"] == "2026-04-01"
    assert audit.changes["base_monthly"] == ["13000.00", "13500.00"]
    assert audit.changes["items"] == [
        {"meal": "300.00", "shift_allowance": "25.00"},
        {"meal": "300.00", "on_call": "40.00"},
    ]


def test_the_same_salary_again_is_refused_and_changes_nothing(scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", meal="600")
    salary_set(scene, APRIL, "13000", meal="600")
    before = _nothing_written(scene)

    for day in (date(2026, 2, 10), APRIL):  # inside a record; on a record's first day
        with pytest.raises(ApplicationError, match="Nothing would change from that day"):
            salary_set(scene, day, "12000" if day < APRIL else "13000.00", meal="600.0")

    assert _nothing_written(scene) == before


@pytest.mark.parametrize(
    ("day", "refusal"),
    [
        (date(2025, 12, 31), "before the employee's first day \\(2026-01-01\\)"),
        (date(2026, 9, 1), "after the employee's last day \\(2026-08-31\\)"),
    ],
)
def test_a_salary_outside_the_employment_is_refused(
    scene: PayScene, day: date, refusal: str
) -> None:
    scene.employee.left_on = date(2026, 8, 31)
    scene.employee.save()

    with pytest.raises(ApplicationError, match=refusal) as refused:
        salary_set(scene, day, "12000")

    assert refused.value.extra["field"] == "valid_from"
    assert not SalaryRecord.objects.exists()


@pytest.mark.parametrize(
    ("base", "items", "field", "refusal"),
    [
        (Decimal("-1"), {}, "base_monthly", "never negative"),
        (Decimal("12000"), {"meal": Decimal("-300")}, "items.meal", "never negative"),
        (Decimal("12000.005"), {}, "base_monthly", "at most two decimals"),
        (Decimal("1E+10"), {}, "base_monthly", "below 10,000,000,000"),
        (Decimal("NaN"), {}, "base_monthly", "amount in yuan"),
        (12000.5, {}, "base_monthly", "amount in yuan"),  # a float never enters a salary
        (Decimal("12000"), {"housing": Decimal("500")}, "items.housing", "worked out by formula"),
        (Decimal("12000"), {"bonus_x": Decimal("5")}, "items", "no pay component bonus_x"),
    ],
)
def test_bad_amounts_and_items_are_refused_and_change_nothing(
    scene: PayScene, base: object, items: dict[str, Decimal], field: str, refusal: str
) -> None:
    salary_set(scene, HIRED, "12000")
    before = _nothing_written(scene)

    with pytest.raises(ApplicationError, match=refusal) as refused:
        salary_change(
            employee=scene.employee, valid_from=APRIL, pay_group=scene.group,
            base_monthly=base, items=items, reason="Review", actor=None,  # type: ignore[arg-type]
        )  # fmt: skip

    assert refused.value.extra["field"] == field
    assert _nothing_written(scene) == before


def test_an_inactive_component_takes_no_amount_and_a_zero_amount_is_no_item(
    scene: PayScene,
) -> None:
    pay_component_save(
        component=scene.on_call, code="on_call", name="On call", kind="earning",
        calculation="per_overtime_hour", position=30, active=False, actor=None,
    )  # fmt: skip

    with pytest.raises(ApplicationError, match="on_call are not active"):
        salary_set(scene, HIRED, "12000", on_call="40")
    salary_set(scene, HIRED, "12000", meal="0", shift_allowance="30")

    assert history(scene.employee)[0][3] == {"shift_allowance": Decimal("30.00")}


def test_a_reason_is_required(scene: PayScene) -> None:
    with pytest.raises(ApplicationError, match="Say why") as refused:
        salary_set(scene, HIRED, "12000", reason="   ")
    assert refused.value.extra["field"] == "reason"


def test_a_closed_group_takes_nobody_new_but_a_record_keeps_its_own(scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", group=scene.other_group)
    salary_set(scene, APRIL, "13000")  # moved: the other group pays nobody from April
    closing = {
        "name": "北京月薪", "cut_off_day": 25, "pay_day": 10, "proration": "working_days",
        "work_injury_rate": Decimal("0.004"), "housing_fund_rate": Decimal("0.07"),
        "bank_file_columns": ["bank_account", "amount"],
    }  # fmt: skip
    # Paid by it until April, and that is already past: it may close once nobody stays.
    pay_group_save(group=scene.other_group, active=False, actor=None, **closing)

    with pytest.raises(ApplicationError, match="北京月薪 is closed"):
        salary_set(scene, date(2026, 6, 1), "14000", group=scene.other_group)
    # The January record keeps its group while its figures are corrected.
    salary_set(scene, HIRED, "12100", group=scene.other_group, reason="Typo")

    assert [row[2] for row in history(scene.employee)] == [Decimal("12100.00"), Decimal("13000.00")]


# --- months already paid ---------------------------------------------------------------


def test_a_change_reaching_a_locked_month_is_refused(scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000")
    locked_payslip(scene.employee, scene.group, MARCH)
    before = _nothing_written(scene)

    # From the 16th: the second half of March was paid at 12,000 already.
    with pytest.raises(ApplicationError, match="2026-03 is paid and its run is locked") as refused:
        salary_set(scene, date(2026, 3, 16), "13000")
    # Correcting the record that paid March.
    with pytest.raises(ApplicationError, match="as a pay item"):
        salary_set(scene, HIRED, "12500", reason="Typo")

    assert refused.value.extra["field"] == "valid_from"
    assert _nothing_written(scene) == before


def test_a_change_after_the_locked_month_is_recorded(scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000")
    locked_payslip(scene.employee, scene.group, MARCH)

    salary_set(scene, APRIL, "13000")

    assert [row[:3] for row in history(scene.employee)] == [
        (HIRED, APRIL, Decimal("12000.00")),
        (APRIL, None, Decimal("13000.00")),
    ]


def test_only_the_days_a_change_reaches_count(scene: PayScene) -> None:
    """A change from February that ends where April's record starts reaches February and
    March only: May, locked, is not touched."""
    salary_set(scene, HIRED, "12000")
    salary_set(scene, APRIL, "13000")
    locked_payslip(scene.employee, scene.group, MAY)

    salary_set(scene, date(2026, 2, 1), "12500", reason="Back-dated review")

    assert [row[:3] for row in history(scene.employee)] == [
        (HIRED, date(2026, 2, 1), Decimal("12000.00")),
        (date(2026, 2, 1), APRIL, Decimal("12500.00")),
        (APRIL, None, Decimal("13000.00")),
    ]


def test_a_run_in_review_or_one_that_did_not_pay_the_employee_refuses_nothing(
    scene: PayScene,
) -> None:
    salary_set(scene, HIRED, "12000")
    locked_payslip(scene.employee, scene.group, MARCH, locked=False)  # computed, in review
    locked_payslip(scene.manager, scene.group, date(2026, 2, 1))  # someone else's

    salary_set(scene, date(2026, 2, 16), "13000")

    assert len(history(scene.employee)) == 2


def test_records_are_never_deleted_and_items_keep_their_component(scene: PayScene) -> None:
    first = salary_set(scene, HIRED, "12000", meal="600")
    salary_set(scene, APRIL, "13000", meal="650")

    first.refresh_from_db()
    assert first.valid_to == APRIL
    assert SalaryItem.objects.filter(record=first).get().amount == Decimal("600.00")
    with pytest.raises(Exception, match="protected"):
        PayComponent.objects.filter(code="meal").delete()


def test_a_move_into_a_group_whose_month_is_locked_is_refused(scene: PayScene) -> None:
    """The other group's March is locked without this employee, and from a move on the
    16th it, not the old group, would pay March: March would go unpaid."""
    salary_set(scene, HIRED, "12000")
    locked_payslip(scene.manager, scene.other_group, MARCH)

    with pytest.raises(ApplicationError, match="run of 2026-03 is approved and locked") as refused:
        salary_set(scene, date(2026, 3, 16), "12000", group=scene.other_group, reason="Moved")
    salary_set(scene, APRIL, "12000", group=scene.other_group, reason="Moved")

    assert refused.value.extra["field"] == "pay_group"
    assert [row[:2] for row in history(scene.employee)] == [(HIRED, APRIL), (APRIL, None)]
