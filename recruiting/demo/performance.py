"""The demo's performance and growth data, told through the real services, once.

- KPI values (safety incidents, output, quality defects) of the operations centre,
  month by month over the last six full months, stored in one bulk call;
- a review template (KPI 60 %, competencies 30 %, attitude 10 %, comments 0 %) and
  that half-year's cycle for operations, with goals on safety incidents (at most 2
  earn 100 %, 3 earn 60 %) and output: each manager (given a sign-in account the way
  HR gives one) writes and rates their people's reviews, HR rates the head nobody
  reviews and moves two ratings with a reason, and the closed cycle leaves one review
  Outcome with its final rating per person;
- a few probation decisions and two leavers with their reasons;
- training: 陈静 holds the special-operations certificate and is enrolled in the
  communication course, so 张伟's team page shows history and what is next;
- the current half-year's cycle for 陈静's department, open: her self review is to
  write, then 张伟's review of her.

The seeded people have no accounts, so the closed cycle has no self reviews (giving
them all one would send each a set-password e-mail).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg

from employees.metrics.checking import RawValue
from employees.metrics.services import metric_values_submit
from employees.models import (
    Assignment,
    Course,
    Employee,
    EmployeeStatus,
    Metric,
    ProbationReview,
    Review,
    ReviewCycle,
    ReviewTemplate,
    SectionKind,
    SkillEvidence,
    TemplateSection,
)
from employees.models.performance import RATING_MAX, CycleKind
from employees.performance.answers import AnswerInput, review_manager_submit
from employees.performance.calibration import (
    review_cycle_calibration_start,
    review_cycle_close,
    review_rating_calibrate,
)
from employees.performance.cycles import CycleInput, GoalPlan, GoalSpec, review_cycle_open
from employees.performance.templates import SectionInput, review_template_save
from employees.selectors.contracts import probation_latest_end
from employees.services.accounts import employee_account_create
from employees.services.leaving import employee_leave
from employees.services.probation import probation_extend, probation_pass
from employees.services.probation_reviews import probation_reviews_open
from employees.training.services import enrolment_complete, enrolments_create
from hrflow.accounts.models import User
from hrflow.competencies.models import Competency
from hrflow.org.models import Department
from recruiting.offers.services import company_today

TEMPLATE_NAME = "年度绩效考核模板"
COMPETENCY_CODES = ("communication", "teamwork", "learning_ability", "professional_skill")
ATTITUDE_CODES = ("safety_awareness",)
# Goals of every review: at most two incidents earn the full score, three earn 60 %.
SAFETY_BANDS: list[list[object]] = [[2, 100], [3, 60]]
OUTPUT_TARGET = 600
OUTPUT_BANDS: list[list[object]] = [[600, 100], [540, 80], [480, 50]]
# The office's goal in the current cycle: few defects found after release.
DEFECT_BANDS: list[list[object]] = [[2, 100], [5, 60]]
PLANT_DEPARTMENT = "ops"
CALIBRATIONS = (
    (1, "跨部门校准：季度内多次主动承担紧急任务，上调一档。"),
    (-1, "跨部门校准：与同级相比产出偏低，下调一档。"),
)
LEAVERS = (
    (True, "个人原因：回老家发展。"),
    (False, "试用期后岗位调整，协商解除劳动合同。"),
)


@dataclass(frozen=True)
class DemoPerformance:
    kpi_values: int
    closed_reviews: int
    open_reviews: int
    probation_decided: int
    leavers: int
    enrolments: int


def demo_performance_ensure(*, hr: User, chen: Employee | None) -> DemoPerformance:
    """Called once, right after the organisation is seeded (a later start skips it)."""
    rng = random.Random(16)  # noqa: S311 - made-up data, not secrets
    today = company_today()
    start, end = _last_closed_half(today)
    # Safety incidents and output are the plant's figures: the closed cycle reviews the
    # operations centre (the whole organisation if the demo has none).
    plant = Department.objects.filter(code=PLANT_DEPARTMENT).first()
    people = list(
        Employee.objects.filter(hire_date__lte=end, pk__in=_employed_today(today, plant))
        .order_by("pk")
    )  # fmt: skip
    aptitude = _aptitudes(people, rng)
    kpi_values = _kpi_values_store(people, aptitude, start, end, rng, hr)
    template = _template(hr)
    _manager_accounts(people, today, hr)
    closed = _closed_cycle(template, (start, end), plant, hr, aptitude, rng)
    probation = _probation_decisions(hr, today, chen)
    leavers = _leavers(hr, today, closed)
    enrolments = _training(hr, chen, today)
    opened = _open_cycle(template, today, hr, chen)
    return DemoPerformance(
        kpi_values=kpi_values,
        closed_reviews=Review.objects.filter(cycle=closed).count(),
        open_reviews=Review.objects.filter(cycle=opened).count() if opened else 0,
        probation_decided=probation,
        leavers=leavers,
        enrolments=enrolments,
    )


def _last_closed_half(today: date) -> tuple[date, date]:
    """The six full months before this one: it begins after the hiring drive's last
    hire started (recruiting.seeding.drive), so those hires have a full period."""
    end = today.replace(day=1) - timedelta(days=1)
    return _months_back(end.replace(day=1), 5), end


def _months_back(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _employed_today(today: date, department: Department | None) -> list[int]:
    rows = Assignment.objects.as_of(today).filter(
        status__in=(EmployeeStatus.PROBATION, EmployeeStatus.REGULAR)
    )
    if department is not None:
        rows = rows.filter(department__path__startswith=department.path)
    return list(rows.values_list("employee_id", flat=True))


def _aptitudes(people: list[Employee], rng: random.Random) -> dict[int, float]:
    """How good each person is at the job, 0..1: for the pipeline hires a function of
    what their AI interview showed (their safety awareness, else their overall AI
    evidence) plus noise, for everyone else noise alone. The KPI values below follow
    it, and so do the manager's ratings, so the analytics of AI scores against review
    outcomes finds a real, non-zero correlation for every hire the cycle reviews.
    The plant's hires of last year's hiring drive (recruiting.seeding.drive: AI
    interview about nine to fifteen months ago, started before the closed period)
    are reviewed in the closed cycle, about ninety of them with a safety-awareness
    score, so their incidents fall as that score rises; the recent hires start from
    last week to next month and get their first rating in a later cycle."""
    evidence = dict(
        SkillEvidence.objects.filter(source="ai_interview", employee__in=people)
        .values("employee_id")
        .annotate(score=Avg("score"))
        .values_list("employee_id", "score")
    )
    safety = dict(
        SkillEvidence.objects.filter(
            source="ai_interview", employee__in=people, dimension_code="safety_awareness"
        ).values_list("employee_id", "score")
    )
    aptitude = {}
    for person in people:
        shown = safety.get(person.pk, evidence.get(person.pk))
        if shown is None:
            aptitude[person.pk] = min(1.0, max(0.0, rng.gauss(0.6, 0.2)))
        else:
            scaled = (float(shown) - 50) / 50  # AI scores of hires sit in 50..100
            aptitude[person.pk] = min(1.0, max(0.0, scaled + rng.gauss(0, 0.1)))
    return aptitude


def _kpi_values_store(
    people: list[Employee],
    aptitude: dict[int, float],
    start: date,
    end: date,
    rng: random.Random,
    hr: User,
) -> int:
    """A value a month per person for three metrics, in one bulk call."""
    month_ends = [_month_end(_months_back(start, -n)) for n in range(6)]
    raws: list[RawValue] = []
    for person in people:
        skill = aptitude[person.pk]
        # Over the half-year: 0..5 incidents, 420..720 units, 2..14 defects.
        incidents = max(0, round((1 - skill) * 5 + rng.gauss(0, 0.7)))
        months_with = set(rng.sample(range(6), min(incidents, 6)))
        for n, on in enumerate(month_ends):
            values = {
                "safety_incidents": 1 if n in months_with else 0,
                "output_units": round(70 + 50 * skill + rng.gauss(0, 6)),
                "quality_defects": max(0, round((1 - skill) * 2 + rng.gauss(0, 0.5))),
            }
            for code, value in values.items():
                raws.append(RawValue(len(raws), person.number, code, on.isoformat(), str(value)))
    stored = metric_values_submit(raws=raws, actor=hr)
    return stored.inserted


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _template(hr: User) -> ReviewTemplate:
    def ids(codes: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(Competency.objects.filter(code__in=codes).values_list("pk", flat=True))

    return review_template_save(
        name=TEMPLATE_NAME,
        sections=[
            SectionInput(kind=SectionKind.KPI, title="KPI 目标", weight=Decimal(60)),
            SectionInput(
                kind=SectionKind.COMPETENCIES,
                title="能力素质",
                weight=Decimal(30),
                competency_ids=ids(COMPETENCY_CODES),
            ),
            SectionInput(
                kind=SectionKind.COMPETENCIES,
                title="工作态度",
                weight=Decimal(10),
                competency_ids=ids(ATTITUDE_CODES),
            ),
            SectionInput(kind=SectionKind.COMMENTS, title="总体评语", weight=Decimal(0)),
        ],
        actor=hr,
    )


def _plant_goals(plant: Department | None) -> GoalPlan:
    metrics = dict(Metric.objects.values_list("code", "pk"))
    specs = [
        GoalSpec(
            metric_id=metrics["safety_incidents"],
            direction="lower",
            target=Decimal(2),
            bands=SAFETY_BANDS,
            weight=Decimal(50),
        ),
        GoalSpec(
            metric_id=metrics["output_units"],
            direction="higher",
            target=Decimal(OUTPUT_TARGET),
            bands=OUTPUT_BANDS,
            weight=Decimal(50),
        ),
    ]
    # A department's plan reaches every department below it.
    if plant is not None:
        return GoalPlan(by_department={plant.pk: specs})
    tops = Department.objects.filter(parent__isnull=True).values_list("pk", flat=True)
    return GoalPlan(by_department=dict.fromkeys(tops, specs))


def _closed_cycle(
    template: ReviewTemplate,
    period: tuple[date, date],
    plant: Department | None,
    hr: User,
    aptitude: dict[int, float],
    rng: random.Random,
) -> ReviewCycle:
    """A manager's review of the half-year (no self review: the seeded people have no
    accounts); each manager rates around the person's aptitude, so the final ratings
    follow the AI evidence of the pipeline hires as the KPI values do."""
    start, end = period
    cycle = review_cycle_open(
        cycle=CycleInput(
            name=f"半年绩效考核（{start:%Y.%m}–{end:%Y.%m}）",
            kind=CycleKind.HALF_YEAR,
            period_start=start,
            period_end=end,
            template=template,
            department=plant,
            self_review=False,
        ),
        actor=hr,
        goals=_plant_goals(plant),
    )
    reviews = list(
        Review.objects.filter(cycle=cycle).select_related("manager__user").order_by("pk")
    )
    sections = list(TemplateSection.objects.filter(template=template).order_by("position"))
    competencies = {section.pk: list(section.competencies.order_by("pk")) for section in sections}
    unrated = []
    for review in reviews:
        skill = aptitude.get(review.employee_id, 0.5)
        if review.manager is None or review.manager.user is None:
            unrated.append(review)
            continue
        goals = list(review.goals.order_by("pk").values_list("pk", flat=True))
        answers = []
        for section in sections:
            if section.kind == SectionKind.KPI:
                answers += [
                    AnswerInput(section_id=section.pk, goal_id=goal, comment=_kpi_comment(skill))
                    for goal in goals
                ]
            elif section.kind == SectionKind.COMPETENCIES:
                answers += [
                    AnswerInput(
                        section_id=section.pk,
                        competency_id=competency.pk,
                        rating=_scaled(skill, competency.levels, rng),
                    )
                    for competency in competencies[section.pk]
                ]
            else:
                answers.append(AnswerInput(section_id=section.pk, comment=_kpi_comment(skill)))
        review_manager_submit(
            review=review,
            user=review.manager.user,
            answers=answers,
            rating=_scaled(skill, RATING_MAX, rng),
        )
    # HR compares the computed scores, rates those nobody above them reviews, and
    # moves two ratings a step, saying why.
    cycle = review_cycle_calibration_start(cycle=cycle, actor=hr)
    for review in unrated:
        review_rating_calibrate(
            review=review,
            rating=_scaled(aptitude.get(review.employee_id, 0.5), RATING_MAX, rng),
            reason="无直属上级：由HR依据KPI结果与分管领导意见评定。",
            actor=hr,
        )
    rated = [review for review in reviews if review not in unrated]
    for review, (step, reason) in zip(rated, CALIBRATIONS, strict=False):
        review.refresh_from_db(fields=["manager_rating"])
        old = review.manager_rating or 3
        rating = old + step if 1 <= old + step <= RATING_MAX else old - step
        review_rating_calibrate(review=review, rating=rating, reason=reason, actor=hr)
    return review_cycle_close(cycle=cycle, actor=hr)


def _scaled(skill: float, top: int, rng: random.Random) -> int:
    """A rating on 1..top around the aptitude, with a manager's noise."""
    return min(top, max(1, round(1 + (top - 1) * skill + rng.gauss(0, 0.6))))


