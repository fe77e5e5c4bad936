"""The plant's training story (issue 16), told through the real services, once.

The AI interview scored the plant's applicants on safety awareness and hands-on
ability; after hire, their shift leader sees who scored low and books them on
the safety course. So that a demo user can walk it:

- a shift leader (班组长) of the plant is the supervisor demo account: the lead
  whose reports hold the most hires of last year's drive (recruiting.seeding.drive)
  whose AI interview put their safety awareness in the bottom of the applicant
  pool, the line the training suggestions draw. Few hires score that low, and the
  seed may seat them one to a shift, so HR moves some more onto this lead's shift
  (a manager change) until it has WEAK_ON_SHIFT of them. Linked before the closed
  review cycle, so the reviews of their team are theirs;
- the production job family needs safety awareness and hands-on ability at level 3;
- the safety course and the hands-on workshop have sessions at the plant in the
  coming weeks, the first of each nearly full with people of other teams.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count

from employees.models import Assignment, Course, Employee, EmployeeStatus, TrainingSettings
from employees.seeding.vocabulary import KIND_BY_TOP
from employees.services.accounts import employee_account_create
from employees.services.assignments import assignment_change
from employees.skills.services import requirement_set
from employees.training.courses import session_create
from employees.training.services import enrolments_create
from employees.training.suggestions import weak_ai_evidence
from hrflow.accounts.demo import SUPERVISOR_EMAIL
from hrflow.accounts.models import User
from hrflow.accounts.services import user_rename
from hrflow.competencies.models import Competency
from hrflow.org.models import CompanySettings, Department
from hrflow.org.selectors import company_current
from recruiting.demo.performance import PLANT_DEPARTMENT
from recruiting.offers.services import company_today

SAFETY = "safety_awareness"
# What the plant's front line needs, by job family (the seed's positions of the
# operations centre are of the production family).
REQUIREMENTS = ((SAFETY, 3), ("hands_on_ability", 3))
# (course code, ((days ahead, seats, seats taken by people of other teams), ...)):
# the first session of each nearly full, so the page offers the next one to a team.
SESSIONS: tuple[tuple[str, tuple[tuple[int, int, int], ...]], ...] = (
    ("safety-basics", ((4, 24, 22), (11, 30, 6), (25, 30, 0))),
    ("hands-on-workshop", ((7, 12, 10), (18, 12, 3))),
)
SESSION_HOURS = {"safety-basics": (9, 17), "hands-on-workshop": (13, 17)}
PLACES = {
    "safety-basics": ("工厂A栋培训室", "Plant, training room A"),
    "hands-on-workshop": ("工厂实训车间", "Plant, practice workshop"),
}
TRAINERS = {
    "safety-basics": ("安全环保部 周工", "Zhou, Safety and Environment"),
    "hands-on-workshop": ("设备部 林师傅", "Lin, Equipment"),
}
WEAK_ON_SHIFT = 3
SHIFT_REASON = "新员工集中编入同一班组，便于统一安排安全培训。"
FILLER_REASON = ("新员工安全与实操轮训。", "Safety and hands-on rotation for the floor.")


@dataclass(frozen=True)
class DemoPlant:
    supervisor: Employee | None
    requirements: int
    sessions: int
    seats_taken: int


def demo_supervisor_link(*, hr: User, today: date) -> Employee | None:
    """Link the supervisor demo account to the plant lead with the most reports whose
    AI interview scored safety awareness low, and name the account after them."""
    user = User.objects.filter(email__iexact=SUPERVISOR_EMAIL).first()
    plant = Department.objects.filter(code=PLANT_DEPARTMENT).first()
    if user is None or plant is None or Employee.objects.filter(user=user).exists():
        return None
    reports = (
        Assignment.objects.as_of(today)
        .filter(department__path__startswith=plant.path, manager__isnull=False)
        .exclude(status=EmployeeStatus.LEFT)
        .values_list("manager_id", "employee_id")
    )
    team: dict[int, list[int]] = {}
    for manager_id, employee_id in reports:
        team.setdefault(manager_id, []).append(employee_id)
    if not team:
        return None
    threshold = Decimal(TrainingSettings.current().weak_pool_percentile)
    weak = weak_ai_evidence([e for people in team.values() for e in people], threshold)
    weak_safety = {
        employee for (employee, _c), evidence in weak.items() if evidence.competency.code == SAFETY
    }
    # Most weak reports, then the larger team, then the first seeded: the same lead for
    # the same seed.
    chosen = min(
        team,
        key=lambda manager: (
            -len(weak_safety.intersection(team[manager])),
            -len(team[manager]),
            manager,
        ),
    )
    lead = Employee.objects.filter(pk=chosen, user__isnull=True).first()
    if lead is None:
        return None
    on_shift = weak_safety.intersection(team[chosen])
    elsewhere = sorted(weak_safety - on_shift)
    for moved in Employee.objects.filter(
        pk__in=elsewhere[: max(0, WEAK_ON_SHIFT - len(on_shift))]
    ).order_by("pk"):
        assignment_change(
            employee=moved,
            valid_from=today,
            change=Assignment.Change.MANAGER,
            actor=hr,
            reason=SHIFT_REASON,
            manager_id=lead.pk,
        )
    employee_account_create(employee=lead, email=SUPERVISOR_EMAIL, actor=hr)
    user_rename(user=user, full_name=lead.full_name, actor=hr)
    return lead


def demo_plant_training_ensure(
    *, hr: User, supervisor: Employee | None, language: str
) -> DemoPlant:
    """The production family's requirements and the coming sessions with some seats taken."""
    today = company_today()
    family = KIND_BY_TOP.get(PLANT_DEPARTMENT, "plant")
    codes = [code for code, _level in REQUIREMENTS]
    competencies = Competency.objects.in_bulk(codes, field_name="code")
    requirements = 0
    for code, level in REQUIREMENTS:
        if code in competencies:
            requirement_set(competency=competencies[code], level=level, job_family=family, actor=hr)
            requirements += 1
    english = language == "en"
    company = company_current()
    fillers = _fillers(today, supervisor)
    courses = Course.objects.in_bulk([code for code, _plan in SESSIONS], field_name="code")
    sessions = taken = 0
    for code, plan in SESSIONS:
        course = courses.get(code)
        if course is None or not course.is_active:
            continue
        queue = list(fillers)
        starts, ends = SESSION_HOURS[code]
        for days, seats, filled in plan:
            day = _working_day(today + timedelta(days=days), company)
            session = session_create(
                course=course,
                starts_at=datetime.combine(day, time(starts), tzinfo=company.zone),
                ends_at=datetime.combine(day, time(ends), tzinfo=company.zone),
                seats=seats,
                place=PLACES[code][english],
                trainer=TRAINERS[code][english],
                actor=hr,
            )
            sessions += 1
            people, queue = queue[:filled], queue[filled:]
            taken += len(
                enrolments_create(
                    employees=people,
                    course=course,
                    session=session,
                    reason=FILLER_REASON[english],
                    actor=hr,
                )
            )
    return DemoPlant(
        supervisor=supervisor, requirements=requirements, sessions=sessions, seats_taken=taken
    )


def _fillers(today: date, supervisor: Employee | None) -> list[Employee]:
    """Plant people outside the supervisor's team, newest first: the seats others took."""
    plant = Department.objects.filter(code=PLANT_DEPARTMENT).first()
    if plant is None:
        return []
    seated = Assignment.objects.as_of(today).filter(
        department__path__startswith=plant.path,
        status__in=(EmployeeStatus.PROBATION, EmployeeStatus.REGULAR),
    )
    if supervisor is not None:
        seated = seated.exclude(manager=supervisor).exclude(employee=supervisor)
    return list(
        Employee.objects.filter(pk__in=seated.values("employee_id"))
        .annotate(enrolment_count=Count("enrolments"))
        .filter(enrolment_count=0)
        .order_by("-hire_date", "pk")
    )


def _working_day(day: date, company: CompanySettings) -> date:
    """The day, or the next working day of the company's week."""
    for _ in range(7):
        if company.is_working_day(day):
            break
        day += timedelta(days=1)
    return day
