"""The notification outbox; delivery channels arrive with the notifications issue."""
