"""The names recruiting's services send its own tasks by.

Services cannot import `recruiting.tasks` (the tasks call the services), so they
send by name; one module holds the names, and a test checks each is a task the
worker knows.
"""

SYNC_CONNECTION = "recruiting.sync_connection"
INGEST_LANE = "recruiting.ingest_lane"
DRAIN_WEBHOOK_INBOX = "recruiting.drain_webhook_inbox"  # a connection's waiting events
PROCESS_WEBHOOK_EVENT = "recruiting.process_webhook_event"  # one event (HR's retry)
INVITE_TO_AI_INTERVIEW = "recruiting.invite_to_ai_interview"
SYNC_DUE_CONNECTIONS = "recruiting.sync_due_connections"
