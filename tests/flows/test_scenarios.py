"""Vendor scenarios S1-S18 (docs/vendors/scenarios.md) against the running simulators.

Real code path: the simulator is an HTTP server, syncs run in the real Celery
worker on real Redis and PostgreSQL, webhooks arrive at a live server and are
processed by the worker. Each test asserts the scenario's expected outcome and
that nothing else was stored.
"""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from integrations.models import HeldPayload, IngestTrace, SyncRun, WebhookEvent
from recruiting.models import Application, Assessment
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
VENDORS = ["vuesim", "mianshibao"]


@pytest.fixture(params=VENDORS)
def harness(request, celery_worker_process):
    running = Harness(request.param)
    yield running
    running.close()


@pytest.fixture(params=VENDORS)
def pushed(request, celery_worker_process, live_server):
    """A harness whose simulator delivers webhooks to the live server."""
    running = Harness(request.param)
    url = live_server.url + reverse("integrations:webhook", args=[running.connection.uuid])
    running.control("POST", "config", {"webhook_url": url})
    yield running
    running.close()


def _only(harness: Harness) -> Assessment:
    [assessment] = harness.assessments()
    return assessment


def test_s1_happy_path_is_stored_final_with_its_normalised_score(harness):
    application = harness.applications[0]
    harness.scenario("S1", application)

    run = harness.sync_in_worker()

    assessment = _only(harness)
    expected = Decimal("80.00") if harness.vendor == "vuesim" else Decimal("86.50")
    assert (assessment.status, assessment.scoring_status) == ("completed", "final")
    assert assessment.overall_score == expected
    assert assessment.application_id == application.pk
    assert Application.objects.get(pk=application.pk).ai_score == expected
    assert (run.fetched, run.created, run.quarantined, run.unmatched) == (1, 1, 0, 0)
    assert assessment.dimension_scores.filter(dimension__isnull=False).count() >= 4


def test_s2_a_missing_required_dimension_is_partial_and_not_on_the_card(harness):
    from recruiting.vendors.connections import connection_update_mapping

    mapping = harness.connection.mapping | {"required_dimensions": ["job_fit"]}
    connection_update_mapping(connection=harness.connection, mapping=mapping, actor=None)
    application = harness.applications[0]
    harness.scenario("S2", application)

    harness.sync_in_worker()

    assessment = _only(harness)
    assert assessment.scoring_status == "partial"
    job_fit = assessment.dimension_scores.get(dimension__code="job_fit")
    assert job_fit.score is None  # not assessed is null, never 0
    assert Application.objects.get(pk=application.pk).ai_score is None


def test_s3_a_retake_is_a_linked_attempt_and_the_latest_counts(harness):
    application = harness.applications[0]
    made = harness.scenario("S3", application)

    harness.sync_in_worker()

    first, second = harness.assessments()
    assert [first.external_id, second.external_id] == made["ids"]
    assert (first.attempt_no, second.attempt_no) == (1, 2)
    assert second.attempt_of_id == first.pk
    assert Application.objects.get(pk=application.pk).ai_score == second.overall_score


def test_s4_a_result_still_being_scored_waits_without_a_score(harness):
    application = harness.applications[0]
    harness.scenario("S4", application)

    harness.sync_in_worker()

    assessment = _only(harness)
    assert assessment.overall_score is None
    assert assessment.scoring_status in ("none", "partial")
    assert Application.objects.get(pk=application.pk).ai_score is None


def test_s5_duplicate_deliveries_are_processed_once_and_all_answered_2xx(pushed):
    application = pushed.applications[0]

    made = pushed.scenario("S5", application)

    assert made["deliveries"], made
    assert all(200 <= attempt["status"] < 300 for attempt in made["deliveries"])
    wait_until(lambda: not WebhookEvent.objects.exclude(status__in=["done"]).exists())
    assessment = wait_until(lambda: _only(pushed) if pushed.assessments() else None)
    assert assessment.application_id == application.pk
    events = WebhookEvent.objects.filter(connection=pushed.connection)
    # Distinct event ids are stored once each; the repeat of an id only counts as a duplicate.
    assert events.count() < len(made["deliveries"])
    assert sum(e.duplicates for e in events) >= 1
    created = IngestTrace.objects.filter(connection=pushed.connection, outcome="created")
    assert created.count() == 1


