"""The VueSim adapter: orchestration-facing methods over transport + mapping."""

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import httpx

from hrflow.core.params import parse_digits
from integrations.adapters.base import Adapter, AdapterSettings, CredentialField
from integrations.contracts import (
    BadRecord,
    CanonicalResult,
    Capability,
    Health,
    InviteRequest,
    InviteResult,
    RawRecord,
    ResultPage,
    VendorTest,
    VerifiedEvent,
    WebhookAck,
)
from integrations.errors import (
    ConfigError,
    MalformedHeader,
    MalformedPayload,
    SignatureError,
    StaleWebhook,
    VendorError,
)
from integrations.mapping import FieldMapping
from integrations.parsing import header_text, identifier, rfc3339
from integrations.vuesim import mapping
from integrations.vuesim.transport import VueSimTransport
from integrations.wire import response_date, strict_json

PAGE_SIZE = 100
MAX_PAGE_SIZE = 200  # docs/vendors/vuesim.md: per_page 1..200


class VueSimAdapter(Adapter):
    slug = "vuesim"
    name = "VueSim"
    capabilities = frozenset(
        {
            Capability.POLL,
            Capability.WEBHOOK,
            Capability.INVITE,
            Capability.GET_ONE,
            Capability.LIST_TESTS,
        }
    )
    credential_fields = (
        CredentialField("client_id", "Client ID", secret=False),
        CredentialField("client_secret", "Client secret"),
    )
    lookback = timedelta(hours=1)

    def __init__(self, settings: AdapterSettings) -> None:
        super().__init__(settings)
        credentials = settings.credentials
        if not credentials.get("client_id") or not credentials.get("client_secret"):
            raise ConfigError("VueSim needs a client id and a client secret", vendor=self.slug)

    @cached_property
    def transport(self) -> VueSimTransport:
        """Made on first use: an HTTP client costs milliseconds (its TLS context), and the
        webhook endpoint, which only verifies signatures, never needs one."""
        credentials = self.settings.credentials
        return VueSimTransport(
            self.settings.base_url,
            credentials["client_id"],
            credentials["client_secret"],
            self.settings.tokens,
        )

    @classmethod
    def default_mapping(cls) -> FieldMapping:
        return mapping.default_mapping()

    def close(self) -> None:
        if "transport" in self.__dict__:
            self.transport.close()

    def test_connection(self) -> Health:
        try:
            self.transport.fetch_token()
            tests = self.list_tests()
        except VendorError as error:
            return Health(False, error.describe(), {"error": type(error).__name__})
        return Health(
            True, f"Connected; {len(tests)} position(s) available.", {"tests": len(tests)}
        )

    def list_tests(self) -> list[VendorTest]:
        body = self._json(self.transport.get("/api/v1/positions"), "positions")
        if not isinstance(body, list):
            raise MalformedPayload("positions: expected a list", vendor=self.slug)
        return [
            VendorTest(str(item.get("id", "")), str(item.get("title", "")))
            for item in body
            if isinstance(item, dict)
        ]

    def invite(self, request: InviteRequest) -> InviteResult:
        response = self.transport.call(
            "POST",
            "/api/v1/invitations",
            headers={"Idempotency-Key": request.idempotency_key},
            json={
                "position_id": request.test_id,
                "candidate": {
                    "external_id": request.candidate_ref,
                    "first_name": request.first_name,
                    "last_name": request.last_name,
                    "email": request.email,
                },
                "expires_in_days": request.expires_in_days,
            },
        )
        body = self._json(response, "invitation")
        if not isinstance(body, dict) or not isinstance(body.get("interview_id"), str):
            raise MalformedPayload("invitation: no interview_id", vendor=self.slug)
        return InviteResult(
            external_interview_id=body["interview_id"],
            invite_url=str(body.get("invite_url") or ""),
            expires_at=rfc3339(body.get("expires_at"), what="expires_at"),
        )

    def _fetch_results(self, since: datetime, page_token: str | None) -> ResultPage:
        if page_token:
            response = self.transport.get(page_token)  # the cursor link, nothing added
        else:
            size = min(int(self.settings.options.get("page_size") or PAGE_SIZE), MAX_PAGE_SIZE)
            params = {"updated_after": _rfc3339(since), "per_page": size}
            response = self.transport.get("/api/v1/interviews", params=params)
        body = self._json(response, "interviews page")
        if not isinstance(body, list):
            raise MalformedPayload("interviews page: expected a list", raw=response.content)
        records, bad = [], []
        for item in body:
            try:
                records.append(_raw_record(item))
            except MalformedPayload as error:
                bad.append(BadRecord(json.dumps(item, ensure_ascii=False)[:100_000], error.message))
        following = response.links.get("next", {}).get("url")
        return ResultPage(
            items=tuple(records),
            next_page_token=following,
            exhausted=following is None,
            high_watermark=response_date(response),
            bad_records=tuple(bad),
        )

    def _fetch_result(self, external_result_id: str) -> RawRecord:
        response = self.transport.get(f"/api/v1/interviews/{_path_id(external_result_id)}")
        return _raw_record(self._json(response, "interview"))

    def _verify_webhook(
        self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes, now: datetime
    ) -> VerifiedEvent:
        event_id = header_text(headers.get("webhook-id"), what="webhook-id", limit=200)
        stamp = header_text(headers.get("webhook-timestamp"), what="webhook-timestamp", limit=20)
        signatures = header_text(headers.get("webhook-signature"), what="webhook-signature")
        if not event_id or not stamp or not signatures:
            raise SignatureError("missing webhook-id, webhook-timestamp or webhook-signature")
        seconds = parse_digits(stamp)
        if seconds is None:
            raise MalformedHeader("webhook-timestamp is not Unix seconds in ASCII digits")
        signed = f"{event_id}.{stamp}.".encode() + body
        if not any(
            _matches(signed, secret, signatures) for secret in self.settings.webhook_secrets
        ):
            raise SignatureError("the webhook signature does not match")
        # Compared as numbers: a timestamp in the wrong unit is not a valid date at all.
        if abs(now.timestamp() - seconds) > self.webhook_tolerance.total_seconds():
            raise StaleWebhook("the webhook timestamp is outside the five-minute window")
        return _event(event_id, body)

    def webhook_ack(self, event: VerifiedEvent | None) -> WebhookAck:
        return WebhookAck(200, b'{"ok":true}')

    def map_result(self, raw: RawRecord) -> CanonicalResult:
        return mapping.map_interview(raw.body, self.settings.mapping)

    def _json(self, response: httpx.Response, what: str) -> Any:
        return strict_json(
            response.content,
            what=what,
            vendor=self.slug,
            content_type=response.headers.get("content-type", ""),
        )


