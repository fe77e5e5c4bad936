"""The company's pay components as a run uses them: active ones, formulas parsed, in an
order where each formula comes after the components it names."""

from employees.models import PayComponent
from employees.pay.earnings import FORMULA_FIGURES, ComponentSpec
from employees.pay.formulas import Formula, formula_parse, formulas_order


def formula_names(exclude: str = "") -> set[str]:
    """What a formula may refer to: the figures and every other component's code."""
    codes = set(PayComponent.objects.exclude(code=exclude).values_list("code", flat=True))
    return set(FORMULA_FIGURES) | codes


def components_for_run() -> list[ComponentSpec]:
    rows = list(PayComponent.objects.filter(active=True).order_by("position", "code"))
    names = set(FORMULA_FIGURES) | {row.code for row in rows}
    formulas: dict[str, Formula] = {
        row.code: formula_parse(row.formula, names=names - {row.code})
        for row in rows
        if row.calculation == PayComponent.Calculation.FORMULA
    }
    # Formulas after what they name; the others keep HR's order, first.
    ordered = formulas_order(formulas)
    rank = {code: index for index, code in enumerate(ordered)}
    rows.sort(key=lambda row: (row.code in rank, rank.get(row.code, 0)))
    return [
        ComponentSpec(
            code=row.code,
            name=row.name,
            earning=row.kind == PayComponent.Kind.EARNING,
            calculation=row.calculation,
            before_tax=row.taxable,
            formula=formulas.get(row.code),
        )
        for row in rows
    ]
