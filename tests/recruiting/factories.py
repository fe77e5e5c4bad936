"""factory_boy factories for recruiting; rows with invariants are made through services."""

from typing import Any

import factory

from hrflow.accounts.roles import Role
from recruiting.models import Application, Candidate, Job, PipelineTemplate, RejectionReason
from recruiting.services.applications import application_create
from recruiting.services.candidates import candidate_create
from recruiting.services.jobs import job_create, job_set_status
from tests.hrflow.factories import DepartmentFactory, UserFactory


def campus_template() -> PipelineTemplate:
    return PipelineTemplate.objects.get(name__startswith="校园招聘")


class JobFactory(factory.Factory):
    """An open job on the campus pipeline; `recruiters=[...]` names its team."""

    class Meta:
        model = Job

    title = factory.Sequence(lambda n: f"后端开发工程师 {n}")
    channel = Job.Channel.CAMPUS
    department = factory.LazyFunction(DepartmentFactory)
    status = Job.Status.OPEN

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Job:
        status = kwargs.pop("status")
        kwargs.setdefault("template", campus_template())
        job = job_create(**kwargs)
        if status != Job.Status.DRAFT:
            job = job_set_status(job=job, status=Job.Status.OPEN)
        if status not in (Job.Status.DRAFT, Job.Status.OPEN):
            job = job_set_status(job=job, status=status)
        return job


class CandidateFactory(factory.Factory):
    class Meta:
        model = Candidate

    full_name = factory.Faker("name", locale="zh_CN")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    phone = factory.Sequence(lambda n: f"1380013{n:04d}")

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Candidate:
        return candidate_create(**kwargs)


class ApplicationFactory(factory.Factory):
    class Meta:
        model = Application

    candidate = factory.LazyFunction(CandidateFactory)
    job = factory.LazyFunction(JobFactory)
    source = "campus_site"

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Application:
        return application_create(**kwargs)


def recruiter_for(job: Job) -> Any:
    user = UserFactory(roles=[Role.RECRUITER])
    job.recruiters.add(user)
    return user


def reason(code: str = "not_qualified") -> RejectionReason:
    return RejectionReason.objects.get(code=code)