def test_s6_an_older_version_arriving_last_does_not_win(pushed):
    application = pushed.applications[0]

    pushed.scenario("S6", application)

    wait_until(
        lambda: (
            WebhookEvent.objects.filter(connection=pushed.connection).count() >= 2
            and not WebhookEvent.objects.exclude(status="done").exists()
        )
    )
    assessment = _only(pushed)
    expected = Decimal("85.00") if pushed.vendor == "vuesim" else Decimal("86.50")
    assert assessment.overall_score == expected
    outcomes = set(
        IngestTrace.objects.filter(connection=pushed.connection).values_list("outcome", flat=True)
    )
    assert "ignored_older" in outcomes or "unchanged" in outcomes


def test_s7_rate_limits_reschedule_and_the_run_completes(harness):
    application = harness.applications[0]
    harness.page_size(2)  # many calls, so the every-fifth-call limit fires
    made = harness.scenario("S7", application, count=12)

    harness.sync_in_worker(timeout=90)

    assert len(harness.assessments()) == len(made["ids"])
    runs = SyncRun.objects.filter(connection=harness.connection)
    assert runs.filter(status=SyncRun.Status.PARTIAL).exists()  # rescheduled, not slept
    limited = [r for r in harness.requests() if "rate_limit" in r.get("faults", [])]
    assert limited


def test_s8_server_errors_are_retried_without_duplicates(harness):
    application = harness.applications[0]
    made = harness.scenario("S8", application)

    harness.sync_in_worker(timeout=120)

    stored = harness.assessments()
    assert sorted(a.external_id for a in stored) == sorted(made["ids"])
    assert SyncRun.objects.filter(connection=harness.connection, status="failed").exists()


def test_s9_an_unreadable_page_is_held_and_the_cursor_waits_for_it(harness):
    application = harness.applications[0]
    harness.page_size(3)  # six results: the second page is the broken one
    made = harness.scenario("S9", application)

    first = harness.sync_here()
    held = HeldPayload.objects.filter(connection=harness.connection, kind="unreadable")
    assert first.status == SyncRun.Status.FAILED
    assert held.count() == 1
    assert len(harness.assessments()) == 3  # the first page stayed stored
    second = harness.sync_here()  # the fault fired once: the same page now reads

    assert second.status == SyncRun.Status.SUCCEEDED
    assert sorted(a.external_id for a in harness.assessments()) == sorted(made["ids"])


def test_s10_out_of_range_or_text_scores_are_held_never_clamped(harness):
    application = harness.applications[0]
    made = harness.scenario("S10", application)

    harness.sync_in_worker()

    assert harness.assessments() == []
    held = HeldPayload.objects.filter(connection=harness.connection, kind="malformed")
    assert held.count() == len(made["ids"])
    assert all("scale" in h.reason or "number" in h.reason for h in held)
    assert Application.objects.get(pk=application.pk).ai_score is None


def test_s11_vendor_times_become_the_right_utc_instants(harness):
    application = harness.applications[0]
    made = harness.scenario("S11", application)

    harness.sync_in_worker()

    expected = made.get("expected_completed_at_utc") or made.get("expected_finish_utc")
    assessment = _only(harness)
    assert assessment.completed_at == datetime.fromisoformat(expected.replace("Z", "+00:00"))
    assert (
        assessment.completed_at.astimezone(UTC).hour == 16
    )  # 00:30 CST = 16:30 UTC the day before


def test_s12_an_unmatched_result_waits_until_hr_matches_it(harness):
    from recruiting.vendors.connections import held_payload_match

    harness.scenario("S12")

    run = harness.sync_in_worker()

    assert harness.assessments() == []
    held = HeldPayload.objects.get(connection=harness.connection, kind="unmatched")
    assert run.unmatched == 1
    outcome = held_payload_match(held=held, application=harness.applications[1], actor=None)
    assert outcome == "created"
    assert _only(harness).application_id == harness.applications[1].pk
    held.refresh_from_db()
    assert held.status == "resolved"


