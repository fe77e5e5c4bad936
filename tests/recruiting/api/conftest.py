"""A small recruiting world seen by every role, and API clients that sign in by token."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.models import Application, Assessment, Candidate, Job, Note
from recruiting.services.assessments import record_assessment_result
from recruiting.services.candidates import candidate_set_tags, note_add
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory

ROLE_NAMES = (
    "hr_admin",
    "recruiter_x",
    "recruiter_y",
    "hiring_manager_x",
    "interviewer",
    "employee",
    "anonymous",
)


@dataclass
class World:
    """Job X (recruiter_x, hiring_manager_x), job Y (recruiter_y), job W (recruiter_x).

    Candidate C_x applied to X, C_y to Y, C_w to W. X's application has an AI
    interview result with a raw payload, and C_x has a note.
    """

    users: dict[str, User | None]
    job_x: Job
    job_y: Job
    job_w: Job
    application_x: Application
    application_y: Application
    application_w: Application
    assessment_x: Assessment
    note_x: Note

    @property
    def candidate_x(self) -> Candidate:
        return self.application_x.candidate

    @property
    def candidate_w(self) -> Candidate:
        return self.application_w.candidate


def ai_result(external_id: str = "vendor-1", **changes: object) -> AssessmentResult:
    fields: dict[str, object] = {
        "source": "acme",
        "external_id": external_id,
        "kind": Assessment.Kind.AI_INTERVIEW,
        "status": Assessment.Status.COMPLETED,
        "overall_score": Decimal("82.50"),
        "dimensions": (DimensionResult(code="communication", score=Decimal("80")),),
        "raw": {"secret_vendor_field": "only HR admins see this"},
    }
    fields.update(changes)
    return AssessmentResult(**fields)  # type: ignore[arg-type]


@pytest.fixture
def world(db: None) -> World:
    users: dict[str, User | None] = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN]),
        "recruiter_x": UserFactory(roles=[Role.RECRUITER]),
        "recruiter_y": UserFactory(roles=[Role.RECRUITER]),
        "hiring_manager_x": UserFactory(roles=[Role.HIRING_MANAGER]),
        "interviewer": UserFactory(roles=[Role.INTERVIEWER]),
        "employee": UserFactory(roles=[Role.EMPLOYEE]),
        "anonymous": None,
    }
    job_x = JobFactory(
        recruiters=[users["recruiter_x"]], hiring_managers=[users["hiring_manager_x"]]
    )
    job_y = JobFactory(recruiters=[users["recruiter_y"]])
    job_w = JobFactory(recruiters=[users["recruiter_x"]])
    application_x = ApplicationFactory(job=job_x)
    candidate_set_tags(candidate=application_x.candidate, names=["Python", "985"])
    assessment_x, _ = record_assessment_result(result=ai_result(), application=application_x)
    note_x = note_add(candidate=application_x.candidate, body="沟通很好", author=users["hr_admin"])
    return World(
        users=users,
        job_x=job_x,
        job_y=job_y,
        job_w=job_w,
        application_x=application_x,
        application_y=ApplicationFactory(job=job_y),
        application_w=ApplicationFactory(job=job_w, candidate=CandidateFactory()),
        assessment_x=assessment_x,
        note_x=note_x,
    )


def token_client(user: User | None) -> APIClient:
    """A client that signs in like a system does: `Authorization: Token <key>`."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api_as() -> Callable[[User | None], APIClient]:
    return token_client
