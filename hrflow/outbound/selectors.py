from django.db.models import QuerySet

from hrflow.outbound.models import OutboundEvent


def outbound_event_list(
    *, after: int = 0, topics: list[str] | None = None
) -> QuerySet[OutboundEvent]:
    """Events after the cursor `after`, oldest first, optionally of some topics only."""
    events = OutboundEvent.objects.filter(id__gt=after).order_by("id")
    if topics:
        events = events.filter(topic__in=topics)
    return events
