"""One of every object a URL can name, so the walker reaches each view's real work."""

from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from employees.models import Metric
from hrflow.accounts.roles import Role
from hrflow.competencies.models import Competency
from integrations.models import DeadLetter, HeldPayload, VendorConnection
from recruiting.interviews.links import respond_token
from recruiting.interviews.services import interview_schedule
from recruiting.models import (
    Application,
    Assessment,
    CandidateDocument,
    DeletionRequest,
    DocumentRequest,
    Interview,
    Job,
    Offer,
    Resume,
    ResumeFieldSuggestion,
    ScreeningRule,
    ScreeningRuleVersion,
    Stage,
    StageTransition,
)
from recruiting.privacy.erasure import deletion_request_create
from recruiting.services.applications import application_move, application_reject
from recruiting.services.candidates import note_add
from recruiting.services.documents import document_request, document_upload
from recruiting.services.resumes import resume_attach
from tests.bad_input.world_pay import pay_kwargs, pay_part
from tests.bad_input.world_pay_runs import pay_review_kwargs, pay_runs_kwargs, pay_runs_part
from tests.bad_input.world_performance import performance_kwargs, performance_part
from tests.bad_input.world_time import time_kwargs, time_part, time_token_kwargs
from tests.employees.api.scene import org_build
from tests.employees.org_scene import org_scene
from tests.hrflow.factories import LocationFactory, UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason
from tests.recruiting.interviews.test_services import interview_stage, plan
from tests.recruiting.offers.test_services import send
from tests.recruiting.services.test_resume_attach import pdf
from tests.recruiting.vendors.factories import held_payload_make, vuesim_connection_make

# A leaver's pages: the world's employee is still employed, so these name its leaver.
LEAVER_PAGES = frozenset(
    {
        "employees:employee-final-pay",
        "employees:employee-offboarding",
        "employees:employee-exit-certificate",
    }
)


@dataclass
class World:
    hr: Any
    job: Job
    stage: Stage
    application: Application  # active, in an interview stage, with an interview
    offered: Application  # active, with an offer waiting for an answer
    pooled: Application
    resume: Resume
    sent: Resume  # a careers file nobody has confirmed yet
    suggestion: ResumeFieldSuggestion  # a value read from `resume`, waiting for HR
    interview: Interview
    offer: Offer
    request: DocumentRequest
    document: CandidateDocument
    deletion: DeletionRequest
    connection: VendorConnection
    held: HeldPayload
    letter: DeadLetter
    rule: ScreeningRule
    assessment: Assessment
    note: Any
    transition: StageTransition
    tokens: dict[str, str] = field(default_factory=dict)
    employee: Any = None  # with a job record and a document (employees pages)
    employee_document: Any = None
    hr_part: dict[str, Any] = field(default_factory=dict)  # contract, review, onboarding
    org: Any = None  # tests/employees/org_scene.py: departments, positions, employees
    place: Any = None  # a work location
    competency: Any = None  # one of the catalogue's
    # The employees half: an employee with a job record and a contract, a position.
    people: Any = None
    performance: dict[str, Any] = field(default_factory=dict)  # a cycle and a review
    metric: Any = None  # one of the shipped KPI metrics
    time: dict[str, Any] = field(default_factory=dict)  # leave, overtime, a correction
    pay: dict[str, Any] = field(default_factory=dict)  # a pay group, components, a salary
    pay_runs: dict[str, Any] = field(default_factory=dict)  # a locked run, one in review


