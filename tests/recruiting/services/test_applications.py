import pytest

from hrflow.core.errors import ApplicationError
from recruiting.models import Application, Job
from recruiting.models.applications import StageTransition
from recruiting.services.applications import (
    application_bulk_move,
    application_bulk_reject,
    application_create,
    application_move,
    application_reject,
    application_withdraw,
    talent_pool_recall,
)
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason

pytestmark = pytest.mark.django_db


def test_applying_puts_the_candidate_in_the_first_stage_with_a_transition():
    application = ApplicationFactory()

    assert application.stage.position == 0
    assert application.status == Application.Status.ACTIVE
    transition = application.transitions.get()
    assert transition.from_stage is None
    assert transition.to_stage == application.stage


def test_second_application_to_the_same_job_is_refused():
    application = ApplicationFactory()
    with pytest.raises(ApplicationError):
        application_create(candidate=application.candidate, job=application.job)


def test_closed_jobs_take_no_applications():
    with pytest.raises(ApplicationError):
        ApplicationFactory(job=JobFactory(status=Job.Status.CLOSED))


def test_move_records_from_to_who_and_why():
    recruiter = UserFactory()
    application = ApplicationFactory()
    target = application.job.stages.get(position=2)

    application_move(application=application, to_stage=target, actor=recruiter, reason="简历优秀")

    assert application.stage == target
    last = application.transitions.last()
    assert (last.from_stage.position, last.to_stage, last.actor, last.reason) == (
        0,
        target,
        recruiter,
        "简历优秀",
    )


def test_bulk_move_is_set_based_and_idempotent(django_assert_max_num_queries):
    job = JobFactory()
    applications = [ApplicationFactory(job=job) for _ in range(30)]
    target = job.stages.get(position=1)
    ids = [a.pk for a in applications]

    with django_assert_max_num_queries(8):
        moved = application_bulk_move(application_ids=ids, to_stage=target).moved
    again = application_bulk_move(application_ids=ids, to_stage=target).moved

    assert (moved, again) == (30, 0)
    assert Application.objects.filter(stage=target).count() == 30
    assert StageTransition.objects.filter(to_stage=target).count() == 30


def test_bulk_move_refuses_applications_of_another_job():
    application = ApplicationFactory()
    other_stage = JobFactory().stages.get(position=1)
    with pytest.raises(ApplicationError):
        application_bulk_move(application_ids=[application.pk], to_stage=other_stage)
    application.refresh_from_db()
    assert application.stage.position == 0


def test_reject_archives_to_the_talent_pool_with_the_reason():
    application = ApplicationFactory()

    application_reject(application=application, reason=reason("not_qualified"), note="经验不足")

    assert application.status == Application.Status.REJECTED
    assert application.archived_at is not None
    assert application.rejection_reason.code == "not_qualified"
    last = application.transitions.last()
    assert (last.to_status, last.reason) == ("rejected", "经验不足")
    with pytest.raises(ApplicationError):
        application_move(application=application, to_stage=application.job.stages.last())


def test_bulk_reject_skips_what_is_no_longer_active():
    job = JobFactory()
    applications = [ApplicationFactory(job=job) for _ in range(3)]
    application_withdraw(application=applications[0])

    count = application_bulk_reject(
        application_ids=[a.pk for a in applications], reason=reason("position_filled")
    )

    assert count == 2
    assert Application.objects.get(pk=applications[0].pk).status == "withdrawn"


def test_recall_from_the_pool_into_another_open_job():
    application = ApplicationFactory()
    application_reject(application=application, reason=reason())
    new_job = JobFactory()

    recalled = talent_pool_recall(application=application, job=new_job)

    assert recalled.candidate == application.candidate
    assert recalled.job == new_job
    assert recalled.source == "talent_pool"
    with pytest.raises(ApplicationError):
        talent_pool_recall(application=ApplicationFactory(), job=JobFactory())


def test_recall_refuses_a_job_not_open():
    application = ApplicationFactory()
    application_reject(application=application, reason=reason())
    with pytest.raises(ApplicationError):
        talent_pool_recall(application=application, job=JobFactory(status=Job.Status.ON_HOLD))


def test_moving_to_the_current_stage_is_a_harmless_no_op():
    application = ApplicationFactory()
    application_move(application=application, to_stage=application.stage)
    assert application.transitions.count() == 1
