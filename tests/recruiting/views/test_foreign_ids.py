"""Every id a request names resolves through the user's scope (docs/RELIABILITY.md row 34).

For each page and API endpoint that takes ids in its body, and for every role,
a request that names a row the user may not act on (another job's, one that
does not exist, one of another job than the URL's) answers 404 and changes
nothing, even when it names rows the user may act on as well.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from integrations.models import HeldPayload
from recruiting.models import (
    Application,
    Candidate,
    DeletionRequest,
    Job,
    Resume,
    ScreeningDecision,
    ScreeningQuestion,
    Stage,
    StageTransition,
)
from recruiting.privacy.erasure import deletion_request_create
from recruiting.questions.services import QuestionSpec, screening_questions_save
from recruiting.services.applications import application_reject
from recruiting.services.resumes import resume_attach
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason
from tests.recruiting.screening.test_services import _waiting
from tests.recruiting.services.test_resume_attach import pdf
from tests.recruiting.vendors.factories import held_payload_make, vuesim_connection_make

pytestmark = pytest.mark.django_db

MISSING = 10**9
ROLES = {
    "hr_admin": [Role.HR_ADMIN],
    "recruiter_a": [Role.RECRUITER],
    "recruiter_b": [Role.RECRUITER],
    "manager_a": [Role.HIRING_MANAGER],
    "interviewer": [Role.INTERVIEWER],
    "employee": [Role.EMPLOYEE],
    "no_role": [],
}


@dataclass
class World:
    job_a: Job
    job_b: Job
    own: Application  # in job A
    foreign: Application  # in job B
    pooled_a: Application
    pooled_b: Application
    decision_a: ScreeningDecision
    decision_b: ScreeningDecision
    deletion_a: DeletionRequest
    deletion_b: DeletionRequest
    failed_message: OutboxMessage
    held: HeldPayload
    question_b: ScreeningQuestion
    sent_a: Resume  # unconfirmed files sent with an application of each job
    sent_b: Resume
    users: dict[str, Any]


@pytest.fixture
def world() -> World:
    """Job A and job B, each with its own team, applications, decisions and pool."""
    job_a, job_b = JobFactory(), JobFactory()
    own, foreign = ApplicationFactory(job=job_a), ApplicationFactory(job=job_b)
    pooled_a, pooled_b = ApplicationFactory(job=job_a), ApplicationFactory(job=job_b)
    for pooled in (pooled_a, pooled_b):
        application_reject(application=pooled, reason=reason())
    _held_app_a, decision_a = _waiting("45", job_a)
    _held_app_b, decision_b = _waiting("45", job_b)
    deletion_a = deletion_request_create(candidate=own.candidate)
    deletion_b = deletion_request_create(candidate=foreign.candidate)
    failed_message = OutboxMessage.objects.create(
        idempotency_key="failed:1",
        channel=OutboxMessage.Channel.EMAIL,
        event="rejected",
        recipient="someone@example.com",
        body="x",
        candidate_ref=foreign.candidate_id,
        application_ref=foreign.pk,
        status=OutboxMessage.Status.FAILED,
    )
    held = held_payload_make(
        vuesim_connection_make(), kind=HeldPayload.Kind.UNMATCHED, reason="no application"
    )
    screening_questions_save(
        job=job_b,
        questions=[QuestionSpec(text="Can you start in May?", kind="yes_no")],
        actor=None,
    )
    sent_a, sent_b = (
        resume_attach(candidate=app.candidate, name="cv.pdf", data=pdf("CV"), sent_with=app)
        for app in (own, foreign)
    )
    users = {name: UserFactory(roles=roles) for name, roles in ROLES.items()}
    job_a.recruiters.add(users["recruiter_a"])
    job_a.hiring_managers.add(users["manager_a"])
    job_b.recruiters.add(users["recruiter_b"])
    return World(
        job_a,
        job_b,
        own,
        foreign,
        pooled_a,
        pooled_b,
        decision_a,
        decision_b,
        deletion_a,
        deletion_b,
        failed_message,
        held,
        job_b.screening_questions.get(),
        sent_a,
        sent_b,
        users,
    )


def _stage(job: Job, position: int = 2) -> Stage:
    return job.stages.get(position=position)


def _state() -> tuple:
    """Everything the requests below could change."""
    return (
        sorted(Application.objects.values_list("pk", "job_id", "stage_id", "status")),
        StageTransition.objects.count(),
        OutboxMessage.objects.count(),
        sorted(OutboxMessage.objects.values_list("pk", "status")),
        sorted(ScreeningDecision.objects.values_list("pk", "state")),
        sorted(DeletionRequest.objects.values_list("pk", "status")),
        sorted(Stage.objects.values_list("pk", "job_id", "name", "position")),
        sorted(Candidate.objects.values_list("pk", "merged_into_id")),
        sorted(ScreeningQuestion.objects.values_list("pk", "text", "position", "is_active")),
        sorted(HeldPayload.objects.values_list("pk", "status")),
        sorted(Resume.objects.values_list("pk", "verified_at")),
    )


def _page_requests(w: World, who: str) -> list[tuple[str, str, dict]]:
    """(label, url, form data) naming at least one row `who` may not act on.

    A number a person types into a form (the application a held payload is
    matched to) is refused with the form's error instead: a typo is no attack.

    HR admins see every job, so for them "foreign" means another job than the
    URL's, or a row that does not exist; for job B's recruiter, job A's rows;
    for everyone else, job B's rows.
    """
    hr = who == "hr_admin"
    b_side = who == "recruiter_b"
    decisions = [w.decision_a.pk, w.decision_b.pk] + ([MISSING] if hr else [])
    pooled, other_pooled = (w.pooled_b, w.pooled_a) if b_side else (w.pooled_a, w.pooled_b)
    into, other_job = (w.job_b, w.job_a) if b_side else (w.job_a, w.job_b)
    deletion = w.deletion_a if b_side else w.deletion_b
    other_file = w.sent_a if b_side else w.sent_b
    candidate, other_candidate = (
        (w.foreign.candidate_id, w.own.candidate_id)
        if b_side
        else (w.own.candidate_id, w.foreign.candidate_id)
    )
    return [
        (
            "bulk reject: another job's card",
            reverse("recruiting:board-bulk", args=[w.job_a.pk]),
            {
                "action": "reject",
                "applications": [w.own.pk, w.foreign.pk],
                "reason": reason().code,
            },
        ),
        (
            "bulk move: another job's card",
            reverse("recruiting:board-bulk", args=[w.job_a.pk]),
            {
                "action": "move",
                "applications": [w.own.pk, w.foreign.pk],
                "stage": _stage(w.job_a).pk,
            },
        ),
        (
            "bulk reject: a card that does not exist",
            reverse("recruiting:board-bulk", args=[w.job_a.pk]),
            {"action": "reject", "applications": [w.own.pk, MISSING], "reason": reason().code},
        ),
        (
            "move one: another job's card",
            reverse("recruiting:board-move", args=[w.job_a.pk]),
            {"application": w.foreign.pk, "stage": _stage(w.job_a).pk},
        ),
        (
            "move one: another job's stage",
            reverse("recruiting:board-move", args=[w.job_a.pk]),
            {"application": w.own.pk, "stage": _stage(w.job_b).pk},
        ),
        (
            "review queue: another job's decision",
            reverse("recruiting:review-queue"),
            {"decision": decisions, "action": "confirm"},
        ),
        (
            "talent pool recall: another job's pooled candidate",
            reverse("recruiting:talent-pool-recall", args=[MISSING if hr else other_pooled.pk]),
            {"job": into.pk},
        ),
        (
            "talent pool recall: into another job",
            reverse("recruiting:talent-pool-recall", args=[pooled.pk]),
            {"job": MISSING if hr else other_job.pk},
        ),
        (
            "outbox resend: a message that does not exist",
            reverse("notifications:outbox"),
            {"message": [w.failed_message.pk, MISSING]},
        ),
        (
            "typed: held payload matched to an application that does not exist",
            reverse("recruiting:held-action", args=[w.held.pk]),
            {"action": "match", "application": MISSING},
        ),
        (
            "held payload: one that does not exist",
            reverse("recruiting:held-action", args=[MISSING]),
            {"action": "discard", "reason": "x"},
        ),
        (
            "erasure request: another job's candidate",
            reverse("recruiting:deletion-decide", args=[MISSING if hr else deletion.pk]),
            {"decision": "confirm"},
        ),
        (
            "pipeline: another job's stage",
            reverse("recruiting:job-stages", args=[w.job_a.pk]),
            {
                "stage_id": [str(_stage(w.job_b).pk)],
                "name": ["Renamed"],
                "kind": ["screening"],
                "position": ["1"],
            },
        ),
        (
            "screening questions: another job's question",
            reverse("recruiting:job-questions", args=[w.job_a.pk]),
            {"action": "remove", "question": w.question_b.pk},
        ),
        (
            "resume accept: a file sent to another job",
            reverse("recruiting:resume-accept", args=[MISSING if hr else other_file.pk]),
            {},
        ),
        (
            "merge: another job's candidate",
            reverse("recruiting:candidate-merge", args=[candidate]),
            {"merge": MISSING if hr else other_candidate},
        ),
    ]


@pytest.mark.parametrize("who", list(ROLES))
def test_pages_refuse_ids_outside_the_users_scope_and_change_nothing(client, world, who):
    client.force_login(world.users[who])
    problems = []
    for label, url, data in _page_requests(world, who):
        before = _state()

        response = client.post(url, data)

        typed = label.startswith("typed:") and who == "hr_admin"
        refused = response.status_code == (302 if typed else 404)
        if not refused or _state() != before:
            problems.append((label, response.status_code, _state() == before))
    assert problems == [], "\n".join(map(str, problems))


def _api_requests(w: World, who: str) -> list[tuple[str, str, dict]]:
    other = MISSING if who == "hr_admin" else w.foreign.pk
    return [
        (
            "api bulk reject",
            reverse("api:application-bulk-reject"),
            {"application_ids": [w.own.pk, other], "reason": "not_qualified"},
        ),
        (
            "api bulk move",
            reverse("api:application-bulk-move"),
            {"application_ids": [w.own.pk, other], "to_stage": _stage(w.job_a).pk},
        ),
    ]


@pytest.mark.parametrize("who", list(ROLES))
def test_api_refuses_ids_outside_the_users_scope_and_changes_nothing(world, who):
    api = APIClient()
    api.force_authenticate(world.users[who])
    problems = []
    for label, url, data in _api_requests(world, who):
        before = _state()

        response = api.post(url, data, format="json")

        if response.status_code not in (403, 404) or _state() != before:
            problems.append((label, response.status_code, _state() == before))
    assert problems == [], "\n".join(map(str, problems))


def test_hr_admin_still_acts_on_a_whole_selection_of_the_boards_job(client, world):
    """The check refuses foreign ids, not the legitimate request beside them."""
    second = ApplicationFactory(job=world.job_a)
    client.force_login(world.users["hr_admin"])

    response = client.post(
        reverse("recruiting:board-bulk", args=[world.job_a.pk]),
        {"action": "reject", "applications": [world.own.pk, second.pk], "reason": reason().code},
    )

    assert response.status_code == 302
    statuses = set(
        Application.objects.filter(pk__in=[world.own.pk, second.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Application.Status.REJECTED}
