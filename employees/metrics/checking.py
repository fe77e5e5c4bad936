"""Judge metric values sent as text, wherever they come from: a file, the API, a form.

One set of rules for all three, so a value the API refuses is refused in a file
too. Every problem of every row is collected (the file's report lists them all);
the caller stores nothing unless there is none. Employee numbers and metric codes
are resolved in one query each, so the cost does not grow with queries per row.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from employees.models import Employee, Metric

# MetricValue.value is numeric(14, 4): ten digits before the point, four after.
VALUE_PLACES = Decimal("0.0001")
VALUE_LIMIT = Decimal(10) ** 10
# ASCII digits only: Python's Decimal reads Arabic-Indic and full-width digits as
# 12 too, a number nobody typed as such in a spreadsheet cell.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?", re.ASCII)
# A time after the day (a spreadsheet's date-time cell at midnight) is ignored.
_DATE = re.compile(
    r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?",
    re.ASCII,
)

FIELDS = ("employee", "metric", "on", "value")


@dataclass(frozen=True)
class RawValue:
    """One value as sent: `ref` is the file's row number or the API item's index."""

    ref: int
    employee: str
    metric: str
    on: str
    value: str


@dataclass(frozen=True)
class Problem:
    ref: int
    field: str  # one of FIELDS
    reason: str


@dataclass(frozen=True)
class CheckedValue:
    ref: int
    metric_id: int
    employee_id: int
    on: date
    value: Decimal


def values_check(
    raws: Sequence[RawValue], *, employees: QuerySet[Employee], today: date, refs: str = "row"
) -> tuple[list[CheckedValue], list[Problem]]:
    """The values ready to store and every problem found, in the order sent.

    `employees` is what the sender may write for (their scope): a number outside
    it is an unknown employee, exactly like a number nobody has. `refs` says what
    a ref is to the sender ("row" of a file, "item" of an API list).
    """
    numbers = {raw.employee for raw in raws if raw.employee}
    employee_ids = dict(employees.filter(number__in=numbers).values_list("number", "pk"))
    codes = {raw.metric for raw in raws if raw.metric}
    metrics = {
        code: (pk, active)
        for code, pk, active in Metric.objects.filter(code__in=codes).values_list(
            "code", "pk", "is_active"
        )
    }
    checked: list[CheckedValue] = []
    problems: list[Problem] = []
    first_ref: dict[tuple[str, str, date], int] = {}
    for raw in raws:
        found: list[Problem] = []
        employee_id = employee_ids.get(raw.employee)
        if employee_id is None:
            found.append(Problem(raw.ref, "employee", _employee_problem(raw.employee)))
        metric_id, active = metrics.get(raw.metric, (None, False))
        if metric_id is None or not active:
            found.append(Problem(raw.ref, "metric", _metric_problem(raw.metric, metric_id)))
        day, day_problem = date_parse(raw.on, today=today)
        if day_problem:
            found.append(Problem(raw.ref, "on", day_problem))
        value, value_problem = value_parse(raw.value)
        if value_problem:
            found.append(Problem(raw.ref, "value", value_problem))
        if day is not None:
            key = (raw.employee, raw.metric, day)
            if key in first_ref:
                found.append(Problem(raw.ref, "on", _repeat_problem(first_ref[key], refs)))
            else:
                first_ref[key] = raw.ref
        if found:
            problems.extend(found)
            continue
        # No problem found, so each part was read (said for mypy).
        assert employee_id is not None
        assert metric_id is not None
        assert day is not None
        assert value is not None
        checked.append(CheckedValue(raw.ref, metric_id, employee_id, day, value))
    return checked, problems


def _repeat_problem(first: int, refs: str) -> str:
    if refs == "item":
        return _("The same employee, metric and day as item %(ref)s.") % {"ref": first}
    return _("The same employee, metric and day as row %(ref)s.") % {"ref": first}


def _employee_problem(number: str) -> str:
    if not number:
        return _("The employee number is missing.")
    return _("No employee has the number %(number)s.") % {"number": number[:40]}


def _metric_problem(code: str, metric_id: int | None) -> str:
    if not code:
        return _("The metric code is missing.")
    if metric_id is None:
        return _("No metric has the code %(code)s.") % {"code": code[:40]}
    return _("The metric %(code)s is no longer in use.") % {"code": code}


def date_parse(text: str, *, today: date) -> tuple[date | None, str | None]:
    """A day written YYYY-MM-DD (or with / or .), not after `today`."""
    text = text.strip()
    if not text:
        return None, _("The date is missing.")
    match = _DATE.fullmatch(text)
    if match is None:
        return None, _("Not a date: %(text)s.") % {"text": text[:40]}
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None, _("Not a date: %(text)s.") % {"text": text[:40]}
    if day > today:
        return None, _("The date %(day)s is in the future.") % {"day": day.isoformat()}
    return day, None


def value_parse(text: str) -> tuple[Decimal | None, str | None]:
    """A finite number in ASCII digits, kept to four decimal places."""
    text = text.strip()
    if not text:
        return None, _("The value is missing.")
    if _NUMBER.fullmatch(text) is None:
        return None, _("Not a number: %(text)s.") % {"text": text[:40]}
    try:
        number = Decimal(text).quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # an exponent past what quantize can hold
        number = None
    if number is None or not abs(number) < VALUE_LIMIT:
        return None, _("The value %(text)s is too large.") % {"text": text[:40]}
    return number, None