def world_build() -> World:
    hr = UserFactory(roles=[Role.HR_ADMIN], is_staff=True, is_superuser=True)
    employee_part = _employee_part()
    job = JobFactory()
    application = ApplicationFactory(job=job)
    application = application_move(application=application, to_stage=interview_stage(job))
    candidate = application.candidate
    interviewer = UserFactory(roles=[Role.INTERVIEWER])
    interview = interview_schedule(application=application, plan=plan([interviewer]), actor=hr)
    offered = ApplicationFactory(job=JobFactory(), candidate=candidate)
    offer = send(offered, actor=hr)
    pooled = ApplicationFactory(job=job)
    application_reject(application=pooled, reason=reason())
    resume = resume_attach(candidate=candidate, name="cv.pdf", data=pdf("Zhang Wei"))
    sent = resume_attach(
        candidate=offered.candidate, name="sent.pdf", data=pdf("Sent"), sent_with=offered
    )
    suggestion = ResumeFieldSuggestion.objects.create(resume=resume, field="city", value="上海")
    request = document_request(
        application=application, kind="id_document", label="ID card", actor=hr
    )
    document = document_upload(
        request=request, candidate=candidate, name="id.pdf", data=pdf("ID card")
    )
    second_request = document_request(application=offered, kind="degree", label="Degree", actor=hr)
    deletion = deletion_request_create(candidate=ApplicationFactory(job=job).candidate)
    connection = vuesim_connection_make()
    held = held_payload_make(connection)
    letter = DeadLetter.objects.create(
        connection=connection, kind="sync", reference="sync:1", error="x"
    )
    rule = ScreeningRule.objects.create(job=job, name="AI gate")
    ScreeningRuleVersion.objects.create(
        rule=rule,
        number=1,
        parts=[{"source": "ai_overall", "weight": "1"}],
        missing_policy="reweight",
        advance_at=Decimal("70"),
        advance_to=job.stages.order_by("position")[2],
    )
    assessment = Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED,
        source="conn:test",
        external_id="res-1",
        overall_score=Decimal("81.50"),
        completed_at=timezone.now() - timedelta(hours=1),
    )
    note = note_add(candidate=candidate, body="Called", author=hr)
    tokens = {
        "respond": respond_token(interview_id=interview.pk, sequence=interview.sequence),
        "uidb64": urlsafe_base64_encode(force_bytes(hr.pk)),
        "reset": default_token_generator.make_token(hr),
        "second_request": str(second_request.pk),
    }
    return World(
        hr=hr,
        job=job,
        stage=job.stages.order_by("position")[1],
        application=application,
        offered=offered,
        pooled=pooled,
        resume=resume,
        sent=sent,
        suggestion=suggestion,
        interview=interview,
        offer=offer,
        request=request,
        document=document,
        deletion=deletion,
        connection=connection,
        held=held,
        letter=letter,
        rule=rule,
        assessment=assessment,
        note=note,
        transition=StageTransition.objects.filter(application=application).first(),
        tokens=tokens,
        **employee_part,
        hr_part=_hr_part(hr),
        org=org_scene(people=3, branches=1, depth=2, prefix="world"),
        place=LocationFactory(),
        competency=Competency.objects.order_by("pk").first(),
        people=org_build(),
        performance=performance_part(hr),
        metric=Metric.objects.order_by("pk").first(),
        time=time_part(hr, employee_part["employee"]),
        pay=pay_part(hr, employee_part["employee"]),
        pay_runs=pay_runs_part(),
    )


def _employee_part() -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from employees.models import EmployeeDocument
    from tests.employees.records.scene import employee_make

    employee = employee_make(name="员工甲")
    document = EmployeeDocument(
        employee=employee, kind="degree", original_name="degree.pdf",
        content_type="application/pdf", extension=".pdf", size=3, sha256="0" * 64, origin="hr",
    )  # fmt: skip
    document.file.save("degree.pdf", ContentFile(b"pdf"), save=False)
    document.save()
    return {"employee": employee, "employee_document": document}


