"""The demo's employees: an organisation of people, and the two the demo accounts are.

On the first start the demo seeds an organisation (departments, positions, managers,
contracts; some of its people hired from the seeded pipeline with their AI skills:
the recent hires, starting about now, and last year's hiring drive at the plant,
seated in its workshops and reviewed in the closed cycle), then tells two stories
through the real services:

- 陈静 (the employee account) applied to the job of a waiting offer, passed the AI
  interview, accepted her offer and starts today: on probation under 张伟
  (the manager account), with a signed contract, her onboarding done, and the skills
  her AI interview showed in her self-service page;
- the candidate of that waiting offer accepts and starts in a month: pre-boarding,
  with the onboarding plan in progress and the pre-boarding link sent.

Then the organisation's performance and growth (recruiting.demo.performance): KPI
values, a closed review cycle with its outcomes, probation decisions, leavers,
training, and an open cycle with 陈静's self review to write; and the plant's
training story (recruiting.demo.plant): the supervisor account is a shift leader whose
team's low AI safety scores suggest the safety course, with sessions to book.

A later start finds them and adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from employees.models import Employee, OnboardingTask
from employees.records.services import employee_create
from employees.seeding.builder import seed_employees
from employees.services.accounts import employee_account_create
from employees.services.contracts import contract_create
from employees.services.onboarding import onboarding_task_complete
from employees.services.preboarding import preboarding_invite
from hrflow.accounts.demo import DEMO_ACCOUNTS, SUPERVISOR_EMAIL
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.services import department_update
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.demo.people import demo_user
from recruiting.demo.performance import DemoPerformance, demo_performance_ensure
from recruiting.demo.plant import DemoPlant, demo_plant_training_ensure, demo_supervisor_link
from recruiting.demo.resumes import ResumeFacts, resume_file
from recruiting.hiring.checks import background_check_passed
from recruiting.hiring.services import application_hire
from recruiting.models import Application, Assessment, Offer, StageKind
from recruiting.offers.services import company_today, offer_answer, offer_send
from recruiting.seeding.hires import pipeline_hires_for_seed
from recruiting.services.applications import application_create, application_move
from recruiting.services.assessments import record_assessment_result
from recruiting.services.candidates import candidate_create, note_add
from recruiting.services.resumes import resume_attach

# 陈静's AI interview, as the vendor scored it (0-100 on each dimension).
AI_SCORES = (
    ("communication", 88),
    ("logical_thinking", 82),
    ("professional_skill", 79),
    ("learning_ability", 91),
    ("teamwork", 85),
)
AI_SOURCE = "demo:ai-interview"
REFERRAL_NOTE = "内部推荐，沟通顺畅，期望尽快到岗。"
DEMO_EMPLOYEES = 250
# The recent hires and those of last year's hiring drive at the plant.
PIPELINE_HIRES = 150
AI_INTERVIEW_WEEKS_AGO = 4
CONTRACT_YEARS = 3
PROBATION_MONTHS = 3
# Tasks of the second hire's plan already done, as HR would have by now.
STARTED_TASKS = 3


@dataclass(frozen=True)
class DemoEmployees:
    seeded: int
    hired: int
    performance: DemoPerformance | None = None
    plant: DemoPlant | None = None


def demo_employees_ensure(*, language: str) -> DemoEmployees:
    """Seed the organisation and tell the two hiring stories, once."""
    if Employee.objects.exists():
        return DemoEmployees(seeded=0, hired=0)
    today = company_today()
    # Without the seed's own outcomes: the demo's performance story below records its
    # reviews, probation decisions and leavers through the services.
    summary = seed_employees(
        count=DEMO_EMPLOYEES,
        today=today,
        hires=pipeline_hires_for_seed(limit=PIPELINE_HIRES),
        outcomes=False,
    )
    hr = demo_user(Role.HR_ADMIN)
    offers = _hireable_offers()
    if hr is None or not offers:
        return DemoEmployees(seeded=summary.rows.get("employees", 0), hired=0)
    manager = _manager(hr, offers[0].application)
    hired = _hired_starting_today(hr, offers[0], manager, language)
    hired += _starting_next_month(hr, offers[0], manager)
    account = _employee_only_account()
    chen = Employee.objects.filter(user=account).first() if account else None
    # Before the closed cycle: the supervisor writes their team's reviews in it.
    supervisor = demo_supervisor_link(hr=hr, today=today)
    performance = demo_performance_ensure(hr=hr, chen=chen)
    plant = demo_plant_training_ensure(hr=hr, supervisor=supervisor, language=language)
    return DemoEmployees(
        seeded=summary.rows.get("employees", 0),
        hired=hired,
        performance=performance,
        plant=plant,
    )


def _hireable_offers() -> list[Offer]:
    """An offer waiting for an answer that could be hired once accepted, one whose
    application has a completed AI interview first."""
    with_ai = Assessment.objects.filter(
        kind=Assessment.Kind.AI_INTERVIEW, status=Assessment.Status.COMPLETED
    ).values("application_id")
    offers = list(
        Offer.objects.filter(status=Offer.Status.SENT)
        .select_related("application__candidate", "application__job")
        .order_by("pk")
    )
    scored = set(with_ai.values_list("application_id", flat=True))
    # Those with an AI interview first: their hire carries skills.
    offers.sort(key=lambda offer: offer.application_id not in scored)
    return [offer for offer in offers if _could_hire(offer.application)][:1]


def _could_hire(application: Application) -> bool:
    # An accepted offer is what is missing yet; a check not passed rules it out.
    return application.status == Application.Status.ACTIVE and background_check_passed(application)


def _manager(hr: User, application: Application) -> Employee | None:
    """张伟 (the manager account) leads the team of the first story's job."""
    account = demo_user(Role.HIRING_MANAGER)
    if account is None:
        return None
    manager = employee_create(
        actor=hr,
        full_name=account.full_name.split(" ")[0],
        hire_date=company_today() - timedelta(days=4 * 365),
        department_id=application.job.department_id,
        job_title="技术经理",
        employment_type="full_time",
        status="regular",
    )
    employee_account_create(employee=manager, email=account.email, actor=hr)
    application.job.hiring_managers.add(account)
    department = application.job.department
    if department.head_id is None:
        department_update(department=department, head=account, actor=hr)
    return manager


