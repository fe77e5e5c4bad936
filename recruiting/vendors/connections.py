"""Managing vendor connections, and what HR does with held payloads and dead letters.

Each function is one business action used alike by the pages, the
`vendor_connection` command and the tests. Secrets never leave in clear:
they are stored encrypted and only the webhook URL and key names are shown.
"""

import base64
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from integrations.connections import adapter_for, keeps_affect
from integrations.contracts import Health, RawRecord
from integrations.errors import ConfigError, MalformedPayload
from integrations.mapping import mapping_from_json
from integrations.models import DEFAULT_BACKFILL, DeadLetter, HeldPayload, VendorConnection
from integrations.registry import ADAPTERS, adapter_class
from integrations.wire import strict_json
from recruiting.models import Application, Assessment
from recruiting.task_names import APPLICATION_INVITE, CONNECTION_SYNC, WEBHOOK_EVENT_PROCESS
from recruiting.vendors.affect import connection_forget_affect
from recruiting.vendors.lanes import batch_retry
from recruiting.vendors.results import IngestOutcome, Origin, ingest_canonical
from recruiting.vendors.sync import connection_resync
from recruiting.vendors.webhooks import webhook_event_retry

MAX_WEBHOOK_SECRETS = 2
MIN_POLL_INTERVAL = timedelta(minutes=1)


def webhook_url(connection: VendorConnection) -> str:
    base = settings.HRFLOW_PUBLIC_URL.rstrip("/")
    return f"{base}/integrations/webhooks/{connection.uuid}/"


def new_webhook_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


@transaction.atomic
def connection_create(
    *,
    name: str,
    vendor: str,
    base_url: str,
    credentials: dict[str, str],
    actor: User | None,
    webhook_secret: str = "",
    backfill_from: datetime | None = None,
    poll_interval: timedelta = timedelta(minutes=5),
    default_test_id: str = "",
) -> VendorConnection:
    """A new connection; its first sync backfills from `backfill_from` (default: 7 days)."""
    if vendor not in ADAPTERS:
        raise ApplicationError(
            _("Unknown vendor %(vendor)s.") % {"vendor": vendor}, extra={"field": "vendor"}
        )
    _check_url(base_url)
    _check_credentials(vendor, credentials)
    if poll_interval < MIN_POLL_INTERVAL:
        raise ApplicationError(_("Poll at most once a minute."), extra={"field": "poll_interval"})
    if VendorConnection.objects.filter(name=name.strip()).exists():
        raise ApplicationError(_("A connection with this name exists."), extra={"field": "name"})
    connection = VendorConnection.objects.create(
        name=name.strip(),
        vendor=vendor,
        base_url=base_url.rstrip("/"),
        credentials=dict(credentials),
        webhook_secrets=[webhook_secret or _default_secret(vendor, credentials)],
        mapping=adapter_class(vendor).default_mapping().to_json(),
        backfill_from=backfill_from or timezone.now() - DEFAULT_BACKFILL,
        poll_interval=poll_interval,
        default_test_id=default_test_id,
    )
    audit_record(
        actor=actor,
        action="integrations.connection_create",
        target=connection,
        changes={"vendor": vendor, "base_url": connection.base_url, "credentials": "(set)"},
    )
    return connection


def connection_test(*, connection: VendorConnection) -> Health:
    """Call the vendor now and say plainly what is wrong, if anything."""
    try:
        adapter = adapter_for(connection)
    except ConfigError as error:
        return Health(False, error.message)
    try:
        return adapter.test_connection()
    finally:
        adapter.close()


@transaction.atomic
def connection_set_credentials(
    *, connection: VendorConnection, credentials: dict[str, str], actor: User | None
) -> Health:
    """Replace the credentials, test them, and resume a connection that needed re-auth."""
    _check_credentials(connection.vendor, credentials)
    connection.refresh_from_db(fields=["state", "state_reason"])  # a sync may have paused it
    connection.credentials = dict(credentials)
    connection.save(update_fields=["credentials", "updated_at"])
    health = connection_test(connection=connection)
    if health.ok and connection.state == VendorConnection.State.NEEDS_REAUTH:
        _set_state(connection, VendorConnection.State.ACTIVE, "", actor)
    audit_record(
        actor=actor,
        action="integrations.connection_credentials",
        target=connection,
        changes={"credentials": "(replaced)", "test": "ok" if health.ok else health.message},
    )
    return health