def _kpi_comment(skill: float) -> str:
    if skill >= 0.7:
        return "目标全部达成，安全意识强，可承担更多职责。"
    if skill >= 0.4:
        return "基本达成目标，产量稳定，安全细节仍需加强。"
    return "未达成目标：安全事故偏多，需参加安全培训并跟进改进。"


def _manager_accounts(people: list[Employee], today: date, hr: User) -> int:
    """The managers of the people reviewed sign in to write their reviews: each gets
    an account (and its set-password e-mail) the way HR gives one."""
    ids = (
        Assignment.objects.as_of(today)
        .filter(employee__in=people, manager__user__isnull=True)
        .values_list("manager_id", flat=True)
        .distinct()
    )
    managers = list(Employee.objects.filter(pk__in=ids).order_by("pk"))
    for manager in managers:
        employee_account_create(
            employee=manager, email=f"{manager.number.lower()}@hrflow.local", actor=hr
        )
    return len(managers)


def _probation_decisions(hr: User, today: date, chen: Employee | None) -> int:
    """Probations due now are opened as the daily task would; HR confirms two and
    extends one."""
    probation_reviews_open(on=today)
    due = list(
        ProbationReview.objects.filter(outcome="")
        .exclude(employee=chen)
        .select_related("employee", "contract")
        .order_by("pk")[:3]
    )
    for number, review in enumerate(due):
        latest = probation_latest_end(review.contract)
        if number == 2 and latest is not None and latest > review.ends_on:
            probation_extend(
                review=review,
                new_end_date=min(latest, review.ends_on + timedelta(days=30)),
                reason="安全操作考核未通过，延长试用期后复评。",
                actor=hr,
            )
        else:
            probation_pass(review=review, actor=hr, reason="试用期表现良好，按期转正。")
    return len(due)


