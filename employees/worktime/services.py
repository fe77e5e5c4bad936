"""Changing working time: the company's and regions' calendar days, shifts and shift
patterns (docs/TIME.md, The plan); each employee's work arrangement is changed in
`employees.worktime.arrangements`.

One service per change, each in its own transaction, audited; the API, Django admin and
commands call these. Every change queues the recompute of the daily results it touches
(`attendance_recompute_later`, run after the commit): a calendar day for everyone on that
day, a shift or pattern for the people planned on it this month.
"""

import re
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.attendance.tasks import attendance_recompute_later
from employees.models import (
    CalendarDay,
    DayKind,
    Shift,
    ShiftPattern,
    WorkArrangement,
)
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

MAX_NAME_CHARS = 80
# A rotation longer than this is a typo, not a roster (the longest seen: 8 weeks).
MAX_CYCLE_DAYS = 62
_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,20}$")


# --- calendar days -------------------------------------------------------------------


@transaction.atomic
def company_day_add(
    *,
    day: date,
    kind: str,
    name_zh: str,
    name_en: str,
    actor: User | None,
    company: bool = True,
    region: str = "",
    source_title: str = "",
    source_url: str = "",
) -> CalendarDay:
    """Add a day that differs from the usual week: the company's own (`company`, for
    everyone, never a statutory holiday), or a day of the law for a region (`region`) or
    the whole country (the next year's State Council notice), which names its source."""
    region = region.strip()
    name_zh, name_en = " ".join(name_zh.split()), " ".join(name_en.split())
    company_day_check(
        day=day, kind=kind, name_zh=name_zh, name_en=name_en, company=company, region=region,
        source_title=source_title,
    )  # fmt: skip
    row = CalendarDay.objects.create(
        day=day,
        region=region,
        company=company,
        kind=kind,
        name_zh=name_zh,
        name_en=name_en,
        source_title=source_title.strip()[:255],
        source_url=source_url.strip()[:500],
    )
    audit_record(
        actor=actor,
        action="employees.calendar_day_add",
        target=row,
        changes={
            "day": day.isoformat(),
            "region": region,
            "company": company,
            "kind": [None, kind],
            "name_zh": [None, name_zh],
        },
    )
    # Everyone who works that day (a region's day: the recompute finds who works there).
    attendance_recompute_later(employee_ids=None, start=day, end=day)
    return row


def company_day_check(
    *,
    day: date,
    kind: str,
    name_zh: str,
    name_en: str,
    company: bool,
    region: str,
    source_title: str,
) -> None:
    """The rules of a new calendar day (Django admin checks them as form errors)."""
    region = region.strip()
    name_zh, name_en = " ".join(name_zh.split()), " ".join(name_en.split())
    if kind not in DayKind.values:
        raise ApplicationError(_("Unknown kind of day."), extra={"field": "kind"})
    if not name_zh or not name_en:
        raise ApplicationError(
            _("Name the day in Chinese and in English."),
            extra={"field": "name_zh" if not name_zh else "name_en"},
        )
    if len(name_zh) > MAX_NAME_CHARS or len(name_en) > MAX_NAME_CHARS:
        raise ApplicationError(
            _("A day's name has at most %(most)s characters.") % {"most": MAX_NAME_CHARS},
            extra={"field": "name_zh" if len(name_zh) > MAX_NAME_CHARS else "name_en"},
        )
    if company and kind == DayKind.STATUTORY_HOLIDAY:
        raise ApplicationError(
            _("Only the law makes statutory holidays; a company day off is a company holiday."),
            extra={"field": "kind"},
        )
    if company and region:
        raise ApplicationError(
            _("A company day applies everywhere: leave the region empty."),
            extra={"field": "region"},
        )
    if not company and not source_title.strip():
        raise ApplicationError(
            _("Name the notice this day of the law comes from."), extra={"field": "source_title"}
        )
    if CalendarDay.objects.filter(day=day, region=region, company=company).exists():
        raise ApplicationError(
            _("%(day)s is in this calendar already; remove it first to change it.")
            % {"day": day.isoformat()},
            extra={"field": "day"},
        )