def _rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _path_id(value: str) -> str:
    if not value or "/" in value or ".." in value or len(value) > 128:
        raise MalformedPayload(f"not an interview id: {value[:60]!r}")
    return value


def _raw_record(item: Any) -> RawRecord:
    if not isinstance(item, dict):
        raise MalformedPayload("interview: expected an object")
    external_id, updated_at, version = mapping.record_version(item)
    return RawRecord(
        external_result_id=external_id,
        vendor_updated_at=rfc3339(updated_at, what="updated_at"),
        vendor_revision=version,
        body=item,
        ordering_key=_candidate_key(item.get("candidate")),
    )


def _candidate_key(candidate: Any) -> str:
    """Our reference for the candidate, else their e-mail: whatever names them best."""
    if not isinstance(candidate, dict):
        return ""
    for key in ("external_id", "email", "id"):
        value = candidate.get(key)
        if isinstance(value, str) and value:
            return f"{key}:{value[:200]}"
    return ""


def _matches(signed: bytes, secret: str, header: str) -> bool:
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    matched = False
    for entry in header.split():
        version, _, signature = entry.partition(",")
        # Check every entry (no early exit): constant time over the whole list.
        matched |= version == "v1" and hmac.compare_digest(signature, expected)
    return matched


def _event(event_id: str, body: bytes) -> VerifiedEvent:
    try:
        payload = strict_json(body, what="webhook")
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
            raise MalformedPayload("webhook: expected an object with data")
        data = payload["data"]
        subject = identifier(
            data.get("interview_id") or data.get("id"), what="webhook: data.interview_id", limit=128
        )
        kind = payload.get("type")
        kind = identifier(str(kind), what="webhook: type", limit=60) if kind else ""
    except MalformedPayload as error:
        return VerifiedEvent(event_id, "", None, "", None, is_thin=True, malformed=error.message)
    return VerifiedEvent(
        event_id=event_id,
        event_type=kind,
        occurred_at=_maybe_time(payload.get("timestamp")),
        subject_external_id=subject,
        payload=data,
        is_thin="competencies" not in data and "status" not in data,
    )


def _maybe_time(value: Any) -> datetime | None:
    try:
        return rfc3339(value, what="timestamp")
    except MalformedPayload:
        return None
