"""Ingest lanes: pulled pages stored with their cursor, recorded by parallel lanes.

The sync here runs in this process without recording (as in a worker, where lane
tasks record); the lanes are then drained here, one after the other or at once
from two threads, against a running simulator.
"""

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections
from django.utils import timezone

from integrations.connections import adapter_for
from integrations.contracts import RawRecord
from integrations.lanes import decode_records, encode_records, lane_of, split_by_lane
from integrations.models import (
    DeadLetter,
    HeldPayload,
    PulledBatch,
    SyncRun,
    VendorConnection,
)
from recruiting.contracts import AssessmentResult
from recruiting.models import Application, Assessment
from recruiting.services.assessments import record_assessment_result
from recruiting.vendors import sync as vendor_sync
from recruiting.vendors.connections import dead_letter_retry
from recruiting.vendors.lanes import lane_drain, lanes_drain, lanes_pending
from recruiting.vendors.refs import candidate_ref
from recruiting.vendors.selectors import lanes_stalled
from tests.recruiting.factories import ApplicationFactory, JobFactory
from tests.recruiting.vendors.harness import Harness

pytestmark = pytest.mark.django_db  # (the two threaded tests: transaction=True)
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _record(result_id: str, key: str = "", body: dict | None = None) -> RawRecord:
    return RawRecord(result_id, T0, 3, body or {"id": result_id, "名": "张伟\t\n"}, key)


def test_a_candidates_records_share_a_lane_and_records_without_a_key_go_by_their_id():
    records = [_record(f"r{n}", key="external_id:hrflow-app-7") for n in range(50)]
    records += [_record(f"s{n}") for n in range(50)]

    split = split_by_lane(records, 4)

    lane = lane_of("external_id:hrflow-app-7", 4)
    assert split[lane][:50] == records[:50]  # all of them, in page order
    for record in records[50:]:
        assert record in split[lane_of(record.external_result_id, 4)]
    assert sorted(r.external_result_id for part in split.values() for r in part) == sorted(
        r.external_result_id for r in records
    )
    assert len({lane_of(f"s{n}", 4) for n in range(50)}) > 1  # ids spread over lanes


def test_a_batch_decodes_to_the_records_it_was_made_from():
    records = [_record("r1", key="outUserId:u1"), _record("r2")]

    assert decode_records(encode_records(records)) == records


@pytest.fixture
def harness(db):
    running = Harness("vuesim")
    references = [candidate_ref(a) for a in running.applications]
    running.control("POST", "bulk", {"count": 12, "external_ids": references})
    running.page_size(4)
    yield running
    running.close()


def _sync_without_recording(harness: Harness) -> SyncRun:
    outcome = vendor_sync.connection_sync(connection_id=harness.connection.pk)
    assert outcome.run is not None
    outcome.run.refresh_from_db()
    return outcome.run


def test_the_cursor_moves_with_the_stored_page_and_the_run_ends_when_its_lanes_are_done(
    harness,
):
    run = _sync_without_recording(harness)

    # Fetched and stored: the cursor is at the end, nothing recorded yet, the run waits.
    connection = VendorConnection.objects.get(pk=harness.connection.pk)
    assert (connection.page_token, connection.watermark is not None) == ("", True)
    assert (run.status, run.pages, run.fetched, run.created) == (SyncRun.Status.RUNNING, 3, 12, 0)
    assert run.fetch_ended_at is not None
    assert run.final_status == SyncRun.Status.SUCCEEDED
    assert sum(PulledBatch.objects.values_list("count", flat=True)) == 12
    assert not harness.assessments()

    lanes_drain(connection_id=connection.pk)

    run.refresh_from_db()
    assert (run.status, run.created, run.finished_at is not None) == (
        SyncRun.Status.SUCCEEDED,
        12,
        True,
    )
    assert len(harness.assessments()) == 12
    assert not PulledBatch.objects.exists()