@transaction.atomic
def company_day_remove(*, calendar_day: CalendarDay, actor: User | None) -> None:
    """Take out a company or regional day: the day is what the usual week and the national
    calendar say again. The national days are the State Council's: they stay."""
    row = CalendarDay.objects.select_for_update().filter(pk=calendar_day.pk).first()
    if row is None:
        return  # removed meanwhile: nothing left to do
    if not row.company and not row.region:
        raise ApplicationError(
            _("The national calendar's days come from the State Council's notices and stay."),
            extra={"refused": True},
        )
    audit_record(
        actor=actor,
        action="employees.calendar_day_remove",
        target=row,
        changes={
            "day": row.day.isoformat(),
            "region": row.region,
            "company": row.company,
            "kind": [row.kind, None],
            "name_zh": [row.name_zh, None],
        },
    )
    day = row.day
    row.delete()
    attendance_recompute_later(employee_ids=None, start=day, end=day)


# --- shifts and patterns -------------------------------------------------------------


@transaction.atomic
def shift_save(
    *,
    shift: Shift | None,
    code: str,
    name: str,
    starts: time,
    ends: time,
    actor: User | None,
    break_minutes: int = 60,
    late_grace_minutes: int = 0,
    is_active: bool = True,
) -> Shift:
    """Add a shift (`shift` None) or change one. Its code never changes once made:
    rotations name it."""
    code, name = code.strip(), " ".join(name.split())
    if shift is not None:
        shift = Shift.objects.select_for_update().get(pk=shift.pk)
    shift_check(
        shift=shift, code=code, name=name, starts=starts, ends=ends,
        break_minutes=break_minutes, late_grace_minutes=late_grace_minutes,
    )  # fmt: skip
    values: dict[str, Any] = {
        "code": code,
        "name": name,
        "starts": starts,
        "ends": ends,
        "break_minutes": break_minutes,
        "late_grace_minutes": late_grace_minutes,
        "is_active": is_active,
    }
    old = {field: getattr(shift, field) for field in values} if shift else {}
    if shift is None:
        shift = Shift.objects.create(**values)
    else:
        if all(old[field] == value for field, value in values.items()):
            return shift
        for field, value in values.items():
            setattr(shift, field, value)
        shift.save()
    _audit_data(actor, "shift_save", shift, old, values)
    if old:
        patterns = ShiftPattern.objects.filter(Q(shift=shift) | Q(cycle__contains=[shift.code]))
        _recompute_pattern_users(patterns)
    return shift


def shift_check(
    *,
    shift: Shift | None,
    code: str,
    name: str,
    starts: time,
    ends: time,
    break_minutes: int,
    late_grace_minutes: int,
) -> None:
    """The rules of a shift (Django admin checks them as form errors)."""
    code, name = code.strip(), " ".join(name.split())
    if shift is not None:
        if code != shift.code:
            raise ApplicationError(
                _("A shift's code stays as it was made: rotations name it."),
                extra={"field": "code"},
            )
    else:
        _check_code(code)
        if Shift.objects.filter(code=code).exists():
            raise ApplicationError(
                _("A shift with the code %(code)s exists already.") % {"code": code},
                extra={"field": "code"},
            )
    _check_name(name)
    if starts == ends:
        # ends <= starts reads as a night shift; equal times would be a 24-hour shift.
        raise ApplicationError(
            _("A shift ends at another time than it starts."), extra={"field": "ends"}
        )
    span = Shift(starts=starts, ends=ends).span_minutes
    if break_minutes < 0 or break_minutes >= span:
        raise ApplicationError(
            _("The break is shorter than the shift."), extra={"field": "break_minutes"}
        )
    if late_grace_minutes < 0 or late_grace_minutes >= span:
        raise ApplicationError(
            _("The lateness allowed is shorter than the shift."),
            extra={"field": "late_grace_minutes"},
        )


