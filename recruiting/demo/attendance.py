"""The demo's time and attendance (issue 18), told through the real services, once.

So that a demo user can walk leave and attendance with data in place:

- everyone employed gets this year's annual leave (and last month's year's, in January);
- 张伟 (the manager account) leads a small office team: three long-serving people of his
  department report to him, on the company's office hours. One of them (the team's
  demo employee) has leave in every state: approved last month, waiting for 张伟 next
  week, declined in three weeks; a teammate has approved leave too, and 陈静 (the
  employee account) has asked for a day of personal leave. Overtime: a workday evening
  paid, a Saturday taken as time off in lieu (credited to the lieu balance), and one
  waiting for 张伟;
- the plant's shift leader (the supervisor account) and his team work a rotation with
  a night shift (two crews, days, days, nights, nights, two off);
- a month of punches through the time clocks' service, from the first of last month to
  the day before yesterday (whose night shift has ended), with a few late arrivals and
  one missing clock-out; the daily results are recomputed, and the plant team's last
  month is confirmed (locked).

The shifts and patterns are made as plain rows (no service makes them yet). A later
start finds the demo's shifts and adds nothing but the annual leave still missing.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from employees.attendance.confirmation import month_confirm
from employees.attendance.overtime import overtime_decide, overtime_request
from employees.attendance.punches import PunchInput, punches_record
from employees.attendance.recompute import daily_results_recompute
from employees.leave.annual import annual_leave_grant
from employees.leave.requests import (
    leave_request_approve,
    leave_request_decline,
    leave_request_submit,
)
from employees.leave.types_data import ANNUAL
from employees.models import (
    Assignment,
    Compensation,
    DayKind,
    Employee,
    EmployeeStatus,
    LeaveType,
    PunchSource,
    Shift,
    ShiftPattern,
    WorkArrangement,
    WorkingHourSystem,
)
from employees.services.assignments import assignment_change
from employees.worktime.plan import PlannedDay, planned_days
from hrflow.accounts.demo import SUPERVISOR_EMAIL
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.selectors import company_current
from recruiting.demo.people import demo_user

# (code, zh, en, starts, ends, break minutes, lateness allowed)
SHIFTS = (
    ("demo-plant-day", "白班", "Day shift", time(8), time(16, 30), 30, 5),
    ("demo-plant-night", "夜班", "Night shift", time(22), time(6, 30), 30, 5),
)
ROTATION = ["demo-plant-day", "demo-plant-day", "demo-plant-night", "demo-plant-night", "", ""]
# Two crews three days apart, so the plant has a crew on nights most days.
CREWS = (("demo-crew-a", "甲班轮班", "Crew A rotation", 0), ("demo-crew-b", "乙班轮班",
         "Crew B rotation", 3))  # fmt: skip
OFFICE_TEAM = 3
PLANT_TEAM = 12
# At least a year's service: statutory annual leave is due (5 days and up).
LONG_SERVING = timedelta(days=400)
# Arrive a little early and leave a little late; some arrive late.
EARLY_MINUTES = (2, 15)
LEAVE_AFTER_MINUTES = (1, 25)
LATE_MINUTES = (8, 35)
LATE_DAYS_EACH = 2  # for the first few people; one missing clock-out in all
MOVE_REASON = ("张伟组建项目小组。", "Zhang Wei's project team is formed.")
DECLINE_NOTE = ("项目上线周，请改期。", "It is the release week; please pick other days.")
LEAVE_REASONS = (("家中有事", "Family matters"), ("回老家", "Visiting family"),
                 ("旅行", "A trip"), ("办理居住证", "Residence permit appointment"))  # fmt: skip
OVERTIME_REASONS = (("版本发布", "The release"), ("客户支持", "Customer support"),
                    ("月底结账", "Month-end closing"))  # fmt: skip
DEVICES = ("前台门禁", "Front door"), ("车间闸机", "Plant gate")


@dataclass(frozen=True)
class DemoTime:
    granted: int  # annual leave entries booked now
    employee: Employee | None  # the office team's demo employee (leave in every state)
    leave_requests: int
    punches: int
    overtime_requests: int
    results: int
    confirmed: int


@transaction.atomic
def demo_time_ensure(*, language: str, today: date | None = None) -> DemoTime:
    """Annual leave for everyone, then, once, the teams' leave, rotation, punches,
    overtime, results and last month's confirmation (see the module's docstring)."""
    today = today or timezone.localdate()
    english = language == "en"
    hr = demo_user(Role.HR_ADMIN)
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # last month's 1st
    granted = _annual_leave(hr, {start.year, today.year})
    nothing = DemoTime(granted, None, 0, 0, 0, 0, 0)
    if hr is None or Shift.objects.filter(code=SHIFTS[0][0]).exists():
        return nothing
    _rotation_make(english, start)
    # The day before yesterday: yesterday's night shift may not have ended yet.
    end = today - timedelta(days=2)
    manager_user = demo_user(Role.HIRING_MANAGER)
    manager = Employee.objects.filter(user=manager_user).first() if manager_user else None
    office = _office_team(hr, manager, start, today, english)
    plant = _plant_team(start, today, english, hr)
    people = [p for p in [*([manager] if manager else []), *office, *plant] if p.hire_date <= start]
    plan = planned_days([p.pk for p in people], start, today + timedelta(days=28))
    decider = manager_user or hr
    requests, away = _leave(hr, decider, office, plan, today, english)
    overtime, extra = _overtime(hr, decider, office, plan, start, end, english)
    punches = punches_record(
        rows=_punches(
            people,
            {p.pk for p in plant},
            office[1].pk if len(office) > 1 else None,
            plan,
            start,
            end,
            away,
            extra,
            english,
        ),
        source=PunchSource.API,
        actor=hr,
    ).created
    results = daily_results_recompute(employee_ids=[p.pk for p in people], start=start, end=end)
    # The plant's people have confirmed last month (their leader has not yet).
    confirming = [p for p in plant if p.hire_date <= start and p.user_id is None]
    for person in confirming:
        month_confirm(employee=person, month=start, actor=hr)
    return DemoTime(
        granted=granted,
        employee=office[0] if office else None,
        leave_requests=requests,
        punches=punches,
        overtime_requests=overtime,
        results=results,
        confirmed=len(confirming),
    )


def _annual_leave(hr: User | None, years: set[int]) -> int:
    booked = 0
    staff = Employee.objects.exclude(assignments__status=EmployeeStatus.LEFT).distinct()
    for employee in staff.order_by("pk"):
        for year in sorted(years):
            booked += len(annual_leave_grant(employee=employee, year=year, actor=hr))
    return booked


def _rotation_make(english: bool, anchor: date) -> None:
    for code, zh, en, starts, ends, pause, grace in SHIFTS:
        Shift.objects.create(
            code=code,
            name=en if english else zh,
            starts=starts,
            ends=ends,
            break_minutes=pause,
            late_grace_minutes=grace,
        )
    for code, zh, en, offset in CREWS:
        ShiftPattern.objects.create(
            code=code,
            name=en if english else zh,
            follows_calendar=False,
            cycle=ROTATION,
            anchor=anchor - timedelta(days=offset),
        )


def _office_team(
    hr: User, manager: Employee | None, start: date, today: date, english: bool
) -> list[Employee]:
    """Long-serving people of 张伟's department, from today his reports (the first is
    the team's demo employee)."""
    if manager is None:
        return []
    jobs = Assignment.objects.as_of(today)
    job = jobs.filter(employee=manager).select_related("department").first()
    if job is None or job.department is None:
        return []
    department = job.department
    leads = jobs.exclude(manager__isnull=True).values("manager_id")
    # Not the plant shift leader's people: they are the rotation's.
    chosen = list(
        Employee.objects.filter(
            pk__in=jobs.filter(
                department__path__startswith=department.path, status=EmployeeStatus.REGULAR
            )
            .exclude(manager__user__email__iexact=SUPERVISOR_EMAIL)
            .values("employee_id"),
            user__isnull=True,
            hire_date__lte=start - LONG_SERVING,
        )
        .exclude(pk__in=leads)
        .order_by("hire_date", "pk")[:OFFICE_TEAM]
    )
    for person in chosen:
        assignment_change(
            employee=person,
            valid_from=today,
            change=Assignment.Change.MANAGER,
            actor=hr,
            reason=MOVE_REASON[english],
            manager_id=manager.pk,
        )
    return chosen


