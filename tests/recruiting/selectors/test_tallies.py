"""The application tallies the database keeps: exact after every kind of write."""

from collections import Counter

import pytest
from django.db.models import Count
from django.utils import timezone

from recruiting.models import Application, ApplicationTally
from recruiting.privacy.erasure import candidate_erase
from recruiting.seeding.builder import seed_database
from recruiting.services.applications import (
    application_bulk_move,
    application_create,
    application_reject,
    application_withdraw,
    talent_pool_recall,
)
from recruiting.services.candidates import candidate_merge
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory, reason

pytestmark = pytest.mark.django_db


def _tallied() -> Counter:
    return Counter(
        {
            (job, stage, status, pooled): count
            for job, stage, status, pooled, count in ApplicationTally.objects.values_list(
                "job_id", "stage_id", "status", "pooled", "count"
            )
            if count
        }
    )


def _counted() -> Counter:
    rows = Application.objects.values_list("job_id", "stage_id", "status", "archived_at")
    return Counter(
        (job, stage, status, archived is not None) for job, stage, status, archived in rows
    )


def test_tallies_follow_every_write_to_applications():
    job, other = JobFactory(), JobFactory()
    stages = list(job.stages.order_by("position"))
    applications = [ApplicationFactory(job=job) for _ in range(6)]
    assert _tallied() == _counted()

    application_bulk_move(application_ids=[a.pk for a in applications[:4]], to_stage=stages[2])
    application_reject(application=applications[0], reason=reason())
    application_withdraw(application=applications[1])
    talent_pool_recall(application=applications[0], job=other)
    keep, merged = applications[4].candidate, CandidateFactory()
    application_create(candidate=merged, job=other)
    candidate_merge(keep=keep, merge=merged)
    candidate_erase(candidate=applications[1].candidate, actor=None)
    assert _tallied() == _counted()

    Application.objects.filter(pk=applications[5].pk).delete()
    assert _tallied() == _counted()
    assert sum(_tallied().values()) == Application.objects.count()


def test_the_seed_is_tallied_too():
    seed_database(applications=300, jobs=3, seed=2, now=timezone.now())

    by_job = dict(
        Application.objects.filter(status="active").values_list("job").annotate(n=Count("pk"))
    )
    assert _tallied() == _counted()
    assert sum(by_job.values()) > 0
