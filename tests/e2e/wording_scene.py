"""One recruiting scene holding every code value the wording points of issue 14 name.

王芳 applied from a campus talk (a source code), has a VueSim AI interview scored
4.8 on a 1-5 scale with the vendor's recommendation, and waits under a rule that
still misses her written test; 李雷's AI score holds him in the review queue; the
sync lookup finds traces of every outcome for 王芳's e-mail; a portal message to
her sits in the outbox.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from hrflow.notifications.models import OutboxMessage
from integrations.models import IngestTrace, VendorConnection
from recruiting.contracts import AssessmentResult
from recruiting.models import Application, Stage
from recruiting.screening.rescreening import written_test_enter
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import application_screen, screening_rule_save
from recruiting.services.applications import application_move
from recruiting.services.assessments import record_assessment_result
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory, reason
from tests.recruiting.vendors.factories import vuesim_connection_make

# Every outcome the sync can record for a result (recruiting.vendors.results.IngestOutcome).
TRACE_OUTCOMES = ("created", "updated", "unchanged", "ignored_older", "quarantined", "unmatched")


@dataclass
class Scene:
    connection: VendorConnection
    wang: Application  # waiting for her written test, AI interview scored
    li: Application  # held for review


def _stage(application: Application, kind: str) -> Stage:
    return application.job.stages.filter(kind=kind).order_by("position")[0]


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


def scene_make() -> Scene:
    connection = vuesim_connection_make("VueSim")
    job = JobFactory(title="后端开发工程师")
    wang = ApplicationFactory(
        job=job,
        candidate=CandidateFactory(full_name="王芳", email="wangfang@example.com"),
        source="campus_talk",
    )
    li = ApplicationFactory(
        job=job, candidate=CandidateFactory(full_name="李雷"), source="job_board"
    )
    for application in (wang, li):
        application_move(application=application, to_stage=_stage(application, "ai_interview"))
    screening_rule_save(
        job=job,
        name="Campus screening",
        stage=_stage(wang, "ai_interview"),
        parts=[Part(Source.AI_OVERALL, Decimal("0.5")), Part(Source.WRITTEN_TEST, Decimal("0.5"))],
        missing=MissingPolicy.WAIT,
        advance_at=Decimal(80),
        advance_to=_stage(wang, "interview"),
        reject_below=Decimal(60),
        reject_reason=reason("score_below_threshold"),
        auto_reject=False,
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
    application_screen(application=wang)  # waits: her written test is missing
    _ai_result(li, connection, external_id="iv_li", overall_score=Decimal(70))
    written_test_enter(application=li, score=Decimal(70), actor=None)
    application_screen(application=li)  # composite 70: held for a person
    for outcome in TRACE_OUTCOMES:
        IngestTrace.objects.create(
            connection=connection,
            external_result_id="iv_wang",
            candidate_ref=f"hrflow-app-{wang.pk}",
            origin="poll",
            outcome=outcome,
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