def _plant_team(start: date, today: date, english: bool, hr: User) -> list[Employee]:
    """The shift leader and the first of his reports, on the two crews' rotation."""
    lead = Employee.objects.filter(user__email__iexact=SUPERVISOR_EMAIL).first()
    if lead is None:
        return []
    reports = (
        Assignment.objects.as_of(today)
        .filter(manager=lead)
        .exclude(status=EmployeeStatus.LEFT)
        .values("employee_id")
    )
    team = [lead, *Employee.objects.filter(pk__in=reports).order_by("pk")[:PLANT_TEAM]]
    crews = list(ShiftPattern.objects.filter(code__in=[c[0] for c in CREWS]).order_by("code"))
    for index, person in enumerate(team):
        WorkArrangement.objects.create(
            employee=person,
            valid_from=start,
            system=WorkingHourSystem.STANDARD,
            pattern=crews[index % len(crews)],
            reason="轮班制" if not english else "Shift rotation",
            recorded_by=hr,
        )
    return team


def _workdays(plan: dict[tuple[int, date], PlannedDay], employee: Employee) -> list[date]:
    return sorted(
        day
        for (employee_id, day), planned in plan.items()
        if employee_id == employee.pk and planned.shift is not None
        and planned.kind == DayKind.WORKDAY
    )  # fmt: skip


