"""List endpoints run a fixed number of SQL queries, however many rows a page holds.

Each list is fetched at two data sizes and must use exactly the same number
of queries: the token lookup (with its user), the caller's roles, the page
itself, and one query per prefetched relation.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from recruiting.contracts import DimensionResult
from recruiting.services.applications import application_move
from recruiting.services.assessments import record_assessment_result
from recruiting.services.candidates import candidate_set_tags, note_add
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import ai_result, token_client
from tests.recruiting.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db

# auth (token + user) 1, roles 1, page 1, then the prefetches of each resource.
QUERIES = {
    "api:job-list": 3 + 3,  # stages, recruiters, hiring managers
    "api:stage-list": 3,
    "api:candidate-list": 3 + 1,  # tags
    "api:application-list": 3,
    "api:transition-list": 3,
    "api:assessment-list": 3 + 1,  # dimension scores with their dimensions
    "api:note-list": 3,
}
# How many rows each list shows per job populated below.
ROWS_PER_JOB = {
    "api:job-list": 1,
    "api:stage-list": 8,
    "api:candidate-list": 1,
    "api:application-list": 1,
    "api:transition-list": 2,
    "api:assessment-list": 1,
    "api:note-list": 1,
}


def _populate(recruiter: User, jobs: int) -> None:
    """`jobs` jobs of the recruiter, each with a tagged, moved, scored, annotated application."""
    for index in range(jobs):
        manager = UserFactory(roles=[Role.HIRING_MANAGER])
        job = JobFactory(recruiters=[recruiter], hiring_managers=[manager])
        application = ApplicationFactory(job=job)
        candidate_set_tags(candidate=application.candidate, names=[f"tag-{index}", "shared"])
        dimensions = (
            DimensionResult(code="communication", score=Decimal(70)),
            DimensionResult(code="job_fit", score=Decimal(80)),
        )
        record_assessment_result(
            result=ai_result(external_id=f"r-{application.pk}", dimensions=dimensions),
            application=application,
        )
        note_add(candidate=application.candidate, body="印象不错", author=recruiter)
        application_move(
            application=application, to_stage=job.stages.get(position=1), actor=recruiter
        )


@pytest.mark.parametrize("role", [Role.HR_ADMIN, Role.RECRUITER])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_list_query_count_does_not_grow_with_rows(
    django_assert_num_queries, name: str, role: Role
) -> None:
    caller = UserFactory(roles=[role])
    recruiter = caller if role == Role.RECRUITER else UserFactory(roles=[Role.RECRUITER])
    client = token_client(caller)
    shown = 0
    for jobs in (2, 6):
        # Given more rows than before
        _populate(recruiter, jobs - shown // ROWS_PER_JOB[name])
        # When the list is fetched
        with django_assert_num_queries(QUERIES[name]):
            response = client.get(reverse(name))
        # Then every row is on the page, and the query count is the same
        assert response.status_code == 200
        shown = len(response.json()["results"])
        assert shown == jobs * ROWS_PER_JOB[name]