def test_s13_a_deletion_at_the_vendor_purges_media_and_keeps_the_record(pushed):
    application = pushed.applications[0]
    pushed.scenario("S1", application)
    pushed.sync_in_worker()
    [assessment] = pushed.assessments()
    assert assessment.media

    if pushed.vendor == "vuesim":
        pushed.control("POST", "delete", {"interview_id": assessment.external_id})
    else:
        pushed.control("POST", "delete", {"record_id": assessment.external_id})

    wait_until(lambda: Assessment.objects.get(pk=assessment.pk).status == "deleted")
    assessment.refresh_from_db()
    assert (assessment.media, assessment.raw) == ({}, {})
    assert assessment.overall_score is not None  # the record of the decision stays
    assert Application.objects.get(pk=application.pk).ai_score is None


def test_s14_an_expired_invitation_is_stored_as_expired(harness):
    application = harness.applications[0]
    harness.scenario("S14", application)

    harness.sync_in_worker()

    assert _only(harness).status == "expired"


def test_s15_a_token_expiring_mid_paging_is_refreshed_and_the_cursor_kept(celery_worker_process):
    harness = Harness("vuesim")
    try:
        application = harness.applications[0]
        harness.page_size(2)
        made = harness.scenario("S15", application, count=10)
        # Besides the short TTL, revoke the token at the third page for certain.
        harness.faults(
            {"kind": "token_expiry", "path": "/api/v1/interviews", "after": 2, "times": 1}
        )

        run = harness.sync_in_worker()

        assert run.pages >= 5
        calls = harness.requests("/api/v1/interviews")
        refused = next(i for i, call in enumerate(calls) if call["status"] == 401)
        assert calls[refused + 1]["query"] == calls[refused]["query"]  # same cursor replayed
        assert sorted(a.external_id for a in harness.assessments()) == sorted(made["ids"])
        tokens = harness.requests("/oauth/token")
        assert len(tokens) >= 2
    finally:
        harness.close()


def test_s16_a_refused_cursor_or_page_drift_leaves_no_gap(harness):
    application = harness.applications[0]
    harness.page_size(3)  # several pages, so the vendor changes data between them
    made = harness.scenario("S16", application)

    harness.sync_in_worker(timeout=90)

    stored = {a.external_id for a in harness.assessments()}
    assert stored == set(made["ids"])
    seen = set(
        IngestTrace.objects.filter(connection=harness.connection).values_list(
            "external_result_id", flat=True
        )
    )
    if harness.vendor == "mianshibao":
        # Three reports of other candidates appeared mid-paging: read, held as unmatched.
        assert len(seen) == len(made["ids"]) + 3
        unmatched = HeldPayload.objects.filter(connection=harness.connection, kind="unmatched")
        assert unmatched.count() == 3
    else:
        assert seen == stored


def test_s17_a_rescore_revises_the_stored_result(harness):
    application = harness.applications[0]
    made = harness.scenario("S17", application)
    harness.sync_in_worker()
    before = _only(harness)
    key = "interview_id" if harness.vendor == "vuesim" else "record_id"

    harness.scenario("S17", application, **{key: made["ids"][0]})
    harness.sync_in_worker()

    after = _only(harness)
    assert after.pk == before.pk
    assert after.scoring_status == "revised"
    assert after.overall_score < before.overall_score
    assert Application.objects.get(pk=application.pk).ai_score == after.overall_score


def test_s18_an_expired_media_link_is_shown_as_expired(harness, client):
    from hrflow.accounts.roles import Role
    from tests.hrflow.factories import UserFactory

    application = harness.applications[0]
    harness.scenario("S18", application)
    harness.sync_in_worker()
    video = _only(harness).media["videos"][0]
    assert datetime.fromisoformat(video["expires_at"]) < datetime.now(UTC)

    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    page = client.get(reverse("recruiting:candidate-detail", args=[application.candidate_id]))

    assert 'data-testid="media-expired"' in page.content.decode()
