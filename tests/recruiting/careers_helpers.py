"""Shared pieces of the careers tests: a job without an AI interview, the apply call."""

from typing import Any

from recruiting.models import Job, PipelineTemplate, PipelineTemplateStage
from recruiting.services.careers import careers_apply
from tests.recruiting.factories import JobFactory
from tests.recruiting.services.test_resume_attach import pdf

BOTH_CONSENTS = ["data_processing", "ai_assessment"]


def job_without_ai_interview(**fields: Any) -> Job:
    template = PipelineTemplate.objects.create(name="No AI")
    for position, (name, kind) in enumerate(
        [("New", "applied"), ("Interview", "interview"), ("Hired", "hired")]
    ):
        PipelineTemplateStage.objects.create(
            template=template, name=name, kind=kind, position=position
        )
    return JobFactory(template=template, **fields)


def apply(job: Job, **overrides: Any) -> Any:
    """careers_apply with a valid applicant; keyword arguments replace any part."""
    arguments: dict[str, Any] = {
        "job": job,
        "full_name": "张伟",
        "email": "zhang.wei@example.com",
        "phone": "13800138000",
        "resume_name": "简历.pdf",
        "resume_data": pdf(),
        "consents": BOTH_CONSENTS,
        "ip": "203.0.113.7",
    }
    arguments.update(overrides)
    return careers_apply(**arguments)
