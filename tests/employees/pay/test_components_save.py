"""pay_component_save: codes formulas can say, formulas checked when saved, no circle of
formulas, and a component other formulas read keeps its code and stays active."""

from decimal import Decimal
from typing import Any

import pytest

from employees.models import PayComponent
from employees.pay.components import components_for_run
from employees.pay.setup import pay_component_save
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.pay.salary_scene import HIRED, PayScene, component_make, pay_scene, salary_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
FIXED, FORMULA = PayComponent.Calculation.FIXED, PayComponent.Calculation.FORMULA


@pytest.fixture
def scene() -> PayScene:
    return pay_scene()


def _save(component: PayComponent, **changes: Any) -> PayComponent:
    values = {
        name: getattr(component, name)
        for name in (
            "code",
            "name",
            "kind",
            "calculation",
            "formula",
            "taxable",
            "position",
            "active",
        )
    }
    return pay_component_save(component=component, actor=None, **{**values, **changes})


def _save_or_make(component: PayComponent | None, values: dict[str, Any]) -> PayComponent:
    if component is not None:
        return _save(component, **values)
    return component_make(values.pop("code"), values.pop("calculation"), **values)


def _refused(field: str, match: str, **values: Any) -> ApplicationError:
    before = list(PayComponent.objects.values_list("code", "formula", "active").order_by("code"))
    component = values.pop("component", None)
    with pytest.raises(ApplicationError, match=match) as refused:
        _save_or_make(component, values)
    assert refused.value.extra["field"] == field
    assert (
        list(PayComponent.objects.values_list("code", "formula", "active").order_by("code"))
        == before
    )
    return refused.value


def test_a_formula_is_checked_compiled_and_audited_when_saved(scene: PayScene) -> None:
    saved = component_make(
        "transport", FORMULA, formula="  if(days_paid >= 20, 300, round(15 * days_paid, 2)) "
    )

    assert saved.formula == "if(days_paid >= 20, 300, round(15 * days_paid, 2))"
    audit = AuditEvent.objects.filter(action="employees.pay_component_save").latest("pk")
    assert audit.changes["code"] == [None, "transport"]
    assert audit.changes["formula"] == [None, saved.formula]
    # The run parses it the same way, and evaluates it: 21 days paid is the flat 300.
    spec = next(spec for spec in components_for_run() if spec.code == "transport")
    assert spec.formula is not None
    assert spec.formula.evaluate({"days_paid": Decimal(21)}) == Decimal(300)
    assert spec.formula.evaluate({"days_paid": Decimal(10)}) == Decimal(150)


@pytest.mark.parametrize(
    ("formula", "refusal"),
    [
        ("__import__('os')", "Names starting with an underscore"),
        ("base_monthly.real", "Attribute access"),
        ("meals * 2", "meals"),  # unknown: did you mean meal?
        ("", "Write a formula"),
        ("base_monthly > 3000", "must give an amount"),
    ],
)
def test_a_formula_that_does_not_read_is_refused_with_its_reason(
    scene: PayScene, formula: str, refusal: str
) -> None:
    _refused("formula", refusal, code="bad", calculation=FORMULA, formula=formula)


def test_a_formula_may_not_read_itself_or_a_sleeping_component(scene: PayScene) -> None:
    _refused("formula", "housing", component=scene.housing, formula="housing + 1")
    _save(scene.on_call, active=False)
    _refused(
        "formula",
        "on_call, which are not active",
        code="x",
        calculation=FORMULA,
        formula="on_call * 2",
    )


def test_formulas_that_read_each_other_in_a_circle_are_refused(scene: PayScene) -> None:
    component_make("lunch", FORMULA, formula="housing / 2")
    component_make("dinner", FORMULA, formula="lunch + meal")

    error = _refused("formula", "circle", component=scene.housing, formula="dinner + 100")

    assert error.message.count("→") == 3
    assert set(error.extra["circle"]) == {"housing", "lunch", "dinner"}
    # Reading them without closing a circle is fine.
    assert _save(scene.housing, formula="meal + 100").formula == "meal + 100"


def test_a_component_a_formula_reads_keeps_its_code_and_stays_active(scene: PayScene) -> None:
    component_make("lunch", FORMULA, formula="meal / 2 + round(housing, 0)", name="Lunch")

    _refused("code", "The formulas of lunch read this component: its code stays meal",
             component=scene.meal, code="meals")  # fmt: skip
    _refused(
        "active", "The formulas of lunch read this component", component=scene.housing, active=False
    )

    # Once the reader no longer reads it, the meal allowance may go.
    lunch = PayComponent.objects.get(code="lunch")
    _save(lunch, formula="round(housing, 0)")
    assert _save(scene.meal, active=False).active is False


@pytest.mark.parametrize(
    ("code", "refusal"),
    [
        ("Meal-2", "lower-case letters"),
        ("2meal", "lower-case letters"),
        ("base", "already names something"),  # a formula figure
        ("overtime", "already names something"),  # the payslip's own line
        ("round", "already names something"),  # a function
        ("lambda", "already names something"),  # a Python keyword
        ("meal", "exists already"),
    ],
)
def test_a_code_must_be_a_new_name_a_formula_can_say(
    scene: PayScene, code: str, refusal: str
) -> None:
    _refused("code", refusal, code=code, calculation=FIXED)


def test_only_a_formula_component_has_a_formula(scene: PayScene) -> None:
    _refused("formula", "Only a formula component", code="gift", calculation=FIXED, formula="100")


def test_a_component_salaries_hold_amounts_of_keeps_its_meaning(scene: PayScene) -> None:
    # Nobody holds a shift allowance yet: it may become a fixed amount.
    assert _save(scene.shift, calculation=FIXED).calculation == FIXED
    salary_set(scene, HIRED, "12000", meal="600")

    _refused(
        "calculation",
        "kind and calculation stay",
        component=scene.meal,
        calculation="per_day_worked",
    )
    _refused("calculation", "kind and calculation stay", component=scene.meal, kind="deduction")
    # Its name and place on the payslip still change.
    assert _save(scene.meal, name="午餐补贴", position=5).name == "午餐补贴"


def test_saving_the_same_values_again_writes_no_audit(scene: PayScene) -> None:
    before = AuditEvent.objects.count()
    _save(scene.meal)
    assert AuditEvent.objects.count() == before