def _leave(
    hr: User,
    decider: User,
    office: list[Employee],
    plan: dict[tuple[int, date], PlannedDay],
    today: date,
    english: bool,
) -> tuple[int, set[tuple[int, date]]]:
    """Leave in every state; the (employee id, day) pairs of approved leave (no punches)."""
    annual = LeaveType.objects.get(code=ANNUAL)
    away: set[tuple[int, date]] = set()
    made = 0
    for index, person in enumerate(office[:2]):
        days = _workdays(plan, person)
        past = [day for day in days if day < today - timedelta(days=7 + 3 * index)]
        if not past:
            continue
        request = leave_request_submit(
            employee=person,
            leave_type=annual,
            start_day=past[-1],
            end_day=past[-1],
            reason=LEAVE_REASONS[index][english],
            actor=hr,
        )
        leave_request_approve(request=request, actor=decider)
        away.add((person.pk, past[-1]))
        made += 1
    if office:
        person = office[0]
        coming = [day for day in _workdays(plan, person) if day > today]
        if len(coming) >= 15:
            leave_request_submit(
                employee=person,
                leave_type=annual,
                start_day=coming[5],
                end_day=coming[6],
                reason=LEAVE_REASONS[2][english],
                actor=hr,
            )
            declined = leave_request_submit(
                employee=person,
                leave_type=annual,
                start_day=coming[14],
                end_day=coming[14],
                reason=LEAVE_REASONS[1][english],
                actor=hr,
            )
            leave_request_decline(request=declined, actor=decider, note=DECLINE_NOTE[english])
            made += 2
    made += _employee_account_leave(today, english)
    return made, away


def _employee_account_leave(today: date, english: bool) -> int:
    """陈静 asks for a day of personal leave herself, next week; it waits for 张伟."""
    account = User.objects.filter(email__iexact="employee@hrflow.local").first()
    chen = Employee.objects.filter(user=account).first() if account else None
    personal = LeaveType.objects.filter(code="personal", is_active=True).first()
    if chen is None or personal is None or account is None:
        return 0
    plan = planned_days([chen.pk], today + timedelta(days=7), today + timedelta(days=14))
    day = next(
        (d for (_e, d), p in sorted(plan.items()) if p.shift and p.day >= chen.hire_date), None
    )
    if day is None:
        return 0
    leave_request_submit(
        employee=chen,
        leave_type=personal,
        start_day=day,
        end_day=day,
        reason=LEAVE_REASONS[3][english],
        actor=account,
    )
    return 1