@transaction.atomic
def pattern_save(
    *,
    pattern: ShiftPattern | None,
    code: str,
    name: str,
    actor: User | None,
    follows_calendar: bool = True,
    shift: Shift | None = None,
    cycle: Sequence[str] = (),
    anchor: date | None = None,
) -> ShiftPattern:
    """Add a pattern (`pattern` None) or change one: the office week (`shift` on every
    workday of the calendar) or a rotation (`cycle` of shift codes, "" a day off, from
    `anchor`). Every code of a rotation must be a shift."""
    code, name = code.strip(), " ".join(name.split())
    if pattern is not None:
        pattern = ShiftPattern.objects.select_for_update().get(pk=pattern.pk)
    codes = pattern_check(
        pattern=pattern, code=code, name=name, follows_calendar=follows_calendar, shift=shift,
        cycle=cycle, anchor=anchor,
    )  # fmt: skip
    values: dict[str, Any] = {
        "code": code,
        "name": name,
        "follows_calendar": follows_calendar,
        "shift": shift if follows_calendar else None,
        "cycle": [] if follows_calendar else codes,
        "anchor": None if follows_calendar else anchor,
    }
    old = {field: getattr(pattern, field) for field in values} if pattern else {}
    if pattern is None:
        pattern = ShiftPattern.objects.create(**values)
    else:
        if all(old[field] == value for field, value in values.items()):
            return pattern
        for field, value in values.items():
            setattr(pattern, field, value)
        pattern.save()
    _audit_data(actor, "pattern_save", pattern, old, values)
    if old:
        _recompute_pattern_users(ShiftPattern.objects.filter(pk=pattern.pk))
    return pattern


def pattern_check(
    *,
    pattern: ShiftPattern | None,
    code: str,
    name: str,
    follows_calendar: bool,
    shift: Shift | None,
    cycle: Sequence[str],
    anchor: date | None,
) -> list[str]:
    """The rules of a shift pattern (Django admin checks them as form errors); returns
    the rotation's codes, trimmed."""
    code, name = code.strip(), " ".join(name.split())
    if pattern is not None:
        if code != pattern.code:
            raise ApplicationError(
                _("A pattern's code stays as it was made."), extra={"field": "code"}
            )
    else:
        _check_code(code)
        if ShiftPattern.objects.filter(code=code).exists():
            raise ApplicationError(
                _("A shift pattern with the code %(code)s exists already.") % {"code": code},
                extra={"field": "code"},
            )
    _check_name(name)
    codes = [str(item or "").strip() for item in cycle]
    if follows_calendar:
        if shift is None:
            raise ApplicationError(
                _("The office week needs the shift worked on workdays."), extra={"field": "shift"}
            )
        return []
    if not codes or not any(codes):
        raise ApplicationError(
            _("A rotation lists at least one shift code."), extra={"field": "cycle"}
        )
    if len(codes) > MAX_CYCLE_DAYS:
        raise ApplicationError(
            _("A rotation repeats after at most %(most)s days.") % {"most": MAX_CYCLE_DAYS},
            extra={"field": "cycle"},
        )
    known = set(Shift.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = sorted({item for item in codes if item and item not in known})
    if unknown:
        raise ApplicationError(
            _("No shift has the code %(codes)s.") % {"codes": ", ".join(unknown)},
            extra={"field": "cycle"},
        )
    if anchor is None:
        raise ApplicationError(
            _("A rotation needs the day its first entry falls on."), extra={"field": "anchor"}
        )
    return codes


def _check_code(code: str) -> None:
    if not _CODE.match(code):
        raise ApplicationError(
            _("A code is 1 to 20 letters, digits, hyphens or underscores."),
            extra={"field": "code"},
        )


def _check_name(name: str) -> None:
    if not name or len(name) > MAX_NAME_CHARS:
        raise ApplicationError(
            _("Give a name of at most %(most)s characters.") % {"most": MAX_NAME_CHARS},
            extra={"field": "name"},
        )


def _audit_data(
    actor: User | None, what: str, row: Any, old: dict[str, Any], new: dict[str, Any]
) -> None:
    audit_record(
        actor=actor,
        action=f"employees.{what}",
        target=row,
        changes={
            field: [_plain(old.get(field)), _plain(value)]
            for field, value in new.items()
            if not old or old[field] != value
        },
    )


def _plain(value: Any) -> Any:
    if isinstance(value, date | time):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _recompute_pattern_users(patterns: Any) -> None:
    """A shift or pattern is not dated: its change applies to the month under way (earlier
    months have been paid or confirmed on the old plan), for the people planned on it."""
    today = timezone.localdate()
    first = today.replace(day=1)
    ids = set(
        WorkArrangement.objects.filter(pattern__in=patterns)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=first), valid_from__lte=today)
        .values_list("employee_id", flat=True)
    )
    if ids:
        attendance_recompute_later(employee_ids=ids, start=first, end=today)
