"""Working time in Django admin: every save goes through the services (their refusals as
form errors, audited), national days and arrangements are never deleted, arrangements
never edited."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from employees.models import CalendarDay, Shift, ShiftPattern, WorkArrangement
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client: Any) -> Any:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = UserFactory(roles=[Role.HR_ADMIN], is_staff=True, is_superuser=True, language="en")
    client.force_login(user)
    return client


def _errors(response: Any) -> str:
    return str(response.context["adminform"].form.errors)


def test_a_company_day_is_added_through_the_service_and_removed(admin_client) -> None:
    add = reverse("admin:employees_calendarday_add")
    day = {"day": "2026-03-13", "company": "on", "kind": "company_holiday", "name_zh": "司庆",
           "name_en": "Founding day"}  # fmt: skip

    refused = admin_client.post(add, {**day, "kind": "statutory_holiday"})
    saved = admin_client.post(add, day)

    assert refused.status_code == 200
    assert "Only the law makes statutory holidays" in _errors(refused)
    assert saved.status_code == 302
    row = CalendarDay.objects.get(day=date(2026, 3, 13), company=True)
    assert AuditEvent.objects.filter(action="employees.calendar_day_add").count() == 1
    listing = admin_client.get(reverse("admin:employees_calendarday_changelist"))
    assert listing.status_code == 200

    national = CalendarDay.objects.get(day=date(2026, 1, 1), region="", company=False)
    kept = admin_client.get(reverse("admin:employees_calendarday_delete", args=[national.pk]))
    gone = admin_client.post(
        reverse("admin:employees_calendarday_delete", args=[row.pk]), {"post": "yes"}
    )
    assert kept.status_code == 403
    assert gone.status_code == 302
    assert not CalendarDay.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="employees.calendar_day_remove").count() == 1


def test_a_regional_day_names_its_notice(admin_client) -> None:
    add = reverse("admin:employees_calendarday_add")
    day = {"day": "2026-03-09", "region": "西藏自治区", "kind": "rest_day",
           "name_zh": "地方假日", "name_en": "Regional day"}  # fmt: skip

    refused = admin_client.post(add, day)
    saved = admin_client.post(add, {**day, "source_title": "自治区人民政府通知"})

    assert "Name the notice" in _errors(refused)
    assert saved.status_code == 302
    assert CalendarDay.objects.filter(region="西藏自治区", company=False).count() == 1


def test_shifts_are_saved_through_the_service_and_their_code_stays(admin_client) -> None:
    add = reverse("admin:employees_shift_add")
    night = {"code": "night", "name": "夜班", "starts": "22:00", "ends": "06:00",
             "break_minutes": "60", "late_grace_minutes": "0", "is_active": "on"}  # fmt: skip

    refused = admin_client.post(add, {**night, "break_minutes": "480"})
    saved = admin_client.post(add, night)
    shift = Shift.objects.get(code="night")
    changed = admin_client.post(
        reverse("admin:employees_shift_change", args=[shift.pk]),
        {**night, "code": "other", "break_minutes": "30"},
    )

    assert "The break is shorter than the shift." in _errors(refused)
    assert saved.status_code == 302
    assert changed.status_code == 302
    shift.refresh_from_db()
    assert (shift.code, shift.break_minutes) == ("night", 30)  # the code is read-only
    assert AuditEvent.objects.filter(action="employees.shift_save").count() == 2
    assert (
        admin_client.get(reverse("admin:employees_shift_delete", args=[shift.pk])).status_code
        == 403
    )


def test_a_rotation_names_only_existing_shifts(admin_client) -> None:
    Shift.objects.create(code="d", name="Day", starts="08:00", ends="17:00")
    add = reverse("admin:employees_shiftpattern_add")
    rota = {"code": "rota", "name": "轮班", "cycle": "d,n,", "anchor": "2026-01-01"}

    refused = admin_client.post(add, rota)
    saved = admin_client.post(add, {**rota, "cycle": "d,d,,"})

    assert "No shift has the code n." in _errors(refused)
    assert saved.status_code == 302
    assert ShiftPattern.objects.get(code="rota").cycle == ["d", "d", "", ""]
    office = admin_client.post(add, {"code": "office", "name": "Office", "follows_calendar": "on"})
    assert "needs the shift worked on workdays" in _errors(office)


def test_an_arrangement_is_added_through_the_service_and_never_edited(admin_client) -> None:
    employee = employee_make(since=date(2025, 1, 6))
    shift = Shift.objects.create(code="d", name="Day", starts="08:00", ends="17:00")
    pattern = ShiftPattern.objects.create(code="o", name="Office", shift=shift)
    add = reverse("admin:employees_workarrangement_add")
    row = {"employee": employee.pk, "valid_from": "2025-01-06", "system": "comprehensive",
           "period": "month", "pattern": pattern.pk, "reason": "plant"}  # fmt: skip

    refused = admin_client.post(add, row)
    saved = admin_client.post(add, {**row, "approval_reference": "沪人社综 7 号"})
    again = admin_client.post(add, {**row, "approval_reference": "沪人社综 8 号"})

    assert "approval number" in _errors(refused)
    assert saved.status_code == 302
    assert "already starts on 2025-01-06" in _errors(again)
    arrangement = WorkArrangement.objects.get(employee=employee)
    assert arrangement.approval_reference == "沪人社综 7 号"
    assert AuditEvent.objects.filter(action="employees.work_arrangement_set").count() == 1
    change = reverse("admin:employees_workarrangement_change", args=[arrangement.pk])
    edited = admin_client.post(change, {**row, "system": "standard", "period": ""})
    arrangement.refresh_from_db()
    assert edited.status_code == 403
    assert arrangement.system == "comprehensive"
    delete = reverse("admin:employees_workarrangement_delete", args=[arrangement.pk])
    assert admin_client.get(delete).status_code == 403
    listing = admin_client.get(reverse("admin:employees_workarrangement_changelist"))
    assert listing.status_code == 200
