"""A job whose score sheet shows the cases issue 14 names: a full set of scores, a
candidate with only a resume match of 82.6, hostile and harmless text, a +86 phone."""

from dataclasses import dataclass
from decimal import Decimal

from recruiting.contracts import AssessmentResult
from recruiting.models import Application, Job
from recruiting.screening.rescreening import written_test_enter
from recruiting.services.assessments import record_assessment_result
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory


@dataclass
class SheetWorld:
    job: Job
    complete: Application  # AI, written test and resume match
    partial: Application  # AI and written test, no resume match
    resume_only: Application  # a resume match of 82.6 and nothing else


def score(application: Application, kind: str, value: str) -> None:
    """Record one completed result of `kind` the way vendors and HR do (the service)."""
    record_assessment_result(
        application=application,
        result=AssessmentResult(
            source="vendor",
            external_id=f"{kind}-{application.pk}",
            kind=kind,
            status="completed",
            overall_score=Decimal(value),
        ),
    )


def sheet_world(title: str = "后端开发工程师") -> SheetWorld:
    job = JobFactory(title=title)
    complete = ApplicationFactory(
        job=job, candidate=CandidateFactory(full_name="王芳", phone="+8615833234003")
    )
    score(complete, "ai_interview", "95.5")
    score(complete, "resume_match", "90.3")
    written_test_enter(application=complete, score=Decimal("91.5"), actor=None)
    partial = ApplicationFactory(job=job, candidate=CandidateFactory(full_name="李雷"))
    score(partial, "ai_interview", "88")
    written_test_enter(application=partial, score=Decimal("79"), actor=None)
    resume_only = ApplicationFactory(job=job, candidate=CandidateFactory(full_name="张伟"))
    score(resume_only, "resume_match", "82.6")
    return SheetWorld(job, complete, partial, resume_only)