def test_the_next_sync_first_has_the_lanes_record_what_an_earlier_one_left(harness):
    _sync_without_recording(harness)  # its lane tasks never ran (a lost worker)

    run = harness.sync_here()

    assert len(harness.assessments()) == 12
    assert run.status == SyncRun.Status.SUCCEEDED
    assert not PulledBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_lanes_drained_at_once_record_every_result_once():
    harness = Harness("vuesim")
    try:
        applications = [ApplicationFactory(job=harness.job) for _ in range(12)]
        references = [candidate_ref(a) for a in applications]
        harness.control("POST", "bulk", {"count": 240, "external_ids": references})
        harness.page_size(20)
        _sync_without_recording(harness)
        lanes = sorted(lanes_pending(connection_id=harness.connection.pk))
        assert len(lanes) >= 2
        # Two drainers at once, each starting with its own lane; a worker of the session
        # may join in (the sync sent it the lane tasks), so wait for every lane to settle.
        errors = _at_once(
            lambda lane: lanes_drain(connection_id=harness.connection.pk, first=lane), lanes
        )
        adapter = adapter_for(harness.connection)
        for lane in lanes:
            lane_drain(connection_id=harness.connection.pk, lane=lane, adapter=adapter)
        adapter.close()

        assert not errors
        ids = list(
            Assessment.objects.filter(source=harness.connection.source_key).values_list(
                "external_id", flat=True
            )
        )
        assert len(ids) == len(set(ids)) == 240
        run = SyncRun.objects.get(connection=harness.connection)
        assert (run.status, run.created) == (SyncRun.Status.SUCCEEDED, 240)
        # Each card shows one of its results' scores (the latest attempt counts).
        for application in Application.objects.filter(pk__in=[a.pk for a in applications]):
            scores = set(
                Assessment.objects.filter(application=application).values_list(
                    "overall_score", flat=True
                )
            )
            assert application.ai_score in scores
    finally:
        harness.close()


def test_a_batch_that_cannot_be_read_is_kept_and_the_lane_goes_on(harness):
    run = _sync_without_recording(harness)
    first = PulledBatch.objects.order_by("pk").first()
    kept = bytes(first.records)
    PulledBatch.objects.filter(pk=first.pk).update(records=b"not deflated")

    lanes_drain(connection_id=harness.connection.pk)

    first.refresh_from_db()
    assert first.status == PulledBatch.Status.FAILED
    assert "error" in first.error.lower()
    assert len(harness.assessments()) == 12 - first.count  # the others are recorded
    letter = DeadLetter.objects.get(connection=harness.connection, kind=DeadLetter.Kind.BATCH)
    assert letter.reference == f"batch:{first.pk}"
    assert letter.resolved_at is None
    run.refresh_from_db()
    assert (run.status, run.errors) == (SyncRun.Status.FAILED, 1)

    # Fixed (here: the bytes put back), HR retries it from the health page.
    PulledBatch.objects.filter(pk=first.pk).update(records=kept)
    dead_letter_retry(letter=letter, actor=None)
    lanes_drain(connection_id=harness.connection.pk)

    assert len(harness.assessments()) == 12
    assert not PulledBatch.objects.exists()


def test_a_record_the_database_refuses_is_held_alone_and_its_batch_recorded(harness):
    _sync_without_recording(harness)
    first = PulledBatch.objects.order_by("pk").first()
    [bad, *rest] = decode_records(bytes(first.records))
    poisoned = RawRecord(
        bad.external_result_id,
        bad.vendor_updated_at,
        bad.vendor_revision,
        bad.body | {"summary": "nul \x00 byte"},  # PostgreSQL's jsonb cannot hold \u0000
        bad.ordering_key,
    )
    PulledBatch.objects.filter(pk=first.pk).update(records=encode_records([poisoned, *rest]))

    lanes_drain(connection_id=harness.connection.pk)

    assert not PulledBatch.objects.exists()  # no batch failed
    assert len(harness.assessments()) == 11
    held = HeldPayload.objects.get(connection=harness.connection)
    assert held.external_result_id == bad.external_result_id
    assert "database refused" in held.reason
    assert b"\\u0000" in bytes(held.raw)  # the payload as received, kept
    run = SyncRun.objects.get(connection=harness.connection)
    assert (run.status, run.created, run.quarantined) == (SyncRun.Status.SUCCEEDED, 11, 1)


