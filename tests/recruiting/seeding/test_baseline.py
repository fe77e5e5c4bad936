"""The seed's "before hrflow" baseline: AI results typed in by HR, slower, as plan.py says."""

from datetime import timedelta
from statistics import mean

import pytest

from recruiting.models import Application, Assessment, Job, StageKind, StageTransition
from recruiting.seeding.builder import seed_database
from recruiting.seeding.plan import BASELINE_PACE, BASELINE_SHARE, MANUAL_AFTER_GO_LIVE, go_live_at
from tests.recruiting.seeding.conftest import NOW
from tests.recruiting.seeding.test_surveys import go_live_read_back

pytestmark = pytest.mark.django_db


def test_the_go_live_is_the_applied_date_of_the_earliest_35_percent():
    applied = [NOW - timedelta(days=day) for day in range(100)]

    go_live = go_live_at(applied, now=NOW)

    assert sum(at < go_live for at in applied) == 35 == BASELINE_SHARE * 100
    assert go_live_at([], now=NOW) == NOW


def test_ai_results_before_the_go_live_were_typed_in_by_hr_and_few_after(seeded, recruiter):
    go_live = go_live_read_back()
    interviews = Assessment.objects.filter(
        kind=Assessment.Kind.AI_INTERVIEW, status=Assessment.Status.COMPLETED
    )
    before = interviews.filter(application__applied_at__lt=go_live)
    after = interviews.filter(application__applied_at__gte=go_live)
    assert before.count() > 500
    assert set(before.values_list("source", "entered_by")) == {("manual", recruiter.pk)}
    # Last year's drive was all before it.
    assert not after.filter(application__job__status=Job.Status.CLOSED).exists()
    manual = after.filter(source="manual")
    share = manual.count() / after.count()
    assert MANUAL_AFTER_GO_LIVE - 0.025 < share < MANUAL_AFTER_GO_LIVE + 0.025
    assert set(manual.values_list("entered_by", flat=True)) == {recruiter.pk}
    assert set(after.exclude(source="manual").values_list("source", "entered_by")) == {
        ("vuesim:seed", None)
    }
    # A result typed in has its own external id: it never collides with the vendor's.
    assert not manual.exclude(external_id__startswith="ai_interview:").exists()
    assert manual.filter(dimension_scores__isnull=False).exists()


def test_an_application_waiting_for_its_ai_interview_has_the_vendors_invitation(seeded):
    """As in service: the invitation exists before the result (which completes it); none
    were sent before hrflow went live."""
    go_live = go_live_read_back()
    invitations = Assessment.objects.filter(
        kind=Assessment.Kind.AI_INTERVIEW, status=Assessment.Status.INVITED
    )
    waiting = Application.objects.filter(
        status=Application.Status.ACTIVE,
        stage__kind=StageKind.AI_INTERVIEW,
        applied_at__gte=go_live,
    )
    assert waiting.count() > 20
    assert set(invitations.values_list("application_id", flat=True)) == set(
        waiting.values_list("pk", flat=True)
    )
    assert set(invitations.values_list("source", "overall_score", "completed_at")) == {
        ("vuesim:seed", None, None)
    }
    assert not Assessment.objects.filter(
        kind=Assessment.Kind.AI_INTERVIEW,
        status__in=[Assessment.Status.INVITED, Assessment.Status.EXPIRED],
        application__applied_at__lt=go_live,
    ).exists()
    # Withdrawn while invited: the invitation expired.
    assert Assessment.objects.filter(
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.EXPIRED,
        application__status=Application.Status.WITHDRAWN,
    ).exists()


def test_each_stage_took_longer_before_the_go_live_and_so_did_hiring(recruiter):
    seed_database(applications=12_000, jobs=24, seed=11, now=NOW)
    go_live = go_live_read_back()
    for kind in (StageKind.SCREENING, StageKind.AI_INTERVIEW):
        days = _days_in_stage(kind, go_live)
        assert BASELINE_PACE - 0.1 < mean(days[True]) / mean(days[False]) < BASELINE_PACE + 0.1
    hired = Application.objects.filter(status=Application.Status.HIRED)
    time_to_hire = {
        cohort: [
            (application.stage_entered_at - application.applied_at).days
            for application in hired
            if (application.applied_at < go_live) == cohort
        ]
        for cohort in (True, False)
    }
    assert min(len(hires) for hires in time_to_hire.values()) >= 30
    assert 1.25 < mean(time_to_hire[True]) / mean(time_to_hire[False]) < 1.6


def _days_in_stage(kind: str, go_live) -> dict[bool, list[float]]:
    """Days from entering a stage of `kind` to moving on from it, by cohort (before the
    go-live or not), for the moves of a person (a rule's instant moves left out)."""
    entered = dict(
        StageTransition.objects.filter(to_stage__kind=kind)
        .exclude(from_stage__kind=kind)
        .values_list("application_id", "created_at")
    )
    days: dict[bool, list[float]] = {True: [], False: []}
    for application, applied, left in (
        StageTransition.objects.filter(from_stage__kind=kind, rule="")
        .exclude(to_stage__kind=kind)
        .values_list("application_id", "application__applied_at", "created_at")
    ):
        seconds = (left - entered[application]).total_seconds()
        days[applied < go_live].append(seconds / 86_400)
    return days
