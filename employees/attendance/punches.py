"""Recording punches in bulk: the time clocks' API, the vendor imports, phone check-ins.

One INSERT ... ON CONFLICT DO NOTHING per batch of rows (the arrays travel as
parameters and `unnest` spreads them), so a punch that arrives twice is stored once and
a million punches cost a few hundred statements, not a million. Employees are resolved
by their number in one query per batch; a row that cannot be stored is refused with its
index and reason, the others are stored.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.attendance.consent import location_consenting
from employees.attendance.locks import locked_change_audit, locked_months, may_override
from employees.attendance.tasks import attendance_recompute_later
from employees.models import Employee, Punch, PunchSource
from hrflow.accounts.models import User
from hrflow.org.selectors import company_current

BATCH_SIZE = 10_000
MAX_DEVICE_CHARS = 80
# A clock a few minutes fast is a clock; a punch hours ahead is a wrong date.
FUTURE_TOLERANCE = timedelta(minutes=5)

_INSERT = f"""
    INSERT INTO {Punch._meta.db_table}
        (created_at, updated_at, source, employee_id, at, device, latitude, longitude)
    SELECT %s, %s, %s, t.employee_id, t.at, t.device, t.latitude, t.longitude
    FROM unnest(%s::bigint[], %s::timestamptz[], %s::text[], %s::numeric[], %s::numeric[])
        AS t(employee_id, at, device, latitude, longitude)
    ON CONFLICT (employee_id, device, at) DO NOTHING
    RETURNING employee_id, at
"""  # noqa: S608 (the table name is ours; every value is a parameter)


@dataclass(frozen=True)
class PunchInput:
    employee_number: str
    at: datetime  # aware
    device: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class PunchBatchResult:
    created: int = 0
    duplicates: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (row index, reason)


@dataclass
class _Valid:
    index: int
    employee_id: int
    at: datetime
    device: str
    latitude: Decimal | None
    longitude: Decimal | None


@transaction.atomic
def punches_record(
    *,
    rows: Sequence[PunchInput],
    source: str,
    actor: User | None,
    override_reason: str = "",
) -> PunchBatchResult:
    """Store `rows`, each once; refuse (index, reason) those that cannot be: unknown
    employee, bad time, bad location, or a confirmed month without an HR admin's reason.
    The days that changed are recomputed after the commit."""
    if source not in PunchSource.values:
        raise ValueError(f"unknown punch source {source!r}")
    result = PunchBatchResult()
    zone = company_current().zone
    now = timezone.now()
    known: dict[str, int] = {}
    touched: dict[int, tuple[date, date]] = {}
    unlocked: set[tuple[int, date]] = set()
    for offset in range(0, len(rows), BATCH_SIZE):
        batch = rows[offset : offset + BATCH_SIZE]
        numbers = {row.employee_number.strip() for row in batch} - set(known)
        known.update(
            Employee.objects.filter(number__in=numbers).values_list("number", "pk")
            if numbers
            else ()
        )
        valid: list[_Valid] = []
        for index, row in enumerate(batch, start=offset):
            problem = _problem(row, known, now)
            if problem:
                result.refused.append((index, problem))
                continue
            valid.append(
                _Valid(
                    index,
                    known[row.employee_number.strip()],
                    row.at,
                    row.device.strip(),
                    row.latitude,
                    row.longitude,
                )
            )
        valid = _unlocked(valid, zone, actor, override_reason, result, unlocked)
        created = _insert(valid, source)
        result.created += len(created)
        result.duplicates += len(valid) - len(created)
        for employee_id, at in created:
            day = at.astimezone(zone).date()
            first, last = touched.get(employee_id, (day, day))
            touched[employee_id] = (min(first, day), max(last, day))
    if unlocked:
        locked_change_audit(
            unlocked, actor=actor, override_reason=override_reason, what="punches recorded"
        )
    for employee_ids, first, last in _recompute_groups(touched):
        attendance_recompute_later(
            employee_ids=employee_ids,
            # A night shift's clock-out belongs to the day before.
            start=first - timedelta(days=1),
            end=last,
            include_locked=bool(unlocked),
        )
    result.refused.sort()
    return result


def _problem(row: PunchInput, known: dict[str, int], now: datetime) -> str:
    if row.employee_number.strip() not in known:
        return _("Unknown employee number %(number)s.") % {"number": row.employee_number}
    if not isinstance(row.at, datetime) or timezone.is_naive(row.at):
        return _("Bad time: a punch needs a date, a time and a time zone.")
    if row.at > now + FUTURE_TOLERANCE:
        return _("Bad time: %(at)s is in the future.") % {"at": row.at.isoformat()}
    if len(row.device.strip()) > MAX_DEVICE_CHARS:
        return _("The device name is longer than %(most)s characters.") % {"most": MAX_DEVICE_CHARS}
    if (row.latitude is None) != (row.longitude is None) or (
        row.latitude is not None
        and row.longitude is not None
        and (abs(row.latitude) > 90 or abs(row.longitude) > 180)
    ):
        return _("Bad location: give both latitude and longitude, within range.")
    return ""


def _unlocked(
    valid: list[_Valid],
    zone: tzinfo,
    actor: User | None,
    override_reason: str,
    result: PunchBatchResult,
    unlocked: set[tuple[int, date]],
) -> list[_Valid]:
    """The rows outside confirmed months; those inside pass only with an HR admin's
    reason (audited once for the call), else each is refused. Locations are dropped for
    people without the location consent."""
    months = [(row.employee_id, row.at.astimezone(zone).date().replace(day=1)) for row in valid]
    locked = locked_months(months)
    consenting = location_consenting({row.employee_id for row in valid})
    overriding = bool(locked) and may_override(actor, override_reason)
    kept = []
    for row, month in zip(valid, months, strict=True):
        if month in locked:
            if not overriding:
                result.refused.append(
                    (
                        row.index,
                        _(
                            "The month is confirmed and locked; only an HR admin may add "
                            "to it, giving a reason."
                        ),
                    )
                )
                continue
            unlocked.add(month)
        if row.employee_id not in consenting:
            row.latitude = row.longitude = None
        kept.append(row)
    return kept


def _insert(rows: list[_Valid], source: str) -> list[tuple[int, datetime]]:
    if not rows:
        return []
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT,
            [
                now,
                now,
                source,
                [row.employee_id for row in rows],
                [row.at for row in rows],
                [row.device for row in rows],
                [row.latitude for row in rows],
                [row.longitude for row in rows],
            ],
        )
        return [(employee_id, at) for employee_id, at in cursor.fetchall()]


def _recompute_groups(
    touched: dict[int, tuple[date, date]],
) -> list[tuple[list[int], date, date]]:
    """The employees to recompute grouped by their changed range (a nightly import
    touches everyone over the same day or two: one task)."""
    groups: dict[tuple[date, date], list[int]] = {}
    for employee_id, span in touched.items():
        groups.setdefault(span, []).append(employee_id)
    return [(sorted(ids), first, last) for (first, last), ids in sorted(groups.items())]
