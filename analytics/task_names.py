"""The names analytics' tasks are sent and scheduled by (one place, checked by a test)."""

FACTS_REFRESH = "analytics.facts_refresh"
FACTS_REBUILD = "analytics.facts_rebuild"
WEEKLY_DIGEST = "analytics.weekly_digest"
