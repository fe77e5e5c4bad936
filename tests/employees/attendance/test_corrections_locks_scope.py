"""Corrections, the monthly lock, the retention rule and who sees what."""

from datetime import date

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from employees.attendance.confirmation import month_confirm
from employees.attendance.corrections import punch_correction_decide, punch_correction_request
from employees.attendance.overtime import overtime_request
from employees.attendance.punches import PunchInput, punches_record
from employees.attendance.selectors import (
    attendance_kept_until,
    daily_results_list,
    punches_list,
)
from employees.models import DailyResult, Punch, PunchSource
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.attendance.scene import at, punch
from tests.employees.records.scene import team

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def test_a_correction_approved_by_the_manager_becomes_a_punch_and_fixes_the_day() -> None:
    scene = team()
    punch(scene.report, at(MONDAY, 8, 58))  # the clock-out is missing
    correction = punch_correction_request(
        employee=scene.report, day=MONDAY, at=at(MONDAY, 18, 2), reason="Forgot to clock out",
        actor=scene.report_user,
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="manager or HR"):
        punch_correction_decide(correction=correction, approve=True, actor=scene.report_user)
    decided = punch_correction_decide(correction=correction, approve=True, actor=scene.boss_user)
    assert decided.status == "approved"
    assert decided.punch is not None
    assert decided.punch.source == PunchSource.CORRECTION
    day = DailyResult.objects.get(employee=scene.report, day=MONDAY)
    assert (day.status, day.worked_minutes) == ("ok", 480)
    with pytest.raises(ApplicationError, match="decided already"):
        punch_correction_decide(correction=correction, approve=False, actor=scene.boss_user)


def test_a_confirmed_month_refuses_changes_without_an_hr_reason() -> None:
    scene = team()
    month_confirm(employee=scene.report, month=MONDAY, actor=scene.report_user)
    refused = punches_record(
        rows=[PunchInput(scene.report.number, at(MONDAY, 9))], source="api", actor=scene.hr
    )
    assert refused.created == 0
    assert "confirmed and locked" in refused.refused[0][1]
    with pytest.raises(ApplicationError, match="confirmed and locked"):
        overtime_request(
            employee=scene.report, day=MONDAY, starts=at(MONDAY, 18), ends=at(MONDAY, 19),
            actor=scene.hr,
        )  # fmt: skip
    correction = punch_correction_request(
        employee=scene.report, day=MONDAY, at=at(MONDAY, 9), reason="Clock broken",
        actor=scene.report_user,
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="confirmed and locked"):
        punch_correction_decide(
            correction=correction, approve=True, actor=scene.boss_user, override_reason="x"
        )  # a manager's reason does not unlock it
    punch_correction_decide(
        correction=correction, approve=True, actor=scene.hr, override_reason="Clock fault ticket 42"
    )
    assert Punch.objects.filter(employee=scene.report).count() == 1
    event = AuditEvent.objects.get(action="attendance.locked_month_changed")
    assert event.changes["reason"] == [None, "Clock fault ticket 42"]
    # April is not locked.
    assert punch(scene.report, at(date(2026, 4, 1), 9)).created == 1


def test_a_month_is_confirmed_once_it_has_ended() -> None:
    scene = team()
    with pytest.raises(ApplicationError, match="once it has ended"):
        month_confirm(employee=scene.report, month=date(2026, 12, 1), actor=scene.report_user)
    with pytest.raises(ApplicationError, match="Only the employee or HR"):
        month_confirm(employee=scene.report, month=MONDAY, actor=scene.boss_user)


def test_records_are_kept_two_years_and_admin_deletes_none() -> None:
    assert attendance_kept_until(MONDAY) == date(2028, 3, 2)
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for model in (Punch, DailyResult):
        assert site._registry[model].has_delete_permission(request) is False


def test_each_viewer_sees_their_own_their_reports_or_everyone() -> None:
    scene = team()
    for person in (scene.boss, scene.report, scene.other):
        punch(person, at(MONDAY, 9))

    def seen(user: User) -> set[int]:
        return set(
            punches_list(viewer=user, start=MONDAY, end=MONDAY).values_list(
                "employee_id", flat=True
            )
        )

    assert seen(scene.report_user) == {scene.report.pk}
    assert seen(scene.boss_user) == {scene.boss.pk, scene.report.pk}
    assert seen(scene.hr) == {scene.boss.pk, scene.report.pk, scene.other.pk}
    assert seen(scene.recruiter) == set()
    assert list(daily_results_list(viewer=scene.report_user, start=MONDAY, end=MONDAY)) == []