def _hr_part(hr: Any) -> dict[str, Any]:
    """A contract with its probation review, an onboarding plan with a template, and a
    pre-boarding link, for the contract, probation, onboarding and welcome pages."""
    from django.apps import apps

    from employees.models import (
        Course,
        OffboardingTask,
        OffboardingTemplateTask,
        OnboardingTemplate,
        Policy,
        ProbationReview,
    )
    from employees.offboarding_data import install_offboarding_defaults
    from employees.onboarding_data import install_onboarding_defaults
    from employees.services.contracts import contract_create
    from employees.services.onboarding import onboarding_plan_create
    from employees.services.preboarding import preboarding_invite
    from employees.services.probation_reviews import probation_reviews_open
    from employees.training.courses import session_create
    from employees.training.services import enrolments_create
    from tests.employees.hire_scene import hire_scene
    from tests.employees.onboarding_scene import employee_make as newcomer_make
    from tests.employees.pay.leaving_scene import fixed_term_contract, leaves, paid_employee
    from tests.employees.records.scene import employee_make

    install_onboarding_defaults(apps)
    install_offboarding_defaults(apps)
    person = employee_make(
        name="员工乙", status="probation", since=timezone.localdate() - timedelta(days=80)
    )
    today = timezone.localdate()
    contract = contract_create(
        employee=person, kind="fixed_term", starts_on=today - timedelta(days=80),
        ends_on=today - timedelta(days=80) + timedelta(days=3 * 366), probation_months=3,
        signed_on=today - timedelta(days=80), actor=hr,
    )  # fmt: skip
    probation_reviews_open(on=contract.probation_ends_on - timedelta(days=7))
    review = ProbationReview.objects.get(contract=contract)
    plan = onboarding_plan_create(employee=person, actor=hr)
    template = OnboardingTemplate.objects.filter(tasks__isnull=False).first()
    newcomer = newcomer_make(name="员工丙")
    newcomer.personal_email = "bing@example.com"
    newcomer.save(update_fields=["personal_email"])
    invitation = preboarding_invite(employee=newcomer, actor=hr)
    scene = hire_scene()
    course = Course.objects.get(code="safety-basics")
    [enrolment] = enrolments_create(employees=[person], course=course, actor=hr)
    # A leaver with a contract and a salary, for the final pay, checklist and certificate.
    leaver = paid_employee("10000", since=today - timedelta(days=800), name="员工丁")
    fixed_term_contract(leaver, today + timedelta(days=400))
    leaver = leaves(leaver, today - timedelta(days=1), actor=hr)
    starts = timezone.now() + timedelta(days=14)
    session = session_create(
        course=course, starts_at=starts, ends_at=starts + timedelta(hours=4), seats=10, actor=hr
    )
    return {
        **_time_part(hr, person),
        "course": course,
        "session": session,
        "enrolment": enrolment,
        "contract": contract,
        "review": review,
        "plan": plan,
        "task": plan.tasks.first(),
        "template": template,
        "template_task": template.tasks.first() if template else None,
        "token": invitation.url.rstrip("/").rsplit("/", 1)[-1],
        "policy": Policy.objects.first(),
        "hire": scene.application,
        "leaver": leaver,
        "offboarding_task": OffboardingTask.objects.filter(employee=leaver).first(),
        "offboarding_template_task": OffboardingTemplateTask.objects.first(),
    }


def _time_part(hr: Any, person: Any) -> dict[str, Any]:
    """A leave request waiting for approval, a company day, a shift and a rotation, for
    the time API's URLs."""
    from employees.leave.requests import leave_request_submit
    from employees.worktime.services import company_day_add, pattern_save, shift_save
    from tests.employees.leave.scene import leave_type

    today = timezone.localdate()
    request = leave_request_submit(
        employee=person, leave_type=leave_type("bereavement"), start_day=today + timedelta(days=7),
        end_day=today + timedelta(days=13), actor=hr,
    )  # fmt: skip
    shift = shift_save(
        shift=None, code="world-day", name="Day", starts=time(9), ends=time(18), actor=hr
    )
    pattern = pattern_save(
        pattern=None, code="world-rota", name="Rota", follows_calendar=False,
        cycle=["world-day", ""], anchor=today, actor=hr,
    )  # fmt: skip
    holiday = company_day_add(
        day=today + timedelta(days=30), kind="company_holiday", name_zh="司庆",
        name_en="Founding day", actor=hr,
    )  # fmt: skip
    return {"leave_request": request, "shift": shift, "pattern": pattern, "holiday": holiday}