def _overtime(
    hr: User,
    decider: User,
    office: list[Employee],
    plan: dict[tuple[int, date], PlannedDay],
    start: date,
    end: date,
    english: bool,
) -> tuple[int, dict[tuple[int, date], tuple[datetime, datetime]]]:
    """A paid workday evening and a Saturday as time off, approved; one waiting. The
    (employee id, day) -> (from, to) worked, for the punches."""
    worked: dict[tuple[int, date], tuple[datetime, datetime]] = {}
    if not office:
        return 0, worked
    asks: list[tuple[Employee, PlannedDay, int, str, bool]] = []
    person = office[0]
    mine = [p for (e, d), p in sorted(plan.items()) if e == person.pk and start <= d <= end]
    evenings = [p for p in mine if p.kind == DayKind.WORKDAY and p.shift is not None]
    rest = [p for p in mine if p.kind == DayKind.REST_DAY and p.shift is None]
    if len(evenings) > 3:
        asks.append((person, evenings[2], 120, Compensation.PAY, True))
    if rest:
        asks.append((person, rest[0], 180, Compensation.TIME_OFF, True))
    if len(office) > 1:
        theirs = [
            p
            for (e, d), p in sorted(plan.items())
            if e == office[1].pk and start <= d <= end and p.kind == DayKind.WORKDAY and p.shift
        ]
        if theirs:
            asks.append((office[1], theirs[-1], 90, Compensation.PAY, False))
    made = 0
    for index, (employee, day, minutes, compensation, approve) in enumerate(asks):
        # After the evening's shift ends; on a day off from ten in the morning.
        begins = day.shift.end if day.shift is not None else _at(day.day, time(10))
        ends = begins + timedelta(minutes=minutes)
        request = overtime_request(
            employee=employee,
            day=day.day,
            starts=begins,
            ends=ends,
            compensation=compensation,
            reason=OVERTIME_REASONS[index % len(OVERTIME_REASONS)][english],
            actor=hr,
        )
        if approve:
            overtime_decide(request=request, approve=True, actor=decider)
        worked[(employee.pk, day.day)] = (begins, ends)
        made += 1
    return made, worked


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=company_current().zone)


def _punches(
    people: list[Employee],
    plant: set[int],
    forgetful: int | None,
    plan: dict[tuple[int, date], PlannedDay],
    start: date,
    end: date,
    away: set[tuple[int, date]],
    overtime: dict[tuple[int, date], tuple[datetime, datetime]],
    english: bool,
) -> list[PunchInput]:
    """Clock-in and clock-out around each planned shift (and the overtime), from `start`
    to `end`: a few late arrivals each for the first people, one clock-out missing."""
    rows: list[PunchInput] = []
    for index, person in enumerate(people):
        rng = random.Random(person.pk)  # noqa: S311 - made-up data, not secrets
        days = [d for d in _days(start, end) if d >= person.hire_date]
        shifts = [d for d in days if plan[(person.pk, d)].shift is not None]
        late = set(rng.sample(shifts, min(LATE_DAYS_EACH, len(shifts)))) if index < 4 else set()
        device = DEVICES[person.pk in plant]
        for day in days:
            if (person.pk, day) in away:
                continue
            shift = plan[(person.pk, day)].shift
            extra = overtime.get((person.pk, day))
            if shift is None and extra is None:
                continue
            begins = shift.start if shift is not None else extra[0]  # type: ignore[index]
            ends = extra[1] if extra is not None else shift.end  # type: ignore[union-attr]
            if day in late:
                arrive = begins + timedelta(minutes=rng.randint(*LATE_MINUTES))
            else:
                arrive = begins - timedelta(minutes=rng.randint(*EARLY_MINUTES))
            leave = ends + timedelta(minutes=rng.randint(*LEAVE_AFTER_MINUTES))
            name = device[english]
            rows.append(PunchInput(person.number, arrive, name))
            # The clock-out forgotten once, halfway through the month.
            forgot = person.pk == forgetful and day == shifts[len(shifts) // 2]
            if not forgot:
                rows.append(PunchInput(person.number, leave, name))
    return rows


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
