"""The incremental refresh adds differences (new rows minus the application's stored
old ones): after every kind of change the facts must be exactly what a full rebuild
makes, row for row, in every fact table."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from analytics.facts.contributions import payload_read
from analytics.facts.counting import RECRUITING_FACTS
from analytics.facts.refresh import refresh_run
from analytics.models import (
    ApplicationContribution,
    CohortFact,
    DurationWeekFact,
    FairnessFact,
    RefreshState,
)
from recruiting.models import (
    Application,
    Assessment,
    SelfIdentification,
    StageTransition,
    SurveyResponse,
)
from recruiting.services.applications import application_move, application_reject
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now().replace(microsecond=0) - timedelta(days=20)


def stage(job, kind: str):
    return job.stages.filter(kind=kind).order_by("position").first()


def _ai_result(application: Application, score: str) -> None:
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED,
        source="vuesim:1",
        external_id=f"r{application.pk}",
        overall_score=Decimal(score),
        completed_at=timezone.now(),
    )


def _identify(application: Application, gender: str) -> None:
    SelfIdentification.objects.update_or_create(
        candidate=application.candidate,
        defaults={"gender": gender, "age_band": "25_34", "provided_at": timezone.now()},
    )


@pytest.fixture
def job_with_people():
    """A job whose six applications are counted, with everything written long ago
    (before the refresh's safety margin), so a refresh sees only what a test changes."""
    job = JobFactory()
    apps = [ApplicationFactory(job=job) for _ in range(6)]
    for app in apps[:3]:
        application_move(application=app, to_stage=stage(job, "ai_interview"))
    _identify(apps[0], "female")
    _identify(apps[1], "male")
    Application.objects.update(updated_at=LONG_AGO, applied_at=LONG_AGO)
    StageTransition.objects.update(created_at=LONG_AGO)
    SelfIdentification.objects.update(provided_at=LONG_AGO)
    first = refresh_run(full=True)
    assert first is not None
    assert first.full
    return job, apps


def _cohort(job, column: str) -> int:
    """A column summed over the job's cohort rows (one per week, source, vendor)."""
    return CohortFact.objects.filter(job_id=job.pk).aggregate(n=Sum(column))["n"]


def _dump() -> dict[str, list[tuple]]:
    """Every fact row of every recruiting table, floats to 9 places (a sum that had
    a score added and taken away again differs from one that never had it in the
    last bits)."""
    found = {}
    for model in (*RECRUITING_FACTS, DurationWeekFact):
        fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
        rows = model.objects.values_list(*fields)
        found[model.__name__] = sorted(
            tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows
        )
    return found


def _incremental_equals_rebuild() -> None:
    outcome = refresh_run()
    assert outcome is not None
    assert not outcome.full
    incremental = _dump()
    stored = sorted(ApplicationContribution.objects.values_list("application_id", "rows"))
    rebuilt = refresh_run(full=True)
    assert rebuilt is not None
    assert rebuilt.full
    assert _dump() == incremental
    # The contributions too: the next refresh takes away what the rebuild would.
    assert sorted(ApplicationContribution.objects.values_list("application_id", "rows")) == stored


def test_results_moves_and_decisions_give_what_a_rebuild_gives(job_with_people) -> None:
    job, apps = job_with_people
    _ai_result(apps[0], "82.5")
    application_move(application=apps[0], to_stage=stage(job, "interview"))
    _ai_result(apps[1], "40")
    application_reject(application=apps[1], reason=reason())
    # The third leaves the AI stage: its old rows there must be taken away, and rows
    # left with nothing to count deleted.
    application_move(application=apps[2], to_stage=stage(job, "screening"))
    _incremental_equals_rebuild()
    assert _cohort(job, "ai_results") == 2


def test_a_new_application_and_a_survey_answer_are_added(job_with_people) -> None:
    job, apps = job_with_people
    newcomer = ApplicationFactory(job=job)
    Application.objects.filter(pk=newcomer.pk).update(applied_at=LONG_AGO)
    _ai_result(apps[0], "70")
    SurveyResponse.objects.create(application=apps[0], moment="after_ai_interview", rating=4)
    _incremental_equals_rebuild()
    assert _cohort(job, "applications") == 7


def test_a_changed_self_identification_recounts_the_bucket(job_with_people) -> None:
    _job, apps = job_with_people
    before = set(FairnessFact.objects.values_list("gender", flat=True))
    assert "female" in before
    # The old codes are not stored: the bucket must be counted again, not patched.
    _identify(apps[0], "other")
    _incremental_equals_rebuild()
    after = set(FairnessFact.objects.values_list("gender", flat=True))
    assert "other" in after
    assert "female" not in after


def test_a_merged_application_is_taken_away(job_with_people) -> None:
    job, apps = job_with_people
    Application.objects.filter(pk=apps[3].pk).update(
        status=Application.Status.MERGED, updated_at=timezone.now()
    )
    _incremental_equals_rebuild()
    assert _cohort(job, "applications") == 5
    assert not ApplicationContribution.objects.filter(application_id=apps[3].pk).exists()


def test_facts_that_disagree_with_the_contributions_are_rebuilt_in_full(job_with_people) -> None:
    job, apps = job_with_people
    # Someone emptied a fact table by hand: taking the old rows away would go negative.
    CohortFact.objects.all().delete()
    _ai_result(apps[0], "60")
    outcome = refresh_run()
    assert outcome is not None
    assert outcome.full
    assert _cohort(job, "applications") == 6


def test_without_stored_contributions_the_refresh_is_a_full_rebuild(job_with_people) -> None:
    _job, apps = job_with_people
    # As after the upgrade that brought the contributions in.
    RefreshState.objects.update(contributions_ready=False)
    _ai_result(apps[0], "60")
    outcome = refresh_run()
    assert outcome is not None
    assert outcome.full
    assert RefreshState.objects.get().contributions_ready


def test_the_contributions_hold_no_self_identification(job_with_people) -> None:
    _job, apps = job_with_people
    stored = ApplicationContribution.objects.get(application_id=apps[0].pk)
    text = json.dumps(payload_read(bytes(stored.rows)))
    assert "fairnessfact" in text  # its fairness rows are there, without the codes
    assert "female" not in text
    assert "25_34" not in text
    other = ApplicationContribution.objects.get(application_id=apps[1].pk)
    assert stored.groups_digest != other.groups_digest  # female vs male: told apart


def test_an_application_written_about_without_a_change_is_left_alone(job_with_people) -> None:
    _job, apps = job_with_people
    # Saved again (updated_at moves) with nothing the reports count changed.
    Application.objects.filter(pk=apps[4].pk).update(updated_at=timezone.now())
    before = _dump()
    outcome = refresh_run()
    assert outcome is not None
    assert not outcome.full
    assert (outcome.buckets, outcome.applications) == (0, 0)
    assert _dump() == before


def test_the_vendor_comes_from_the_invitation_so_its_result_changes_no_bucket(
    job_with_people,
) -> None:
    """An application counts under its AI vendor from the invitation on: the result,
    when it completes the invitation, changes only the figures that count results, not
    the bucket of every row (the refresh after 10,000 results moved 220,000 rows when
    the vendor came from the result)."""
    job, apps = job_with_people
    invitation = Assessment.objects.create(
        application=apps[2],
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.INVITED,
        scoring_status=Assessment.Scoring.NONE,
        source="vuesim:1",
        external_id=f"invite:{apps[2].pk}",
    )
    _incremental_equals_rebuild()
    vendor_of = ApplicationContribution.objects.values_list("vendor", flat=True)
    assert vendor_of.get(application_id=apps[2].pk) == "vuesim:1"
    assert vendor_of.get(application_id=apps[1].pk) == ""  # in the stage, not invited
    assert CohortFact.objects.filter(job_id=job.pk, vendor="vuesim:1").exists()

    Assessment.objects.filter(pk=invitation.pk).update(
        status=Assessment.Status.COMPLETED,
        scoring_status=Assessment.Scoring.FINAL,
        overall_score=Decimal("71"),
        completed_at=timezone.now(),
        updated_at=timezone.now(),
    )
    _incremental_equals_rebuild()
    assert vendor_of.get(application_id=apps[2].pk) == "vuesim:1"
    assert _cohort(job, "ai_results") == 1
