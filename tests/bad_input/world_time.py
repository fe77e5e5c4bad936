"""The time part of the walker's world: a leave request, an overtime request and a punch
correction of the world's employee (no manager: HR decides them), a leave type, and an
approval delegation of the HR admin's (so ending one reaches the service)."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def time_part(hr: Any, employee: Any) -> dict[str, Any]:
    from django.utils import timezone

    from employees.attendance.corrections import punch_correction_request
    from employees.attendance.overtime import overtime_request
    from employees.leave.requests import leave_request_submit
    from employees.models import LeaveDelegation
    from employees.timepages.approval_links import approval_token
    from hrflow.accounts.roles import Role
    from tests.employees.leave.scene import grant, leave_type
    from tests.hrflow.factories import UserFactory

    annual = leave_type("annual")
    grant(employee, "annual", "40")
    day = date(2026, 11, 4)
    today = timezone.localdate()
    leave = leave_request_submit(
        employee=employee, leave_type=annual, start_day=day, end_day=day, actor=hr
    )
    return {
        "delegation": LeaveDelegation.objects.create(
            from_user=hr,
            to_user=UserFactory(roles=[Role.EMPLOYEE]),
            starts=today,
            ends=today + timedelta(days=7),
        ),
        "leave_type": annual,
        "leave": leave,
        # HR decides (no manager): the link of HR's notice, opened by the walker as HR.
        "approval_token": approval_token(leave, hr),
        "overtime": overtime_request(
            employee=employee,
            day=day,
            starts=datetime.combine(day, time(18), SHANGHAI),
            ends=datetime.combine(day, time(19), SHANGHAI),
            actor=hr,
        ),
        "correction": punch_correction_request(
            employee=employee,
            day=day,
            at=datetime.combine(day, time(9), SHANGHAI),
            reason="walker",
            actor=hr,
        ),
    }


def time_kwargs(part: dict[str, Any]) -> dict[str, Any]:
    """URL name -> the object its pk names."""
    return {
        "employees:time-ledger": part["leave_type"],
        "employees:time-leave-change": part["leave"],
        "employees:time-leave-cancel": part["leave"],
        "employees:time-decide-leave": part["leave"],
        "employees:time-decide-overtime": part["overtime"],
        "employees:time-decide-correction": part["correction"],
        "employees:time-delegation-end": part["delegation"],
    }


def time_token_kwargs(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """URL name -> its kwargs, for the URLs named by a token rather than a pk."""
    return {"employees:time-approval-link": {"token": part["approval_token"]}}


def time_forms(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Valid forms, so the walker reaches the services behind the first field."""
    decline = {"decision": "decline", "note": "walker"}
    return {
        "employees:time-decide-leave": decline,
        "employees:time-decide-overtime": decline,
        "employees:time-decide-correction": decline,
        "employees:time-approval-link": decline,
        "employees:time-leave-new": {
            "leave_type": str(part["leave_type"].pk),
            "start_day": "2026-11-05",
            "end_day": "2026-11-05",
        },
        "employees:time-overtime-new": {
            "day": "2026-11-05",
            "starts": "18:00",
            "ends": "19:00",
            "compensation": "pay",
        },
        "employees:time-correction-new": {"day": "2026-11-05", "at": "09:00", "reason": "w"},
        "employees:time-month-confirm": {"month": "2026-11"},
    }