def test_the_sync_stops_fetching_while_its_lanes_are_behind(harness, monkeypatch):
    monkeypatch.setattr(vendor_sync, "MAX_PENDING_RECORDS", 5)

    outcome = vendor_sync.connection_sync(connection_id=harness.connection.pk)

    assert outcome.again_in == vendor_sync.BACKLOG_WAIT
    outcome.run.refresh_from_db()
    assert outcome.run.pages < 3  # it stopped before the last page
    assert outcome.run.final_status == SyncRun.Status.PARTIAL
    assert "lanes are behind" in outcome.run.error
    connection = VendorConnection.objects.get(pk=harness.connection.pk)
    assert connection.page_token  # where the next sync goes on


def test_lanes_whose_batches_waited_too_long_are_found_for_the_beat(harness):
    _sync_without_recording(harness)
    assert lanes_stalled() == []  # just stored: their tasks are on the way

    PulledBatch.objects.update(created_at=timezone.now() - timedelta(minutes=5))

    assert lanes_stalled() == sorted(
        (harness.connection.pk, lane) for lane in lanes_pending(connection_id=harness.connection.pk)
    )


def _attempt(external_id: str, attempt_no: int, score: str, **extra) -> AssessmentResult:
    return AssessmentResult(
        source="conn:lanes",
        external_id=external_id,
        kind="ai_interview",
        status="completed",
        overall_score=Decimal(score),
        attempt_no=attempt_no,
        completed_at=T0 + timedelta(days=attempt_no),
        vendor_updated_at=T0 + timedelta(days=attempt_no),
        **extra,
    )


@pytest.mark.parametrize("link", ["named", "by interview"])
def test_a_retake_recorded_before_the_attempt_it_supersedes_is_linked(link):
    application = ApplicationFactory()
    if link == "named":
        first = _attempt("a-1", 1, "60")
        retake = _attempt("a-2", 2, "80", attempt_of_external_id="a-1")
    else:
        first = _attempt("a-1", 1, "60", external_interview_id="iv-1")
        retake = _attempt("a-2", 2, "80", external_interview_id="iv-1")

    second, _ = record_assessment_result(result=retake, application=application)
    earlier, _ = record_assessment_result(result=first, application=application)

    second.refresh_from_db()
    assert second.attempt_of_id == earlier.pk
    application.refresh_from_db()
    assert application.ai_score == Decimal("80")  # the latest attempt counts


@pytest.mark.django_db(transaction=True)
def test_two_attempts_of_one_application_recorded_at_once_see_each_other():
    """Without the per-application lock each would miss the other's new row."""
    for round_no in range(5):
        application = ApplicationFactory(job=JobFactory())
        results = [
            _attempt(f"c{round_no}-1", 1, "60", external_interview_id=f"iv-{round_no}"),
            _attempt(f"c{round_no}-2", 2, "80", external_interview_id=f"iv-{round_no}"),
        ]
        errors = _at_once(
            lambda result, application=application: record_assessment_result(
                result=result, application=application
            ),
            results,
        )

        assert not errors
        retake = Assessment.objects.get(external_id=f"c{round_no}-2")
        assert retake.attempt_of == Assessment.objects.get(external_id=f"c{round_no}-1")
        application.refresh_from_db()
        assert application.ai_score == Decimal("80")


def _at_once(work, arguments) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Run `work(argument)` for each argument in its own thread, started together."""
    barrier = threading.Barrier(len(arguments))
    errors: list[BaseException] = []

    def run(argument) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            work(argument)
        except BaseException as error:  # re-raised in the test
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
