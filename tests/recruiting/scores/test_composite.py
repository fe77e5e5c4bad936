"""The composite is the job's weighted mean, stored only once every weighted score is in."""

from decimal import Decimal

import pytest
from django.utils import translation

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.composite import (
    composite_formula,
    composite_missing,
    default_weights,
    score_rounded,
)
from recruiting.models import Application, PipelineTemplate
from recruiting.selectors.scores import score_sheet_queryset
from recruiting.services.composite_weights import job_set_composite_weights
from tests.recruiting.factories import JobFactory
from tests.recruiting.scores.world import score, sheet_world

pytestmark = pytest.mark.django_db


def _composite(application: Application) -> Decimal | None:
    return Application.objects.get(pk=application.pk).composite


def test_the_composite_is_the_weighted_mean_once_every_weighted_score_is_in():
    world = sheet_world()

    # 50% x 95.5 + 30% x 91.5 + 20% x 90.3 = 93.26
    assert _composite(world.complete) == Decimal("93.26")
    assert _composite(world.partial) is None  # no resume match yet
    assert _composite(world.resume_only) is None  # 82.6 alone is no composite

    score(world.partial, "resume_match", "70")
    assert _composite(world.partial) == Decimal("81.70")  # 44 + 23.7 + 14


def test_a_score_written_past_the_services_still_moves_the_composite():
    """The database keeps the composite (a trigger), whoever writes the score."""
    world = sheet_world()

    Application.objects.filter(pk=world.partial.pk).update(resume_match_score=Decimal(70))
    Application.objects.filter(pk=world.complete.pk).update(composite=Decimal(1))

    assert _composite(world.partial) == Decimal("81.70")
    assert _composite(world.complete) == Decimal("93.26")  # a hand-set value does not stick


def test_incomplete_rows_sort_last_in_both_directions():
    world = sheet_world()

    def order(descending: bool) -> list[int]:
        rows = score_sheet_queryset(job=world.job, sort="composite", descending=descending)
        return [application.pk for application in rows]

    assert order(True)[0] == world.complete.pk
    assert order(False)[0] == world.complete.pk
    assert set(order(True)[1:]) == set(order(False)[1:]) == {world.partial.pk, world.resume_only.pk}


def test_new_weights_recompute_the_jobs_composites_and_are_audited(django_user_model):
    world = sheet_world()

    job_set_composite_weights(
        job=world.job, ai_interview=60, written_test=40, resume_match=0, actor=None
    )

    # The resume match is no longer weighed: 李雷 (AI 88, written 79) now has a composite.
    assert _composite(world.partial) == Decimal("84.40")
    assert _composite(world.complete) == Decimal("93.90")
    assert _composite(world.resume_only) is None
    assert AuditEvent.objects.filter(action="recruiting.job_set_composite_weights").count() == 1


@pytest.mark.parametrize(
    "weights", [(50, 30, 30), (120, -10, -10), (0, 0, 0)], ids=["110", "out-of-range", "zero"]
)
def test_weights_that_do_not_add_up_to_100_are_refused_and_change_nothing(weights):
    world = sheet_world()
    ai, written, resume = weights

    with pytest.raises(ApplicationError):
        job_set_composite_weights(
            job=world.job, ai_interview=ai, written_test=written, resume_match=resume, actor=None
        )

    world.job.refresh_from_db()
    assert (world.job.weight_ai_interview, world.job.weight_written_test) == (50, 30)
    assert _composite(world.complete) == Decimal("93.26")


def test_the_formula_and_what_is_missing_come_from_the_jobs_weights():
    world = sheet_world()
    world.job.refresh_from_db()
    partial = Application.objects.get(pk=world.partial.pk)
    resume_only = Application.objects.get(pk=world.resume_only.pk)

    with translation.override("en"):
        assert composite_formula(world.job) == (
            "AI interview 50% + Written test 30% + Resume match 20%"
        )
        assert composite_missing(world.job, partial) == ["Resume match"]
        assert composite_missing(world.job, resume_only) == ["AI interview", "Written test"]
    with translation.override("zh-hans"):
        assert composite_formula(world.job) == "AI面试 50% + 笔试 30% + 简历匹配度 20%"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("93.76666666666667", "93.8"), ("82.25", "82.3"), ("82.24", "82.2"), ("100", "100.0")],
)
def test_scores_are_rounded_to_one_decimal_halves_up(value, shown):
    assert str(score_rounded(Decimal(value))) == shown


def test_a_new_jobs_weights_leave_out_the_scores_its_pipeline_cannot_produce():
    campus = JobFactory()
    experienced = JobFactory(template=PipelineTemplate.objects.get(name__startswith="社会招聘"))

    assert (campus.weight_ai_interview, campus.weight_written_test) == (50, 30)
    assert campus.weight_resume_match == 20
    # No written-test stage: a written-test weight would leave every composite incomplete.
    assert (experienced.weight_ai_interview, experienced.weight_written_test) == (70, 0)
    assert experienced.weight_resume_match == 30


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["ai_interview", "written_test"], {"ai": 50, "written": 30, "resume": 20}),
        (["ai_interview"], {"ai": 70, "written": 0, "resume": 30}),
        (["written_test"], {"ai": 0, "written": 60, "resume": 40}),
        ([], {"ai": 0, "written": 0, "resume": 100}),
    ],
)
def test_default_weights_share_out_what_the_pipeline_lacks_in_tens(kinds, expected):
    assert default_weights(["applied", *kinds]) == expected
