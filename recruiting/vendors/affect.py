"""Forgetting the emotion / sentiment data a connection stored before it stopped keeping it.

Ingest drops affect data before anything is stored (integrations.affect, in the
adapters), so this is for what is already there: results stored while the
mapping kept it (it was then turned off) or before the EU profile was set, and
rows written by versions of hrflow that kept it by mistake. Every stored copy
is rewritten: the results' payload and media, held payloads, the webhook
inbox and pulled batches waiting for their lane.
"""

import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from integrations.affect import drop_affect, scrub_affect_bytes
from integrations.connections import keeps_affect
from integrations.lanes import decode_records, encode_records
from integrations.models import HeldPayload, PulledBatch, VendorConnection, WebhookEvent
from recruiting.models import Assessment

# Rows whose JSON could hold affect data (PostgreSQL reads the text; Python decides).
MAYBE_AFFECT = r"emotion|sentiment|affect|情绪|情感"


@dataclass(frozen=True)
class Forgotten:
    assessments: int = 0
    held: int = 0
    webhook_events: int = 0
    pulled_batches: int = 0


def connection_forget_affect(*, connection: VendorConnection) -> Forgotten:
    """Drop affect data from every stored copy of the connection's vendor payloads, unless
    the connection keeps it; how many rows changed."""
    if keeps_affect(connection):
        return Forgotten()
    with transaction.atomic():
        return Forgotten(
            assessments=_assessments(connection),
            held=_held(connection),
            webhook_events=_webhook_events(connection),
            pulled_batches=_pulled_batches(connection),
        )


def _assessments(connection: VendorConnection) -> int:
    changed = 0
    rows = (
        Assessment.objects.filter(source=connection.source_key)
        .annotate(raw_text=Cast("raw", TextField()))
        .filter(Q(raw_text__iregex=MAYBE_AFFECT) | Q(media__has_key="affect"))
    )
    for assessment in rows.select_for_update().only("id", "raw", "media"):
        dropped = drop_affect(assessment.raw)
        dropped |= assessment.media.pop("affect", None) is not None
        if dropped:
            assessment.save(update_fields=["raw", "media"])
            changed += 1
    return changed


def _held(connection: VendorConnection) -> int:
    changed = 0
    for held in HeldPayload.objects.filter(connection=connection).select_for_update():
        raw = bytes(held.raw)
        if held.kind == HeldPayload.Kind.UNREADABLE:
            scrubbed = scrub_affect_bytes(raw)
        else:  # a record we parsed once and stored as JSON (vendor_results._hold)
            body = json.loads(raw)
            scrubbed = (
                json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
                if drop_affect(body)
                else raw
            )
        if scrubbed != raw:
            HeldPayload.objects.filter(pk=held.pk).update(raw=scrubbed)
            changed += 1
    return changed


def _webhook_events(connection: VendorConnection) -> int:
    changed = 0
    events = WebhookEvent.objects.filter(connection=connection, payload__isnull=False)
    for event in events.select_for_update().only("id", "payload"):
        payload = event.payload
        if isinstance(payload, dict) and set(payload) == {"raw"} and event.error:
            text = str(payload["raw"])
            scrubbed = scrub_affect_bytes(text.encode()).decode("utf-8", "replace")
            dropped = scrubbed != text
            payload = {"raw": scrubbed}
        else:
            dropped = drop_affect(payload)
        if dropped:
            WebhookEvent.objects.filter(pk=event.pk).update(payload=payload)
            changed += 1
    return changed


def _pulled_batches(connection: VendorConnection) -> int:
    changed = 0
    for batch in PulledBatch.objects.filter(connection=connection).select_for_update():
        records = decode_records(bytes(batch.records))
        dropped = [drop_affect(record.body) for record in records]  # every record, no short cut
        if any(dropped):
            PulledBatch.objects.filter(pk=batch.pk).update(records=encode_records(records))
            changed += 1
    return changed
