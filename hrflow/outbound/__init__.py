"""Events for other systems: an outbox written in the same transaction as the change."""
