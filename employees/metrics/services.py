"""The metric catalogue and its values: HR edits metrics, enters a value by hand, or a
system sends a list of values through the API. Files go through `importing`."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.metrics.checking import CheckedValue, Problem, RawValue, values_check
from employees.metrics.storing import Stored, number_text, values_store
from employees.models import Employee, Metric, MetricValue
from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from hrflow.core.audit import audit_record, audited_update
from hrflow.core.errors import ApplicationError

# One API call carries at most this many values; a day's export of a plant fits.
MAX_VALUES_PER_CALL = 5_000


class ValuesRefused(ApplicationError):
    """Some values are bad: nothing was stored. `problems` names each, by its ref."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(
            _("%(count)s problems; nothing was stored.") % {"count": len(problems)},
            extra={"fields": {f"{p.ref}.{p.field}": p.reason for p in problems}},
        )
        self.problems = list(problems)


@transaction.atomic
def metric_save(
    *,
    metric: Metric | None,
    code: str,
    name_zh: str,
    name_en: str,
    unit: str = "",
    direction: str,
    aggregation: str,
    is_active: bool = True,
    actor: User | None = None,
) -> Metric:
    """Add a metric to the catalogue, or change one. Its code never changes: files,
    the API and goals name the metric by it."""
    fields = {
        "name_zh": name_zh.strip(),
        "name_en": name_en.strip(),
        "unit": unit.strip(),
        "direction": direction,
        "aggregation": aggregation,
        "is_active": is_active,
    }
    if metric is None:
        metric = Metric(code=code.strip(), **fields)
        metric.full_clean()
        metric.save()
        audit_record(actor=actor, action="employees.metric_create", target=metric)
        return metric
    audited_update(metric, fields, actor=actor, action="employees.metric_update")
    return metric


def writable_employees(actor: User | None) -> QuerySet[Employee]:
    """The employees `actor` may record values for: those in their scope (all for a task)."""
    return scoped(Employee.objects.all(), actor) if actor is not None else Employee.objects.all()


@transaction.atomic
def metric_value_set(
    *, employee: Employee, metric: Metric, on: date, value: Decimal, actor: User | None
) -> MetricValue:
    """Enter or correct one value by hand; audited with the old value and the new."""
    raw = RawValue(0, employee.number, metric.code, on.isoformat(), format(value, "f"))
    checked, problems = values_check(
        [raw], employees=Employee.objects.filter(pk=employee.pk), today=timezone.localdate()
    )
    if problems:
        raise ApplicationError(problems[0].reason, extra={"field": problems[0].field})
    (good,) = checked
    stored = (
        MetricValue.objects.select_for_update()
        .filter(metric=metric, employee=employee, on=good.on)
        .first()
    )
    old = stored.value if stored is not None else None
    if stored is not None and old == good.value:
        return stored
    if stored is None:
        stored = MetricValue(metric=metric, employee=employee, on=good.on)
    stored.value = good.value
    stored.source = MetricValue.Source.MANUAL
    stored.batch = None
    stored.recorded_by = actor
    stored.full_clean(validate_unique=False)
    try:
        # A file or API call may insert the same day between our read and this write;
        # the unique constraint then refuses ours, and a savepoint keeps the rest.
        with transaction.atomic():
            stored.save()
    except IntegrityError:
        raise ApplicationError(
            _("This value was just recorded by someone else; look at it and try again."),
            extra={"field": "on"},
        ) from None
    action = "employees.metric_value_change" if old is not None else "employees.metric_value_create"
    old_text = number_text(old) if old is not None else None
    audit_record(
        actor=actor,
        action=action,
        target=stored,
        changes={"value": [old_text, number_text(good.value)]},
    )
    return stored


@transaction.atomic
def metric_values_submit(*, raws: Sequence[RawValue], actor: User | None) -> Stored:
    """Store a list of values sent through the API: all of them, or none if any is bad
    (each problem named by the item's index and field). The same list twice stores once."""
    if len(raws) > MAX_VALUES_PER_CALL:
        raise ApplicationError(
            _("Send at most %(most)s values per call.") % {"most": MAX_VALUES_PER_CALL}
        )
    checked = checked_or_refused(raws, actor=actor, refs="item")
    return values_store(checked, source=MetricValue.Source.API, batch=None, actor=actor)


def checked_or_refused(
    raws: Sequence[RawValue], *, actor: User | None, refs: str = "row"
) -> list[CheckedValue]:
    """The values ready to store, or ValuesRefused naming every problem."""
    checked, problems = values_check(
        raws, employees=writable_employees(actor), today=timezone.localdate(), refs=refs
    )
    if problems:
        raise ValuesRefused(problems)
    return checked
