"""record_assessment_result: one row per (source, external id), newer wins, same is a no-op."""

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from hrflow.core.errors import ApplicationError
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.models import Application, Assessment
from recruiting.services.assessments import RecordOutcome, record_assessment_result
from tests.recruiting.factories import ApplicationFactory

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _result(score="88", updated=T0, external_id="vs-1", **extra) -> AssessmentResult:
    return AssessmentResult(
        source="vuesim:demo",
        external_id=external_id,
        kind="ai_interview",
        status="completed",
        overall_score=Decimal(score),
        dimensions=(
            DimensionResult("communication", Decimal("90"), "4.5", "1-5"),
            DimensionResult("logical_thinking", Decimal("80"), "4", "1-5"),
        ),
        media={"transcript": "..."},
        completed_at=T0,
        vendor_updated_at=updated,
        **extra,
    )


@pytest.mark.django_db
def test_first_delivery_creates_and_updates_the_card_score():
    application = ApplicationFactory()

    assessment, outcome = record_assessment_result(result=_result(), application=application)

    assert outcome == RecordOutcome.CREATED
    assert assessment.overall_score == Decimal("88")
    scores = {s.dimension.code: s.score for s in assessment.dimension_scores.all()}
    assert scores == {"communication": Decimal("90"), "logical_thinking": Decimal("80")}
    assert Application.objects.get(pk=application.pk).ai_score == Decimal("88")


@pytest.mark.django_db
def test_same_result_again_changes_nothing():
    application = ApplicationFactory()
    first, _ = record_assessment_result(result=_result(), application=application)

    again, outcome = record_assessment_result(result=_result(), application=application)

    assert outcome == RecordOutcome.UNCHANGED
    assert again.pk == first.pk
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_newer_version_wins_and_older_one_is_ignored():
    application = ApplicationFactory()
    record_assessment_result(result=_result("70", T0), application=application)

    _, newer = record_assessment_result(
        result=_result("75", T0 + timedelta(hours=1)), application=application
    )
    _, older = record_assessment_result(
        result=_result("60", T0 - timedelta(hours=1)), application=application
    )

    assert (newer, older) == (RecordOutcome.UPDATED, RecordOutcome.IGNORED_OLDER)
    assert Assessment.objects.get().overall_score == Decimal("75")
    assert Application.objects.get(pk=application.pk).ai_score == Decimal("75")


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["101", "-1"])
def test_scores_outside_0_100_are_refused(bad):
    application = ApplicationFactory()
    with pytest.raises(ApplicationError):
        record_assessment_result(result=_result(bad), application=application)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_unknown_dimension_is_refused_and_nothing_is_kept():
    application = ApplicationFactory()
    result = AssessmentResult(
        source="s",
        external_id="x",
        kind="ai_interview",
        status="completed",
        dimensions=(DimensionResult("charisma", Decimal(50)),),
    )
    with pytest.raises(ApplicationError):
        record_assessment_result(result=result, application=application)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_retake_is_a_linked_attempt():
    application = ApplicationFactory()
    first, _ = record_assessment_result(result=_result(), application=application)
    retake, _ = record_assessment_result(
        result=_result(external_id="vs-2", attempt_of_external_id="vs-1"), application=application
    )
    assert retake.attempt_of == first


@pytest.mark.django_db
def test_a_retake_never_links_to_another_applications_result():
    """Naming another application's result, or sharing its interview id, links nothing:
    the link would reveal that result's id to whoever entered the retake."""
    first, _ = record_assessment_result(
        result=_result(external_interview_id="iv-1"), application=ApplicationFactory()
    )
    application = ApplicationFactory()

    named, _ = record_assessment_result(
        result=_result(external_id="vs-2", attempt_of_external_id="vs-1"), application=application
    )
    numbered, _ = record_assessment_result(
        result=_result(external_id="vs-3", external_interview_id="iv-1", attempt_no=2),
        application=application,
    )

    assert (named.attempt_of_id, numbered.attempt_of_id) == (None, None)
    assert first.pk not in Assessment.objects.values_list("attempt_of", flat=True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_the_same_results_store_each_once():
    """8 threads deliver the same 20 results at once (docs/RELIABILITY.md row 8)."""
    application = ApplicationFactory()
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def deliver() -> None:
        try:
            barrier.wait()
            for index in range(20):
                record_assessment_result(
                    result=_result(external_id=f"r-{index}"), application=application
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Assessment.objects.count() == 20


@pytest.mark.django_db
def test_a_result_corrected_to_cancelled_takes_its_score_off_the_card():
    application = ApplicationFactory()
    record_assessment_result(result=_result("88", T0), application=application)

    cancelled = AssessmentResult(
        source="vuesim:demo",
        external_id="vs-1",
        kind="ai_interview",
        status="cancelled",
        vendor_updated_at=T0 + timedelta(hours=1),
    )
    record_assessment_result(result=cancelled, application=application)

    assert Application.objects.get(pk=application.pk).ai_score is None
