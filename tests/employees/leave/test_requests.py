"""Leave requests at their boundaries: hours from the plan, the balance with pending
requests reserving it, approval steps and delegates, cancel and change with the ledger
following, the append-only ledger (issue 18 point 4)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from employees.leave.documents import leave_document_upload
from employees.leave.ledger import leave_adjust
from employees.leave.requests import (
    leave_request_approve,
    leave_request_cancel,
    leave_request_change,
    leave_request_decline,
    leave_request_submit,
)
from employees.leave.selectors import leave_balances
from employees.models import (
    Employee,
    EmployeeDocument,
    LeaveDelegation,
    LeaveEntry,
    LeaveRequest,
    LeaveType,
    SensitiveAccess,
)
from employees.services.sensitive import health_consent_give, sensitive_document_opened
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.notifications.models import OutboxMessage
from hrflow.org.models import Location
from tests.employees.leave.scene import grant, leave_type, person
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# A Monday far enough ahead that the employee may still cancel approved leave.
MONDAY = timezone.localdate() + timedelta(days=14 - timezone.localdate().weekday())


PDF = b"%PDF-1.4 a scanned note"


def _available(employee: Employee, code: str, on: date = date(2026, 12, 31)) -> Decimal:
    return {b.type.code: b for b in leave_balances(employee, on=on)}[code].available_hours


def _team() -> tuple[Employee, User, User]:
    boss, boss_user = person(name="张伟")
    employee, user = person(manager=boss, name="陈静")
    return employee, user, boss_user


def _ask(employee: Employee, user: User, code: str, start: date, end: date, **kw: object):  # type: ignore[no-untyped-def]
    return leave_request_submit(
        employee=employee, leave_type=leave_type(code), start_day=start, end_day=end,
        actor=user, **kw,
    )  # fmt: skip


def test_two_days_across_a_statutory_holiday_take_only_the_working_day() -> None:
    employee, user, _boss = _team()
    grant(employee, "annual", "40")
    request = _ask(employee, user, "annual", date(2026, 9, 30), date(2026, 10, 1))
    assert request.hours == Decimal("8.00")  # 2026-10-01 is National Day
    assert request.minutes_by_day == {"2026-09-30": 480}


def test_a_make_up_saturday_takes_its_shift_and_a_half_day_half() -> None:
    employee, user, _boss = _team()
    grant(employee, "annual", "40")
    request = _ask(
        employee, user, "annual", date(2026, 2, 13), date(2026, 2, 14), starts_afternoon=True
    )
    assert request.minutes_by_day == {"2026-02-13": 240, "2026-02-14": 480}


def test_calendar_day_leave_takes_a_standard_day_for_every_day() -> None:
    employee, user, _boss = _team()
    maternity = leave_type("maternity")
    health_consent_give(employee=employee, actor=user)
    note = leave_document_upload(
        employee=employee, leave_type=maternity, name="出生证明.pdf", data=PDF, actor=user
    )
    request = _ask(employee, user, "maternity", date(2026, 11, 1), date(2026, 11, 7), document=note)
    assert request.hours == Decimal("56.00")  # 7 days × 8 h, the weekend included


def test_a_two_hour_leave_deducts_two_hours() -> None:
    employee, user, boss = _team()
    grant(employee, "lieu", "8")
    request = _ask(employee, user, "lieu", MONDAY, MONDAY, hours_asked=Decimal(2))
    assert request.hours == Decimal("2.00")
    leave_request_approve(request=request, actor=boss)
    assert _available(employee, "lieu", MONDAY) == Decimal("6.00")
    with pytest.raises(ApplicationError, match="at most the 8 hours planned"):
        _ask(employee, user, "lieu", MONDAY + timedelta(days=1), MONDAY + timedelta(days=1),
             hours_asked=Decimal(9))  # fmt: skip


def test_a_second_pending_request_over_the_balance_is_refused() -> None:
    employee, user, _boss = _team()
    grant(employee, "annual", "16")
    _ask(employee, user, "annual", date(2026, 9, 28), date(2026, 9, 28))
    assert _available(employee, "annual") == Decimal("8.00")
    _ask(employee, user, "annual", date(2026, 9, 29), date(2026, 9, 29))  # exactly the rest
    with pytest.raises(ApplicationError, match=r"Only 0\.00 hours of Statutory annual leave"):
        _ask(employee, user, "annual", date(2026, 9, 30), date(2026, 9, 30))
    assert LeaveRequest.objects.filter(employee=employee).count() == 2


def test_refusals_change_nothing() -> None:
    employee, user, _boss = _team()
    grant(employee, "annual", "40")
    _ask(employee, user, "annual", date(2026, 9, 28), date(2026, 9, 29))
    refusals = [
        ("annual", date(2026, 9, 29), date(2026, 9, 30), {}, "Another request already covers"),
        ("annual", date(2026, 9, 25), date(2026, 9, 24), {}, "The last day comes before"),
        ("annual", date(2026, 10, 3), date(2026, 10, 4), {}, "No working time falls"),
        ("sick", date(2026, 9, 21), date(2026, 9, 21), {}, "needs a supporting document"),
        ("marriage", date(2026, 9, 14), date(2026, 9, 17), {}, "at most 3 days here"),
        ("annual", date(2026, 9, 21), date(2026, 9, 21), {"hours_asked": Decimal(2)},
         "not hours"),
    ]  # fmt: skip
    for code, start, end, extra, message in refusals:
        with pytest.raises(ApplicationError, match=message):
            _ask(employee, user, code, start, end, **extra)
    assert LeaveRequest.objects.filter(employee=employee).count() == 1
    stranger = UserFactory(roles=[Role.EMPLOYEE])
    with pytest.raises(ApplicationError, match="Only the employee or an HR admin"):
        _ask(employee, stranger, "annual", date(2026, 9, 21), date(2026, 9, 21))


def test_marriage_leave_follows_the_region_where_the_employee_works() -> None:
    employee, user, _boss = _team()
    shanghai = Location.objects.create(name="上海办公室", code="sh", region="shanghai")
    employee.assignments.update(location=shanghai)
    certificate = leave_document_upload(
        employee=employee, leave_type=leave_type("marriage"), name="结婚证.pdf", data=PDF,
        actor=user,
    )  # fmt: skip
    request = _ask(
        employee, user, "marriage", date(2026, 9, 14), date(2026, 9, 25), document=certificate
    )
    assert request.hours == Decimal("80.00")  # 10 working days, Shanghai's 10


def test_the_manager_approves_and_the_leave_is_taken_from_the_balance() -> None:
    employee, user, boss = _team()
    grant(employee, "annual", "40")
    request = _ask(employee, user, "annual", MONDAY, MONDAY + timedelta(days=1))
    waiting = OutboxMessage.objects.get(event="leave_request_waiting")
    assert waiting.recipient == boss.email
    # The message links to the page where the approver decides with one tap.
    assert "/employees/time/approvals/" in waiting.body
    for wrong in (user, UserFactory(roles=[Role.EMPLOYEE])):
        with pytest.raises(ApplicationError):
            leave_request_approve(request=request, actor=wrong)
    approved = leave_request_approve(request=request, actor=boss)
    assert approved.status == LeaveRequest.Status.APPROVED
    taken = LeaveEntry.objects.get(request=request)
    assert (taken.kind, taken.hours, taken.effective_on) == ("taken", Decimal("-16.00"), MONDAY)
    assert _available(employee, "annual", MONDAY) == Decimal("24.00")
    decided = OutboxMessage.objects.get(event="leave_request_decided")
    assert decided.recipient == user.email
    assert "/employees/time/me/" in decided.body
    with pytest.raises(ApplicationError, match="decided or withdrawn already"):
        leave_request_approve(request=request, actor=boss)


def test_longer_requests_need_hr_after_the_manager() -> None:
    employee, user, boss = _team()
    hr = UserFactory(roles=[Role.HR_ADMIN])
    grant(employee, "annual", "40")
    three = _ask(employee, user, "annual", MONDAY, MONDAY + timedelta(days=2))
    assert not three.needs_hr  # 3 days: the manager alone
    leave_request_cancel(request=three, actor=user)
    four = _ask(employee, user, "annual", MONDAY, MONDAY + timedelta(days=3))
    assert four.needs_hr
    four = leave_request_approve(request=four, actor=boss)
    assert (four.status, four.step) == ("pending", "hr")
    with pytest.raises(ApplicationError):
        leave_request_approve(request=four, actor=boss)
    four = leave_request_approve(request=four, actor=hr)
    assert four.status == "approved"
    assert (four.manager_decided_by, four.hr_decided_by) == (boss, hr)


def test_a_delegate_decides_while_the_manager_is_away() -> None:
    employee, user, boss = _team()
    deputy = UserFactory(roles=[Role.EMPLOYEE])
    grant(employee, "annual", "40")
    request = _ask(employee, user, "annual", MONDAY, MONDAY)
    with pytest.raises(ApplicationError, match="waits for the employee's manager"):
        leave_request_decline(request=request, actor=deputy, note="no")
    today = timezone.localdate()
    LeaveDelegation.objects.create(from_user=boss, to_user=deputy, starts=today, ends=today)
    declined = leave_request_decline(request=request, actor=deputy, note="Team offsite")
    assert (declined.status, declined.decision_note) == ("declined", "Team offsite")
    assert not LeaveEntry.objects.filter(request=request).exists()


def test_cancel_after_approval_reverses_the_hours_on_the_day_taken() -> None:
    employee, user, boss = _team()
    grant(employee, "annual", "40")
    request = leave_request_approve(
        request=_ask(employee, user, "annual", MONDAY, MONDAY), actor=boss
    )
    assert _available(employee, "annual", MONDAY) == Decimal("32.00")
    leave_request_cancel(request=request, actor=user, reason="plans changed")
    kinds = list(LeaveEntry.objects.filter(request=request).values_list("kind", "hours"))
    assert kinds == [("taken", Decimal("-8.00")), ("reversal", Decimal("8.00"))]
    assert _available(employee, "annual", MONDAY) == Decimal("40.00")
    with pytest.raises(ApplicationError, match="no longer pending or approved"):
        leave_request_cancel(request=request, actor=user)


def test_leave_that_has_begun_is_cancelled_by_hr_only() -> None:
    employee, user, boss = _team()
    grant(employee, "annual", "40")
    request = leave_request_approve(
        request=_ask(employee, user, "annual", date(2026, 9, 28), date(2026, 9, 28)), actor=boss
    )
    with pytest.raises(ApplicationError, match="ask HR to cancel it"):
        leave_request_cancel(request=request, actor=user)
    leave_request_cancel(request=request, actor=UserFactory(roles=[Role.HR_ADMIN]))
    assert _available(employee, "annual") == Decimal("40.00")


def test_a_change_cancels_and_resubmits_with_the_ledger_following() -> None:
    employee, user, boss = _team()
    grant(employee, "annual", "16")
    first = leave_request_approve(
        request=_ask(employee, user, "annual", MONDAY, MONDAY + timedelta(days=1)), actor=boss
    )
    # The same 16 hours again on other days: only possible because the first comes back.
    second = leave_request_change(
        request=first, actor=user, start_day=MONDAY + timedelta(days=2),
        end_day=MONDAY + timedelta(days=3),
    )  # fmt: skip
    first.refresh_from_db()
    assert (first.status, second.status, second.replaces_id) == ("cancelled", "pending", first.pk)
    assert _available(employee, "annual", MONDAY) == Decimal("0.00")
    with pytest.raises(ApplicationError, match="Only"):
        leave_request_change(
            request=second, actor=user, start_day=MONDAY, end_day=MONDAY + timedelta(days=4)
        )
    second.refresh_from_db()
    assert second.status == "pending"  # the refused change left it as it was


def test_the_ledger_is_append_only() -> None:
    employee, user, boss = _team()
    grant(employee, "annual", "40")
    before = list(LeaveEntry.objects.values())
    request = leave_request_approve(
        request=_ask(employee, user, "annual", MONDAY, MONDAY), actor=boss
    )
    leave_request_cancel(request=request, actor=user)
    leave_adjust(
        employee=employee, leave_type=leave_type("annual"), hours=Decimal("-4"),
        effective_on=MONDAY, reason="Half day taken in 2025 not recorded",
        actor=UserFactory(roles=[Role.HR_ADMIN]),
    )  # fmt: skip
    after = list(LeaveEntry.objects.values())
    assert after[: len(before)] == before  # the old rows as they were, three new ones
    assert [row["kind"] for row in after[len(before) :]] == ["taken", "reversal", "adjustment"]
    entry = LeaveEntry.objects.first()
    assert entry is not None
    entry.hours = Decimal(100)
    for change in (entry.save, entry.delete, LeaveEntry.objects.all().delete,
                   lambda: LeaveEntry.objects.update(hours=0)):  # fmt: skip
        with pytest.raises(TypeError, match="append-only"):
            change()
    with pytest.raises(ApplicationError, match="Say why"):
        leave_adjust(
            employee=employee, leave_type=leave_type("annual"), hours=Decimal(1),
            effective_on=MONDAY, reason=" ", actor=UserFactory(roles=[Role.HR_ADMIN]),
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="Only HR admins"):
        leave_adjust(
            employee=employee, leave_type=leave_type("annual"), hours=Decimal(1),
            effective_on=MONDAY, reason="x", actor=user,
        )  # fmt: skip


def test_the_balance_as_of_a_past_day() -> None:
    employee, user, boss = _team()
    grant(employee, "annual", "40", on=date(2026, 1, 1))
    request = _ask(employee, user, "annual", date(2026, 3, 2), date(2026, 3, 2))
    leave_request_approve(request=request, actor=boss)
    balances = {on: _balance(employee, on) for on in
                (date(2025, 12, 31), date(2026, 3, 1), date(2026, 3, 2))}  # fmt: skip
    assert balances == {
        date(2025, 12, 31): Decimal(0),
        date(2026, 3, 1): Decimal("40.00"),
        date(2026, 3, 2): Decimal("32.00"),
    }


def _balance(employee: Employee, on: date) -> Decimal:
    return {b.type.code: b for b in leave_balances(employee, on=on)}["annual"].balance_hours


def test_an_inactive_type_is_refused() -> None:
    employee, user, _boss = _team()
    personal = leave_type("personal")
    LeaveType.objects.filter(pk=personal.pk).update(is_active=False)
    with pytest.raises(ApplicationError, match="not in use"):
        _ask(employee, user, "personal", MONDAY, MONDAY)


def test_a_sick_note_is_kept_as_health_data_the_manager_cannot_open() -> None:
    employee, user, boss = _team()
    sick = leave_type("sick")
    with pytest.raises(ApplicationError, match="separate consent to health data"):
        leave_document_upload(
            employee=employee, leave_type=sick, name="x.pdf", data=PDF, actor=user
        )
    assert not EmployeeDocument.objects.exists()
    health_consent_give(employee=employee, actor=user)
    note = leave_document_upload(
        employee=employee, leave_type=leave_type("sick"), name="病假条.pdf", data=PDF, actor=user
    )
    assert note.kind == EmployeeDocument.Kind.MEDICAL
    assert not EmployeeDocument.objects.visible_to(boss).filter(pk=note.pk).exists()
    with pytest.raises(ApplicationError, match="Only HR admins and the employee"):
        sensitive_document_opened(document=note, actor=boss)
    sensitive_document_opened(document=note, actor=user)
    assert SensitiveAccess.objects.filter(employee=employee, field="health_notes").count() == 1
    request = _ask(employee, user, "sick", MONDAY, MONDAY, document=note)
    assert request.document == note
