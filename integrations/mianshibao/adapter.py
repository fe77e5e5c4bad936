"""The 面试宝 adapter: offset paging over frozen Beijing-time windows, SHA-256 callbacks."""

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

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
    NotFound,
    PermanentRequestError,
    SignatureError,
    StaleWebhook,
    VendorError,
)
from integrations.mapping import FieldMapping
from integrations.mianshibao import mapping
from integrations.mianshibao.transport import MianshiBaoTransport
from integrations.parsing import epoch_millis, header_text, identifier, naive_local
from integrations.wire import strict_json

PAGE_SIZE = 100  # docs/vendors/mianshibao.md: pageSize <= 100
MAX_WINDOW = timedelta(days=7)
# A window ends this far in the past, so records still being written fall in the next run.
SETTLE = timedelta(minutes=2)
STAMP = "%Y-%m-%d %H:%M:%S"
# Byte for byte as the protocol spells it: 面试宝 compares the body, spaces included.
ACK = b'{"code":0,"msg":"success"}'


class MianshiBaoAdapter(Adapter):
    slug = "mianshibao"
    name = "面试宝 MianshiBao"
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
        CredentialField("app_key", "App key"),
        CredentialField("app_secret", "App secret"),
    )
    lookback = timedelta(minutes=10)

    def __init__(self, settings: AdapterSettings) -> None:
        super().__init__(settings)
        if not settings.credentials.get("app_key"):
            raise ConfigError("面试宝 needs an app key", vendor=self.slug)
        self.zone = settings.mapping.zone
        # Tests pin the clock; production reads it.
        self.now = settings.options.get("now") or (lambda: datetime.now(UTC))

    @cached_property
    def transport(self) -> MianshiBaoTransport:
        """Made on first use: the webhook endpoint only verifies and never calls out."""
        return MianshiBaoTransport(self.settings.base_url, self.settings.credentials["app_key"])

    @classmethod
    def default_mapping(cls) -> FieldMapping:
        return mapping.default_mapping()

    def close(self) -> None:
        if "transport" in self.__dict__:
            self.transport.close()

    def test_connection(self) -> Health:
        try:
            tests = self.list_tests()
        except VendorError as error:
            return Health(False, error.describe(), {"error": type(error).__name__})
        return Health(
            True, f"Connected; {len(tests)} position(s) available.", {"tests": len(tests)}
        )

    def list_tests(self) -> list[VendorTest]:
        data, _ = self.transport.call(
            "GET", "/openapi/v2/position/list", params={"page": 1, "pageSize": 100}
        )
        rows = data.get("list") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise MalformedPayload("position list: no list", vendor=self.slug)
        return [
            VendorTest(str(row.get("positionId", "")), str(row.get("positionName", "")))
            for row in rows
            if isinstance(row, dict)
        ]

    def invite(self, request: InviteRequest) -> InviteResult:
        data, _ = self.transport.call(
            "POST",
            "/openapi/v2/interview/invite",
            headers={"X-MSB-RequestId": request.idempotency_key},
            json={
                "positionId": request.test_id,
                "outUserId": request.candidate_ref,
                "name": request.full_name,
                "mobile": request.mobile,
                "email": request.email,
            },
        )
        if not isinstance(data, dict) or not isinstance(data.get("interviewId"), str):
            raise MalformedPayload("invite: no interviewId", vendor=self.slug)
        return InviteResult(
            external_interview_id=data["interviewId"],
            invite_url=str(data.get("inviteUrl") or ""),
            expires_at=self._expiry(data.get("expireTime")),
        )

    def _fetch_results(self, since: datetime, page_token: str | None) -> ResultPage:
        start, end, page = self._window(since, page_token)
        size = min(int(self.settings.options.get("page_size") or PAGE_SIZE), PAGE_SIZE)
        data, response = self.transport.call(
            "GET",
            "/openapi/v2/interview/result/list",
            params={
                "startTime": self._local(start),
                "endTime": self._local(end),
                "page": page,
                "pageSize": size,
                "order": "asc",  # the default (updateTime desc) drifts under inserts
            },
        )
        rows = data.get("list") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise MalformedPayload("result list: no list", raw=response.content, vendor=self.slug)
        records, bad = [], []
        for row in rows:
            try:
                records.append(self._raw_record(row))
            except MalformedPayload as error:
                bad.append(BadRecord(json.dumps(row, ensure_ascii=False)[:100_000], error.message))
        # One pass is one frozen window; a backfill longer than a window is several passes.
        following = _token(start, end, page + 1) if len(rows) == size else None
        return ResultPage(
            items=tuple(records),
            next_page_token=following,
            exhausted=following is None,
            high_watermark=end,
            bad_records=tuple(bad),
            # Only a window cut short by the 7-day limit leaves a gap to the present;
            # otherwise the next scheduled sync picks up what arrived meanwhile.
            more_after=following is None and end - start >= MAX_WINDOW,
        )

    def _fetch_result(self, external_result_id: str) -> RawRecord:
        try:
            data, _ = self.transport.call(
                "GET",
                "/openapi/v2/interview/result/detail",
                params={"recordId": external_result_id},
            )
        except PermanentRequestError as error:
            # 面试宝 has no not-found code: a deleted record is 40010 "记录不存在".
            if error.vendor_code == "40010" and "不存在" in error.message:
                raise NotFound(error.message, vendor=self.slug, vendor_code="40010") from error
            raise
        return self._raw_record(data)

    def _verify_webhook(
        self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes, now: datetime
    ) -> VerifiedEvent:
        secrets = [s for s in self.settings.webhook_secrets if s]
        if not secrets:
            raise SignatureError("no app secret configured for callbacks")
        stamp = header_text(headers.get("x-msb-timestamp"), what="X-MSB-Timestamp", limit=20)
        nonce = header_text(headers.get("x-msb-nonce"), what="X-MSB-Nonce", limit=64)
        signature = header_text(
            headers.get("x-msb-signature"), what="X-MSB-Signature", limit=128
        ).lower()
        sign = header_text(query.get("sign"), what="the sign parameter", limit=128).lower()
        if signature:
            if len(stamp) != 13 or not nonce:
                raise SignatureError("missing or malformed X-MSB-Timestamp / X-MSB-Nonce")
            millis = parse_digits(stamp)
            if millis is None:
                raise MalformedHeader("X-MSB-Timestamp is not epoch milliseconds in ASCII digits")
            valid = False
            for secret in secrets:
                digest = hashlib.sha256(f"{stamp}{nonce}{secret}".encode() + body).hexdigest()
                valid |= hmac.compare_digest(digest, signature)
            if not valid:
                raise SignatureError("the callback signature does not match")
            if abs(now.timestamp() - millis / 1000) > self.webhook_tolerance.total_seconds():
                raise StaleWebhook("the callback timestamp is outside the five-minute window")
        elif sign:
            # Legacy (Moka-like) mode: no timestamp, so only event-id dedupe guards replays.
            valid = False
            for secret in secrets:
                digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
                valid |= hmac.compare_digest(digest, sign)
            if not valid:
                raise SignatureError("the callback signature does not match")
        else:
            raise SignatureError("the callback carries no signature")
        return _event(body, nonce)

    def webhook_ack(self, event: VerifiedEvent | None) -> WebhookAck:
        if event is not None and event.challenge:
            return WebhookAck(200, json.dumps({"challenge": event.challenge}).encode())
        return WebhookAck(200, ACK)

    def map_result(self, raw: RawRecord) -> CanonicalResult:
        return mapping.map_record(raw.body, self.settings.mapping)

    def _window(self, since: datetime, token: str | None) -> tuple[datetime, datetime, int]:
        if token:
            try:
                start_text, end_text, page_text = token.split("|")
                start = datetime.fromisoformat(start_text)
                end = datetime.fromisoformat(end_text)
                return start, end, int(page_text)
            except ValueError as error:
                raise MalformedPayload(f"not a 面试宝 page token: {token[:80]!r}") from error
        start = since.astimezone(UTC).replace(microsecond=0)
        return start, max(start, min(start + MAX_WINDOW, self._settled())), 1

    def _settled(self) -> datetime:
        return (self.now() - SETTLE).replace(microsecond=0)

    def _local(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime(STAMP)

    def _raw_record(self, row: Any) -> RawRecord:
        if not isinstance(row, dict):
            raise MalformedPayload("record: expected an object")
        record_id = row.get("recordId")
        if not isinstance(record_id, str) or not record_id:
            raise MalformedPayload("record: no recordId")
        return RawRecord(
            external_result_id=record_id,
            vendor_updated_at=naive_local(row.get("updateTime"), self.zone, what="updateTime"),
            vendor_revision=None,
            body=row,
            ordering_key=_candidate_key(row),
        )

    def _expiry(self, value: Any) -> datetime | None:
        if isinstance(value, int):
            return epoch_millis(value, what="expireTime")
        return naive_local(value, self.zone, what="expireTime")


def _token(start: datetime, end: datetime, page: int) -> str:
    return f"{start.isoformat()}|{end.isoformat()}|{page}"


def _event(body: bytes, nonce: str) -> VerifiedEvent:
    try:
        payload = strict_json(body, what="callback")
        if not isinstance(payload, dict):
            raise MalformedPayload("callback: expected an object")
        if payload.get("type") == "url_verification":
            challenge = str(payload.get("challenge") or "")
            return VerifiedEvent("", "url_verification", None, "", None, False, challenge, nonce)
        data = payload.get("data")
        if not isinstance(data, dict):
            raise MalformedPayload("callback: data names no recordId")
        record_id = identifier(data.get("recordId"), what="callback: data.recordId", limit=128)
        # Older "v1" deliveries have no eventId: the record, its version and the bytes stand in.
        event_id = payload.get("eventId")
        if not isinstance(event_id, str) or not event_id:
            digest = hashlib.sha256(body).hexdigest()[:16]
            event_id = f"{record_id}:{str(data.get('updateTime', ''))[:40]}:{digest}"
        event_id = identifier(event_id, what="callback: eventId", limit=200)
        kind = payload.get("eventType")
        kind = identifier(str(kind), what="callback: eventType", limit=60) if kind else ""
    except MalformedPayload as error:
        return VerifiedEvent("", "", None, "", None, True, nonce=nonce, malformed=error.message)
    return VerifiedEvent(
        event_id=event_id,
        event_type=kind,
        occurred_at=None,
        subject_external_id=record_id,
        payload=data,
        is_thin=True,  # callbacks carry ids only: the record is always fetched
        nonce=nonce,
    )


def _candidate_key(row: dict[str, Any]) -> str:
    """Our reference for the candidate, else the interview (a candidate's retakes share it)."""
    for key in ("outUserId", "interviewId"):
        value = row.get(key)
        if isinstance(value, str) and value:
            return f"{key}:{value[:200]}"
    return ""
