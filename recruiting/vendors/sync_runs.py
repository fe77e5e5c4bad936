"""Closing sync runs, and dead letters for work that exhausted its retries."""

from django.db import transaction
from django.utils import timezone

from integrations.models import DeadLetter, PulledBatch, SyncRun, VendorConnection
from recruiting.vendors.alerts import alert_hr_admins


def run_settle(*, run_id: int) -> None:
    """A run whose fetching has ended and whose batches are all recorded is finished.

    Called by the sync when it stops fetching and by the lane that records a
    run's last batch; the run row's lock orders the two, so exactly one of
    them sees nothing pending and finishes it.
    """
    run = SyncRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.finished_at is not None or run.fetch_ended_at is None:
        return
    if run.batches.filter(status=PulledBatch.Status.PENDING).exists():
        return
    failed = run.batches.filter(status=PulledBatch.Status.FAILED).count()
    if failed:
        run_finish(
            run=run,
            status=SyncRun.Status.FAILED,
            error=f"{failed} stored page(s) could not be recorded; see the dead letters",
            counted=True,  # each failed batch counted itself
        )
    else:
        run_finish(run=run, status=run.final_status or SyncRun.Status.SUCCEEDED, error=run.error)


def run_finish(*, run: SyncRun, status: str, error: str, counted: bool = False) -> None:
    """Close a run (its row locked by the caller) and note the outcome on the connection."""
    now = timezone.now()
    run.status, run.error, run.finished_at = status, error[:4000], now
    failed = status == SyncRun.Status.FAILED
    run.errors += 1 if error and failed and not counted else 0
    run.save(update_fields=["status", "error", "finished_at", "errors"])
    connection = VendorConnection.objects.filter(pk=run.connection_id)
    if failed:
        connection.update(last_error=error[:4000], last_error_at=now)
    elif status == SyncRun.Status.SUCCEEDED:
        connection.update(last_success_at=now, last_error="")
        DeadLetter.objects.filter(
            connection_id=run.connection_id, kind=DeadLetter.Kind.SYNC, resolved_at__isnull=True
        ).update(resolved_at=now)


def dead_letter(
    *, connection: VendorConnection, kind: str, reference: str, error: str, attempts: int
) -> DeadLetter:
    """Record work that exhausted its retries (one open letter per thing) and tell HR admins."""
    # The letter and its alerts commit together: nobody sees a letter nobody was told of.
    with transaction.atomic():
        letter, _ = DeadLetter.objects.update_or_create(
            connection=connection,
            kind=kind,
            reference=reference[:200],
            resolved_at=None,
            defaults={"error": error[:4000], "attempts": attempts},
        )
        alert_hr_admins(connection=connection, what=f"{kind} failing", detail=error)
    return letter
