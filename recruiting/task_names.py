"""The names recruiting's services send its own tasks by: each task is named after the
service it runs, so one finds the other.

Services cannot import `recruiting.tasks` (the tasks call the services), so they
send by name; one module holds the names, and a test checks each is a task the
worker knows. FORMER_NAMES are the names of releases before issue 13, still
registered so messages queued before an upgrade are run, not dropped.
"""

CONNECTION_SYNC = "recruiting.connection_sync"
LANES_DRAIN = "recruiting.lanes_drain"
WEBHOOK_INBOX_DRAIN = "recruiting.webhook_inbox_drain"  # a connection's waiting events
WEBHOOK_EVENT_PROCESS = "recruiting.webhook_event_process"  # one event (HR's retry)
APPLICATION_INVITE = "recruiting.application_invite"
VENDOR_WORK_RESUME = "recruiting.vendor_work_resume"  # the minute beat
# Not vendor work: parse a resume and score it against its jobs (default queue).
RESUME_READ = "recruiting.resume_read"

# All of them go to the integrations queue (hrflow/settings/components/celery.py).
VENDOR_TASKS = (
    CONNECTION_SYNC,
    LANES_DRAIN,
    WEBHOOK_INBOX_DRAIN,
    WEBHOOK_EVENT_PROCESS,
    APPLICATION_INVITE,
    VENDOR_WORK_RESUME,
)

FORMER_NAMES = {
    "recruiting.sync_connection": CONNECTION_SYNC,
    "recruiting.ingest_lane": LANES_DRAIN,
    "recruiting.drain_webhook_inbox": WEBHOOK_INBOX_DRAIN,
    "recruiting.process_webhook_event": WEBHOOK_EVENT_PROCESS,
    "recruiting.invite_to_ai_interview": APPLICATION_INVITE,
    "recruiting.sync_due_connections": VENDOR_WORK_RESUME,
}