@transaction.atomic
def connection_update_mapping(
    *, connection: VendorConnection, mapping: dict[str, Any], actor: User | None
) -> VendorConnection:
    """Save a field mapping after checking every part of it (all problems named at once)."""
    known = set(Dimension.objects.values_list("code", flat=True))
    try:
        parsed = mapping_from_json(mapping, known_dimensions=known)
    except ConfigError as error:
        raise ApplicationError(error.message, extra={"field": "mapping"}) from error
    if parsed.keep_affect and settings.HRFLOW_COMPLIANCE_PROFILE == "eu":
        raise ApplicationError(
            _("Emotion data cannot be kept under the EU compliance profile."),
            extra={"field": "mapping"},
        )
    before = connection.mapping
    kept_affect = keeps_affect(connection)
    connection.mapping = parsed.to_json()
    connection.save(update_fields=["mapping", "updated_at"])
    if kept_affect and not parsed.keep_affect:
        connection_forget_affect(connection=connection)  # what it kept goes too
    audit_record(
        actor=actor,
        action="integrations.connection_mapping",
        target=connection,
        changes={"mapping": [before, connection.mapping]},
    )
    return connection


def mapping_preview(
    *, connection: VendorConnection, mapping: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    """What `mapping` would make of a stored vendor payload, without saving anything."""
    known = set(Dimension.objects.values_list("code", flat=True))
    try:
        parsed = mapping_from_json(mapping, known_dimensions=known)
    except ConfigError as error:
        return {"ok": False, "error": error.message}
    adapter = adapter_for(connection)
    adapter.settings.mapping = parsed
    raw = RawRecord("", None, None, body)
    try:
        result = adapter.map_result(raw)
    except MalformedPayload as error:
        return {"ok": False, "error": error.message}
    finally:
        adapter.close()
    names = {d.code: str(d) for d in Dimension.objects.all()}
    return {
        "ok": True,
        "overall": result.overall_score,
        "overall_raw": result.overall_raw,
        "scale": result.overall_scale.describe() if result.overall_scale else "",
        "scoring": Assessment.Scoring(result.scoring_status.value.lower()).label,
        "verdict": Assessment.Verdict(result.vendor_verdict.value.lower()).label,
        "dimensions": [
            {
                "label": d.vendor_label,
                "raw": d.raw_value,
                "scale": d.scale.describe(),
                "code": d.canonical_key,
                "name": names.get(d.canonical_key or "", ""),
                "score": d.normalized,
            }
            for d in result.dimensions
        ],
        "warnings": list(result.warnings),
    }


@transaction.atomic
def connection_rotate_webhook_secret(
    *, connection: VendorConnection, actor: User | None, secret: str = ""
) -> str:
    """Add a new secret in front; the previous one still verifies until it is retired."""
    new = secret or new_webhook_secret()
    connection.webhook_secrets = [new, *connection.webhook_secrets][:MAX_WEBHOOK_SECRETS]
    connection.save(update_fields=["webhook_secrets", "updated_at"])
    audit_record(actor=actor, action="integrations.secret_rotate", target=connection, changes={})
    return new


@transaction.atomic
def connection_retire_old_secret(*, connection: VendorConnection, actor: User | None) -> None:
    connection.webhook_secrets = connection.webhook_secrets[:1]
    connection.save(update_fields=["webhook_secrets", "updated_at"])
    audit_record(actor=actor, action="integrations.secret_retire", target=connection, changes={})


def connection_pause(*, connection: VendorConnection, actor: User | None, reason: str = "") -> None:
    _set_state(connection, VendorConnection.State.PAUSED, reason, actor)


def connection_resume(*, connection: VendorConnection, actor: User | None) -> None:
    _set_state(connection, VendorConnection.State.ACTIVE, "", actor)
    VendorConnection.objects.filter(pk=connection.pk).update(next_sync_at=None)


@transaction.atomic
def connection_resync_from(
    *, connection: VendorConnection, since: datetime, actor: User | None
) -> VendorConnection:
    """HR's "re-sync from <date>": results already stored unchanged stay no-ops."""
    if since > timezone.now():
        raise ApplicationError(_("Choose a date in the past."), extra={"field": "since"})
    connection = connection_resync(connection=connection, since=since)
    audit_record(
        actor=actor,
        action="integrations.resync",
        target=connection,
        changes={"since": since.isoformat()},
    )
    transaction.on_commit(
        lambda: current_app.send_task(CONNECTION_SYNC, args=[connection.pk, "resync"])
    )
    return connection


def held_payload_replay(*, held: HeldPayload, actor: User | None) -> str:
    """Run a held payload through the current mapping again (after HR fixed it)."""
    _check_open(held)
    connection = held.connection
    adapter = adapter_for(connection)
    try:
        raw = _raw_record(held)
        canonical = adapter.map_result(raw)
    except MalformedPayload as error:
        HeldPayload.objects.filter(pk=held.pk).update(reason=error.message[:2000])
        raise ApplicationError(
            _("Still not readable: %(reason)s") % {"reason": error.message}
        ) from error
    finally:
        adapter.close()
    outcome = ingest_canonical(
        connection=connection, canonical=canonical, raw=raw, origin=_origin(held)
    )
    _audit_hold(held, actor, "replay", outcome)
    return outcome


def held_payload_match(*, held: HeldPayload, application: Application, actor: User | None) -> str:
    """HR says which application an unmatched result belongs to."""
    _check_open(held)
    adapter = adapter_for(held.connection)
    try:
        raw = _raw_record(held)
        canonical = adapter.map_result(raw)
    except MalformedPayload as error:
        raise ApplicationError(error.message) from error
    finally:
        adapter.close()
    outcome = ingest_canonical(
        connection=held.connection,
        canonical=canonical,
        raw=raw,
        origin=_origin(held),
        application=application,
    )
    _audit_hold(held, actor, f"match to application {application.pk}", outcome)
    return outcome


def held_payload_discard(*, held: HeldPayload, actor: User | None, reason: str) -> None:
    _check_open(held)
    if not reason.strip():
        raise ApplicationError(_("Say why it is discarded."), extra={"field": "reason"})
    HeldPayload.objects.filter(pk=held.pk).update(
        status=HeldPayload.Status.DISCARDED, resolved_at=timezone.now(), resolution=reason[:2000]
    )
    audit_record(
        actor=actor,
        action="integrations.held_discard",
        target=held,
        changes={"reason": reason[:2000]},
    )


def dead_letter_retry(*, letter: DeadLetter, actor: User | None) -> None:
    """Queue the failed work again; a new letter opens if it fails again."""
    if letter.resolved_at is not None:
        raise ApplicationError(_("This item was already dealt with."))
    task, args = _retry_task(letter)
    DeadLetter.objects.filter(pk=letter.pk).update(resolved_at=timezone.now())
    audit_record(actor=actor, action="integrations.dead_letter_retry", target=letter, changes={})
    transaction.on_commit(lambda: current_app.send_task(task, args=args))


def _retry_task(letter: DeadLetter) -> tuple[str, list[Any]]:
    parts = letter.reference.split(":")
    if letter.kind == DeadLetter.Kind.SYNC:
        return CONNECTION_SYNC, [letter.connection_id, "manual"]
    if letter.kind == DeadLetter.Kind.WEBHOOK and len(parts) == 2:
        event = letter.connection.webhook_events.get(pk=int(parts[1]))
        webhook_event_retry(event=event)
        return WEBHOOK_EVENT_PROCESS, [event.pk]
    if letter.kind == DeadLetter.Kind.BATCH and len(parts) == 2:
        return batch_retry(batch=letter.connection.pulled_batches.get(pk=int(parts[1])))
    if letter.kind == DeadLetter.Kind.INVITE and len(parts) == 3:
        return APPLICATION_INVITE, [int(parts[1]), int(parts[2])]
    raise ApplicationError(_("This item cannot be retried."))


def _raw_record(held: HeldPayload) -> RawRecord:
    body = strict_json(held.raw, what="the held bytes")  # MalformedPayload if not JSON
    if not isinstance(body, dict):
        raise MalformedPayload("the held payload is not one record")
    return RawRecord(
        external_result_id=held.external_result_id,
        vendor_updated_at=None,
        vendor_revision=None,
        body=body,
    )


def _origin(held: HeldPayload) -> Origin:
    return Origin(held.origin, sync_run=held.sync_run, webhook_event=held.webhook_event)


def _check_open(held: HeldPayload) -> None:
    if held.status != HeldPayload.Status.OPEN:
        raise ApplicationError(_("This payload was already dealt with."))


def _audit_hold(held: HeldPayload, actor: User | None, what: str, outcome: str) -> None:
    audit_record(
        actor=actor,
        action="integrations.held_replay",
        target=held,
        changes={"action": what, "outcome": outcome},
    )
    if outcome in (IngestOutcome.QUARANTINED, IngestOutcome.UNMATCHED):
        return
    HeldPayload.objects.filter(pk=held.pk, status=HeldPayload.Status.OPEN).update(
        status=HeldPayload.Status.RESOLVED, resolved_at=timezone.now(), resolution=what
    )


def _set_state(connection: VendorConnection, state: str, reason: str, actor: User | None) -> None:
    before = connection.state
    VendorConnection.objects.filter(pk=connection.pk).update(state=state, state_reason=reason)
    connection.state, connection.state_reason = state, reason
    audit_record(
        actor=actor,
        action="integrations.connection_state",
        target=connection,
        changes={"state": [before, state], "reason": reason},
    )


def _check_url(base_url: str) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApplicationError(
            _("Give the vendor's API address, starting with https://."),
            extra={"field": "base_url"},
        )
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ApplicationError(
            _("Vendor APIs are called over https (plain http only for a local simulator)."),
            extra={"field": "base_url"},
        )


def _check_credentials(vendor: str, credentials: dict[str, str]) -> None:
    missing = [
        f.label for f in adapter_class(vendor).credential_fields if not credentials.get(f.name)
    ]
    if missing:
        raise ApplicationError(
            _("Missing: %(fields)s.") % {"fields": ", ".join(missing)},
            extra={"field": "credentials"},
        )


def _default_secret(vendor: str, credentials: dict[str, str]) -> str:
    """面试宝 signs callbacks with the app secret; Standard-Webhooks vendors get a new whsec_."""
    return credentials.get("app_secret") or new_webhook_secret()
