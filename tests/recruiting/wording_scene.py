"""One recruiting scene holding every code value the wording points of issue 14 name.

王芳 applied once from each source (one job each: source codes such as
campus_talk), has a VueSim AI interview scored 4.8 on a 1-5 scale with the vendor's
recommendation, and waits under two rules whose missing parts cover every kind
of score (ai_overall, ai_dimension:communication, written_test, resume_match,
interview_feedback). 李雷's composite of 70 holds him in the review queue. The
sync lookup finds a trace of every outcome for 王芳's e-mail, and a portal message
to her (recipient "candidate:<id>") sits in the outbox.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from hrflow.notifications.models import OutboxMessage
from integrations.models import IngestTrace, VendorConnection
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.models import Application, Job, Stage
from recruiting.screening.rescreening import written_test_enter
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import application_screen, screening_rule_save
from recruiting.services.applications import application_move
from recruiting.services.assessments import record_assessment_result
from recruiting.sources import SOURCE_LABELS
from recruiting.vendors.results import IngestOutcome
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory, reason
from tests.recruiting.vendors.factories import vuesim_connection_make

WANG_EMAIL = "wangfang@example.com"


@dataclass
class Scene:
    connection: VendorConnection
    wang: Application  # her AI interview scored, waiting for the rest
    li: Application  # held for review


def _stage(job: Job, kind: str) -> Stage:
    return job.stages.filter(kind=kind).order_by("position")[0]


def _rule(job: Job, parts: list[Part]) -> None:
    screening_rule_save(
        job=job,
        name="Campus screening",
        stage=_stage(job, "ai_interview"),
        parts=parts,
        missing=MissingPolicy.WAIT,
        advance_at=Decimal(80),
        advance_to=_stage(job, "interview"),
        reject_below=Decimal(60),
        reject_reason=reason("score_below_threshold"),
        auto_reject=False,
    )


def _ai_result(application: Application, connection: VendorConnection, **fields) -> None:
    record_assessment_result(
        result=AssessmentResult(
            source=connection.source_key,
            kind="ai_interview",
            status="completed",
            completed_at=timezone.now(),
            vendor_updated_at=timezone.now(),
            **fields,
        ),
        application=application,
    )


def _in_ai_stage(application: Application) -> Application:
    return application_move(
        application=application, to_stage=_stage(application.job, "ai_interview")
    )


def scene_make(*, every_source: bool = True) -> Scene:
    """The scene; `every_source=False` leaves out her applications from the other sources."""
    connection = vuesim_connection_make("VueSim")
    job = JobFactory(title="后端开发工程师")
    wang_person = CandidateFactory(full_name="王芳", email=WANG_EMAIL)
    wang = _in_ai_stage(ApplicationFactory(job=job, candidate=wang_person, source="campus_talk"))
    for source in sorted(set(SOURCE_LABELS) - {"campus_talk"}) if every_source else []:
        ApplicationFactory(job=JobFactory(), candidate=wang_person, source=source)
    li_person = CandidateFactory(full_name="李雷")
    li = _in_ai_stage(ApplicationFactory(job=job, candidate=li_person, source="job_board"))
    _rule(
        job,
        [
            Part(Source.AI_OVERALL, Decimal("0.5")),
            Part(Source.AI_DIMENSION, Decimal("0.3"), "communication"),
            Part(Source.WRITTEN_TEST, Decimal("0.2")),
        ],
    )
    _ai_result(
        wang,
        connection,
        external_id="iv_wang",
        external_interview_id="int_wang",
        overall_score=Decimal(95),
        overall_raw="4.8",
        overall_scale="1-5",
        vendor_verdict="pass",
    )
    application_screen(application=wang)  # waits: her communication and written test
    # A second application of hers waits for the other kinds of score.
    other = _in_ai_stage(ApplicationFactory(job=JobFactory(), candidate=wang_person))
    _rule(
        other.job,
        [
            Part(Source.AI_OVERALL, Decimal("0.4")),
            Part(Source.RESUME_MATCH, Decimal("0.3")),
            Part(Source.INTERVIEW_FEEDBACK, Decimal("0.3")),
        ],
    )
    application_screen(application=other)
    _ai_result(
        li,
        connection,
        external_id="iv_li",
        overall_score=Decimal(70),
        dimensions=(DimensionResult("communication", Decimal(70), "3.8", "1-5"),),
    )
    written_test_enter(application=li, score=Decimal(70), actor=None)
    application_screen(application=li)  # composite 70: held for a person
    for outcome in IngestOutcome:
        IngestTrace.objects.create(
            connection=connection,
            external_result_id="iv_wang",
            candidate_ref=f"hrflow-app-{wang.pk}",
            origin="poll",
            outcome=outcome.value,
        )
    OutboxMessage.objects.create(
        idempotency_key=f"portal-wang-{wang.pk}",
        channel=OutboxMessage.Channel.PORTAL,
        event="application_received",
        recipient=f"candidate:{wang.candidate_id}",
        subject="我们已收到您的申请",
        candidate_ref=wang.candidate_id,
        application_ref=wang.pk,
    )
    return Scene(connection=connection, wang=wang, li=li)