def _hired_starting_today(hr: User, offer: Offer, manager: Employee | None, language: str) -> int:
    """陈静 (the employee account) applied to the first story's job, passed the AI
    interview, accepted the offer and starts today."""
    account = _employee_only_account()
    if account is None:
        return 0
    job = offer.application.job
    name = account.full_name.split(" ")[-1 if language == "en" else 0]
    chinese = language != "en"
    candidate = candidate_create(
        full_name=name,
        email=account.email,
        phone="13800138088",
        city="上海" if chinese else "Shanghai",
        education="复旦大学 · 计算机科学 · 本科" if chinese else "Fudan University, BSc",
        current_company="华启软件" if chinese else "Huaqi Software",
        current_title="软件工程师" if chinese else "Software engineer",
        language="zh-hans" if chinese else "en",
    )
    application = application_create(candidate=candidate, job=job, source="referral")
    # What the stories give everyone this far along: her resume and the recruiter's note.
    resume_name, resume_data = resume_file(
        ResumeFacts(
            full_name=name,
            chinese=chinese,
            email=candidate.email,
            phone=candidate.phone,
            city=candidate.city,
            education=candidate.education,
            company=candidate.current_company,
            title=candidate.current_title,
            wanted=job.title,
            department=job.department.code,
            student=False,
        ),
        random.Random(candidate.pk),  # noqa: S311 - made-up data, not secrets
    )
    resume_attach(candidate=candidate, name=resume_name, data=resume_data, actor=hr)
    note = REFERRAL_NOTE if chinese else "Referred internally; easy to talk to, can start soon."
    note_add(candidate=candidate, body=note, author=hr, application=application)
    for kind in (StageKind.AI_INTERVIEW, StageKind.BACKGROUND_CHECK, StageKind.OFFER):
        stage = job.stages.filter(kind=kind).order_by("position").first()
        if stage is not None:
            application = application_move(application=application, to_stage=stage, actor=hr)
    start = company_today()
    record_assessment_result(
        result=AssessmentResult(
            source=AI_SOURCE,
            external_id=f"demo-{application.pk}",
            kind="ai_interview",
            status="completed",
            overall_score=Decimal("84"),
            completed_at=timezone.now() - timedelta(weeks=AI_INTERVIEW_WEEKS_AGO),
            raw={"model_version": "demo-2026.3"},
            dimensions=tuple(
                DimensionResult(code, Decimal(score), str(score), "0-100")
                for code, score in AI_SCORES
            ),
        ),
        application=application,
    )
    sent = offer_send(
        application=application,
        position_title=offer.position_title,
        salary=offer.salary,
        start_date=start,
        respond_by=None,
        message="",
        letter_name=offer.letter_name,
        letter_data=offer.letter.read(),
        actor=hr,
    )
    offer_answer(offer=sent, candidate=candidate, accept=True, signature_name=name, ip=None)
    employee = application_hire(
        application=application,
        actor=hr,
        start_date=start,
        manager_id=manager.pk if manager else None,
    ).employee
    contract_create(
        employee=employee,
        kind="fixed_term",
        starts_on=start,
        ends_on=start.replace(year=start.year + CONTRACT_YEARS) - timedelta(days=1),
        probation_months=PROBATION_MONTHS,
        signed_on=start,
        actor=hr,
    )
    for task in OnboardingTask.objects.filter(plan__employee=employee, done_at__isnull=True):
        onboarding_task_complete(task=task, actor=hr)
    employee_account_create(employee=employee, email=account.email, actor=hr)
    return 1


def _employee_only_account() -> User | None:
    """The demo account that is an employee and nothing else (陈静, not 张伟, nor the
    plant's shift leader, whose role is the same)."""
    for account in DEMO_ACCOUNTS:
        if account.roles == (Role.EMPLOYEE,) and account.email != SUPERVISOR_EMAIL:
            return User.objects.filter(email__iexact=account.email).first()
    return None


def _starting_next_month(hr: User, offer: Offer, manager: Employee | None) -> int:
    candidate = offer.application.candidate
    offer_answer(
        offer=offer, candidate=candidate, accept=True, signature_name=candidate.full_name, ip=None
    )
    employee = application_hire(
        application=offer.application, actor=hr, manager_id=manager.pk if manager else None
    ).employee
    tasks = OnboardingTask.objects.filter(plan__employee=employee).order_by("due_on", "pk")
    for task in tasks[:STARTED_TASKS]:
        onboarding_task_complete(task=task, actor=hr)
    if employee.personal_email or employee.phone:
        preboarding_invite(employee=employee, actor=hr)
    return 1