def url_kwargs(name: str, w: World) -> dict[str, Any] | None:
    """The kwargs naming `w`'s object for URL `name`; None for a URL the walker does not know."""
    pk_of: dict[str, Any] = {
        "api:job-detail": w.job,
        "api:job-status": w.job,
        "api:stage-detail": w.stage,
        "api:candidate-detail": w.application.candidate,
        "api:application-detail": w.application,
        "api:application-move": w.application,
        "api:application-reject": w.application,
        "api:application-written-test": w.application,
        "api:transition-detail": w.transition,
        "api:assessment-detail": w.assessment,
        "api:note-detail": w.note,
        "api:employee-detail": w.people.employee,
        "api:employee-job-change": w.people.employee,
        "api:employee-contacts": w.people.employee,
        "api:position-detail": w.people.position,
        "api:department-detail": w.people.dept_a,
        "api:contract-detail": w.people.contract,
        "recruiting:job-edit": w.job,
        "recruiting:job-status": w.job,
        "recruiting:job-stages": w.job,
        "recruiting:job-questions": w.job,
        "recruiting:job-board": w.job,
        "recruiting:board-move": w.job,
        "recruiting:board-bulk": w.job,
        "recruiting:score-sheet": w.job,
        "recruiting:score-weights": w.job,
        "recruiting:candidate-detail": w.application.candidate,
        "recruiting:candidate-note": w.application.candidate,
        "recruiting:candidate-tags": w.application.candidate,
        "recruiting:resume-upload": w.application.candidate,
        "recruiting:candidate-merge": w.application.candidate,
        "recruiting:resume-download": w.resume,
        "recruiting:resume-accept": w.sent,
        "recruiting:resume-field-decide": w.suggestion,
        "recruiting:written-test": w.application,
        "recruiting:candidate-message": w.application,
        "recruiting:offer-create": w.application,
        "recruiting:offer-letter": w.offer,
        "recruiting:offer-withdraw": w.offer,
        "recruiting:document-request": w.application,
        "recruiting:document-review": w.request,
        "recruiting:document-file": w.document,
        "recruiting:deletion-decide": w.deletion,
        "recruiting:talent-pool-recall": w.pooled,
        "recruiting:integration-detail": w.connection,
        "recruiting:integration-action": w.connection,
        "recruiting:integration-mapping": w.connection,
        "recruiting:held-detail": w.held,
        "recruiting:held-action": w.held,
        "recruiting:dead-letter-retry": w.letter,
        "recruiting:screening-rule-list": w.job,
        "recruiting:screening-rule-create": w.job,
        "recruiting:screening-rule-preview": w.job,
        "recruiting:screening-rule-detail": w.rule,
        "recruiting:interview-schedule": w.application,
        "recruiting:interview-detail": w.interview,
        "recruiting:interview-edit": w.interview,
        "recruiting:interview-cancel": w.interview,
        "recruiting:interview-scorecard": w.interview,
        "recruiting:interview-resume": w.interview,
        "careers:job-detail": w.job,
        "careers:job-thanks": w.job,
        "portal:application": w.application,
        "portal:withdraw": w.application,
        "portal:interview": w.interview,
        "portal:interview-calendar": w.interview,
        "portal:document-upload": w.tokens["second_request"],
        "portal:document-file": w.document,
        "portal:offer": w.offer,
        "portal:offer-letter": w.offer,
        "portal:offer-answer": w.offer,
        "api:application-hire": w.hr_part["hire"],
        "recruiting:application-hire": w.hr_part["hire"],
        "employees:contract-detail": w.hr_part["contract"],
        "employees:contract-sign": w.hr_part["contract"],
        "employees:contract-renew": w.hr_part["contract"],
        "employees:contract-end": w.hr_part["contract"],
        "employees:probation-decide": w.hr_part["review"],
        "employees:onboarding-plan": w.hr_part["plan"],
        "employees:onboarding-invite": w.hr_part["plan"],
        "employees:onboarding-buddy": w.hr_part["plan"],
        "employees:onboarding-task-done": w.hr_part["task"],
        "employees:onboarding-template": w.hr_part["template"],
        "employees:onboarding-template-task-add": w.hr_part["template"],
        "employees:onboarding-template-task": w.hr_part["template_task"],
        "employees:onboarding-template-task-delete": w.hr_part["template_task"],
        "employees:offboarding-task-done": w.hr_part["offboarding_task"],
        "employees:offboarding-template-task": w.hr_part["offboarding_template_task"],
        "employees:offboarding-template-task-delete": w.hr_part["offboarding_template_task"],
        "employees:welcome-document-file": w.employee_document,
        "employees:welcome-policy": w.hr_part["policy"],
        "employees:position-edit": w.org.positions[0],
        "employees:org-chart-department": w.org.departments[0],
        "employees:account-create": w.org.employees[0],
        "accounts:staff-edit": w.hr,
        "accounts:staff-invite-again": w.hr,
        "org:department-edit": w.org.departments[0],
        "org:location-edit": w.place,
        "competencies:competency-edit": w.competency,
        **performance_kwargs(w.performance),
        **time_kwargs(w.time),
        **pay_kwargs(w.pay),
        **pay_runs_kwargs(w.pay_runs),
        "employees:metric-edit": w.metric,
        "employees:training-course": w.hr_part["course"],
        "employees:training-session-add": w.hr_part["course"],
        "employees:training-course-effect": w.hr_part["course"],
        "api:course-detail": w.hr_part["course"],
        "api:enrolment-complete": w.hr_part["enrolment"],
        "api:employee-skills": w.people.employee,
        "employees:training-enrolment-complete": w.hr_part["enrolment"],
        "api:enrolment-cancel": w.hr_part["enrolment"],
        "api:leave-request-detail": w.hr_part["leave_request"],
        "api:leave-request-approve": w.hr_part["leave_request"],
        "api:leave-request-decline": w.hr_part["leave_request"],
        "api:leave-request-cancel": w.hr_part["leave_request"],
        "api:holiday-detail": w.hr_part["holiday"],
        "api:shift-detail": w.hr_part["shift"],
        "api:shift-pattern-detail": w.hr_part["pattern"],
        "employees:training-enrolment-cancel": w.hr_part["enrolment"],
    }
    others: dict[str, dict[str, Any]] = {
        **time_token_kwargs(w.time),
        **pay_review_kwargs(w.pay_runs),
        "recruiting:board-cards": {"pk": w.job.pk, "stage_pk": w.stage.pk},
        "recruiting:interview-respond": {"token": w.tokens["respond"]},
        "portal:survey": {"pk": w.application.pk, "moment": "after_decision"},
        "portal:link": {"token": "not-a-real-token"},
        "accounts:password-reset-confirm": {
            "uidb64": w.tokens["uidb64"],
            "token": w.tokens["reset"],
        },
        "integrations:webhook": {"connection_uuid": w.connection.uuid},
        "notifications:template-edit": {"event": "rejected", "channel": "email", "language": "en"},
        "employees:employee-document": {"pk": w.employee_document.pk},
        "employees:welcome-link": {"token": w.hr_part["token"]},
        "employees:welcome-renew": {"token": w.hr_part["token"]},
        "employees:welcome-edit": {"page": "details"},
        # The report with the most parameters of its own (score, outcome) besides the filters.
        "analytics:report": {"key": "validity"},
        "notifications:template-preview": {
            "event": "rejected",
            "channel": "email",
            "language": "en",
        },
    }
    if name in LEAVER_PAGES:
        return {"ref": w.hr_part["leaver"].number}
    if name.startswith("employees:employee-") and name != "employees:employee-document":
        ref = {"ref": w.employee.number}
        return {**ref, "field": "id_number"} if name == "employees:employee-reveal" else ref
    if name in pk_of:
        target = pk_of[name]
        return {"pk": target if isinstance(target, str) else target.pk}
    return others.get(name)