def _leavers(hr: User, today: date, closed: ReviewCycle) -> int:
    """Two people with a finished review (so the analytics sees who left after what)
    leave at the end of the month: one by their own choice, one not."""
    managers = Assignment.objects.as_of(today).exclude(manager__isnull=True)
    leaving = list(
        Employee.objects.filter(reviews__cycle=closed)
        .exclude(pk__in=managers.values("manager_id"))
        .exclude(user__isnull=False)  # nobody with a sign-in: not 陈静, not a manager
        .order_by("-pk")[: len(LEAVERS)]
    )
    last_day = _month_end(today)
    for person, (voluntary, reason) in zip(leaving, LEAVERS, strict=False):
        employee_leave(
            employee=person, last_day=last_day, voluntary=voluntary, reason=reason, actor=hr
        )
    return len(leaving)


def _training(hr: User, chen: Employee | None, today: date) -> int:
    """陈静 completed the safety course with its certificate in her first days and is
    enrolled in the communication course: her manager's team page shows both."""
    if chen is None:
        return 0
    done = Course.objects.filter(code="special-operations").first()
    next_up = Course.objects.filter(code="communication-basics").first()
    made = 0
    if done is not None:
        for enrolment in enrolments_create(
            employees=[chen], course=done, reason="岗位要求持证上岗。", actor=hr
        ):
            enrolment_complete(
                enrolment=enrolment, completed_on=today, result=Decimal(92), actor=hr
            )
            made += 1
    if next_up is not None:
        made += len(
            enrolments_create(employees=[chen], course=next_up, reason="新人沟通培训。", actor=hr)
        )
    return made


def _open_cycle(
    template: ReviewTemplate, today: date, hr: User, chen: Employee | None
) -> ReviewCycle | None:
    """The current half-year for 陈静's department: her self review, then 张伟's review of
    her, are waiting."""
    if chen is None:
        return None
    job = Assignment.objects.as_of(today).filter(employee=chen).first()
    if job is None:
        return None
    half = "上" if today.month <= 6 else "下"
    start = date(today.year, 1 if today.month <= 6 else 7, 1)
    end = date(today.year, 6, 30) if today.month <= 6 else date(today.year, 12, 31)
    return review_cycle_open(
        cycle=CycleInput(
            name=f"{today.year} {half}半年绩效考核（{job.department.name}）",
            kind=CycleKind.HALF_YEAR,
            period_start=start,
            period_end=end,
            template=template,
            department=job.department,
            self_review=True,
        ),
        actor=hr,
        goals=GoalPlan(
            by_department={
                job.department_id: [
                    GoalSpec(
                        metric_id=Metric.objects.get(code="quality_defects").pk,
                        direction="lower",
                        target=Decimal(2),
                        bands=DEFECT_BANDS,
                    )
                ]
            }
        ),
    )
