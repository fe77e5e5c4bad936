"""VueSim's data: interviews with their version history, the sorted paging index,
OAuth tokens, Idempotency-Key records and rate-limit windows.

Not thread-safe by itself; `VueSimApp` calls it under its lock. Every change to an
interview goes through `revise`, which bumps `version`, moves `updated_at` forward (never
backwards, even on a pinned clock) and re-indexes it, so paging order and the history
the webhooks replay stay consistent.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from integrations.simulators import data
from integrations.simulators import vuesim_records as records
from integrations.simulators.clock import SimClock, epoch_ms, from_epoch_ms, rfc3339, truncate_ms
from integrations.simulators.store import Key, SortedIndex, WireObject

ALL_SCOPES = ("positions:read", "invitations:write", "interviews:read")
Event = tuple[str, "Interview", dict[str, Any]]  # (type, interview, snapshot of that version)


@dataclass
class Interview(WireObject):
    # The current wire object, replaced (never mutated) on each change. Bulk-loaded
    # interviews keep only their serialised bytes (`compact`): 20,000 dicts cost ~110 MB.
    _obj: dict[str, Any] | None
    updated_ms: int
    created_ms: int
    tz: timezone = UTC
    expires_at: datetime | None = None
    first_name: str | None = None
    last_name: str | None = None
    invite_url: str | None = None
    history: dict[int, dict[str, Any]] = field(default_factory=dict)
    purged: bool = False
    cache: bytes | None = None
    # Copied out of the object so that counting and indexing never parse `cache`.
    id: str = field(init=False)
    status: str = field(init=False)
    deleted: bool = field(init=False)

    def __post_init__(self) -> None:
        self.obj = self._obj or {}

    def _index(self, value: dict[str, Any]) -> None:
        self.id, self.status = str(value["id"]), str(value["status"])
        self.deleted = value["deleted"]

    @property
    def key(self) -> Key:
        return (self.updated_ms, self.id)

    def snapshot(self, version: int | None = None) -> dict[str, Any] | None:
        if version is None or version == self.obj["version"]:
            return self.obj
        return self.history.get(version)


@dataclass
class Token:
    client_id: str
    scopes: frozenset[str]
    expires_at: datetime


@dataclass
class IdempotencyRecord:
    fingerprint: str
    created_at: datetime
    status: int | None = None  # None while the first request is still in flight
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


class VueState:
    def __init__(self, seed: int, clock: SimClock) -> None:
        self.seed = seed
        self.clock = clock
        self.interviews: dict[str, Interview] = {}
        self.index = SortedIndex()
        self.invitations: list[dict[str, Any]] = []
        self.pending: dict[str, None] = {}  # invited interviews, oldest first
        self.tokens: dict[str, Token] = {}
        self.idempotency: dict[tuple[str, str], IdempotencyRecord] = {}
        self.rate_windows: dict[str, tuple[int, int]] = {}
        self._counters: dict[str, int] = {}

    def count(self, name: str) -> int:
        self._counters[name] = self._counters.get(name, 0) + 1
        return self._counters[name]

    # -- ids and tokens ---------------------------------------------------------------
    def new_interview_id(self, rng: Any) -> str:
        while True:
            candidate = "iv_" + data.crockford(rng, 8)
            if candidate not in self.interviews:
                return candidate

    def candidate_ref(self, external_id: str | None, email: str | None) -> dict[str, Any]:
        return {"id": f"cand_{self.count('candidate')}", "external_id": external_id, "email": email}

    def issue_token(self, client_id: str, scopes: frozenset[str], ttl_s: int) -> str:
        number = self.count("token")
        token = "vs_at_" + hashlib.sha256(f"{self.seed}:token:{number}".encode()).hexdigest()[:40]
        self.tokens[token] = Token(client_id, scopes, self.clock.now() + timedelta(seconds=ttl_s))
        return token

    def message_id(self) -> str:
        number = self.count("message")
        return "msg_" + data.ulid(
            epoch_ms(self.clock.now()), data.rng_for(self.seed, "msg", number)
        )

    # -- storing and changing -----------------------------------------------------------
    def add(self, interview: Interview) -> Interview:
        self.interviews[interview.id] = interview
        interview.history[int(interview.obj["version"])] = interview.obj
        self.index.add(interview.key)
        if interview.status == "invited":
            self.pending[interview.id] = None
        return interview

    def revise(
        self, interview: Interview, changes: dict[str, Any], when: datetime | None = None
    ) -> dict[str, Any]:
        """Apply `changes` as a new version; returns the new snapshot."""
        moment = truncate_ms(when or self.clock.now())
        if epoch_ms(moment) <= interview.updated_ms:
            moment = from_epoch_ms(interview.updated_ms + 1)
        old_key = interview.key
        version = int(interview.obj["version"]) + 1
        interview.obj = {
            **interview.obj,
            **changes,
            "version": version,
            "updated_at": rfc3339(moment, interview.tz),
        }
        interview.updated_ms = epoch_ms(moment)
        interview.history[version] = interview.obj
        interview.cache = None
        if not interview.purged:
            self.index.move(old_key, interview.key)
        if interview.status != "invited":
            self.pending.pop(interview.id, None)
        return interview.obj

    def visible(self, interview_id: str) -> Interview | None:
        interview = self.interviews.get(interview_id)
        return None if interview is None or interview.purged else interview

    # -- lifecycle ----------------------------------------------------------------------
    def invite(
        self,
        *,
        position: dict[str, Any],
        candidate: dict[str, Any],
        expires_in_days: int,
        source: str,
        idempotency_key: str | None = None,
        when: datetime | None = None,
        tz: timezone = UTC,
    ) -> Interview:
        number = self.count("invite")
        rng = data.rng_for(self.seed, "invite", number)
        interview_id = self.new_interview_id(rng)
        now = truncate_ms(when or self.clock.now())
        obj = records.interview_object(
            interview_id=interview_id,
            version=1,
            status="invited",
            candidate=self.candidate_ref(candidate.get("external_id"), candidate.get("email")),
            position={"id": position["id"], "title": position["title"]},
            updated_at=now,
            tz=tz,
        )
        interview = Interview(
            obj,
            updated_ms=epoch_ms(now),
            created_ms=epoch_ms(now),
            tz=tz,
            expires_at=now + timedelta(days=expires_in_days),
            first_name=candidate.get("first_name"),
            last_name=candidate.get("last_name"),
            invite_url=f"https://app.vuesim.local/i/{interview_id}?t={data.hex_token(rng, 16)}",
        )
        self.add(interview)
        self.invitations.append(
            {
                "interview_id": interview_id,
                "source": source,
                "idempotency_key": idempotency_key,
                "position_id": position["id"],
                "candidate": dict(candidate),
                "invite_url": interview.invite_url,
                "expires_at": rfc3339(interview.expires_at or now),
                "created_at": rfc3339(now),
            }
        )
        return interview

    def complete(self, interview: Interview) -> list[Event]:
        """invited -> completed -> scored, with scores drawn from (seed, id)."""
        rng = data.rng_for(self.seed, "complete", interview.id)
        now = truncate_ms(self.clock.now())
        fields = records.scored_fields(
            rng, interview.id, scored_at=now, chinese=data.is_chinese_name(interview.last_name)
        )
        created = from_epoch_ms(interview.created_ms)
        started = max(fields["started_at"], created)
        completed = min(max(fields["completed_at"], started + timedelta(minutes=9)), now)
        completed = max(completed, started)
        completed_snapshot = self.revise(
            interview,
            {
                "status": "completed",
                "started_at": rfc3339(started, interview.tz),
                "completed_at": rfc3339(completed, interview.tz),
                "responses": fields["responses"],
            },
        )
        scored_snapshot = self.revise(
            interview,
            {
                "status": "scored",
                "overall": fields["overall"],
                "competencies": fields["competencies"],
                "sentiment": fields["sentiment"],
                "report_url": fields["report_url"],
            },
        )
        return [
            ("interview.completed", interview, completed_snapshot),
            ("interview.scored", interview, scored_snapshot),
        ]

    def rescore(
        self,
        interview: Interview,
        rating: float,
        overrides: dict[str, float | int | None] | None = None,
    ) -> list[Event]:
        old = interview.obj["overall"]["rating"] if interview.obj.get("overall") else None
        shift = 0.0 if old is None else rating - float(old)
        competencies = []
        for item in interview.obj["competencies"]:
            value = item["rating"]
            if overrides and item["key"] in overrides:
                value = overrides[item["key"]]
            elif value is not None and shift:
                value = round(min(5.0, max(1.0, float(value) + shift)))
            competencies.append({**item, "rating": value})
        snapshot = self.revise(
            interview, {"overall": records.overall_block(rating), "competencies": competencies}
        )
        return [("interview.rescored", interview, snapshot)]

    def delete(self, interview: Interview, *, purge: bool) -> list[Event]:
        """A tombstone (`deleted: true`, personal data and media gone); `purge` also
        makes the API answer 404 and drop it from listings."""
        snapshot = self.revise(
            interview,
            {
                "deleted": True,
                "candidate": {**interview.obj["candidate"], "email": None},
                "responses": [],
                "sentiment": None,
                "report_url": None,
            },
        )
        if purge:
            self.index.remove(interview.key)
            interview.purged = True
        return [("interview.deleted", interview, snapshot)]

    def expire(self, interview: Interview) -> list[Event]:
        snapshot = self.revise(interview, {"status": "expired"})
        return [("interview.expired", interview, snapshot)]

    def expire_due(self) -> list[Event]:
        now = self.clock.now()
        events: list[Event] = []
        for interview_id in list(self.pending):
            interview = self.interviews[interview_id]
            if interview.expires_at is not None and interview.expires_at <= now:
                events.extend(self.expire(interview))
        return events

    # -- bulk ---------------------------------------------------------------------------
    def bulk(
        self, count: int, external_ids: list[str], spacing_ms: int, end: datetime
    ) -> list[Interview]:
        """`count` scored interviews, updated_at `spacing_ms` apart up to `end`; one sort
        of the index at the end instead of an insort each."""
        call = self.count("bulk")
        rng = data.rng_for(self.seed, "bulk", call)
        end_ms = epoch_ms(truncate_ms(end))
        start_ms = end_ms - (count - 1) * spacing_ms
        created: list[Interview] = []
        keys: list[Key] = []
        for i in range(count):
            updated = from_epoch_ms(start_ms + i * spacing_ms)
            interview_id = self.new_interview_id(rng)
            person = data.person(rng)
            external_id = (
                external_ids[i % len(external_ids)] if external_ids else f"ats-bulk-{call}-{i + 1}"
            )
            position = data.VUESIM_POSITIONS[i % len(data.VUESIM_POSITIONS)]
            fields = records.scored_fields(rng, interview_id, scored_at=updated)
            obj = records.interview_object(
                interview_id=interview_id,
                version=3,
                status="scored",
                candidate=self.candidate_ref(external_id, person.email(i + 1)),
                position={"id": position["id"], "title": position["title"]},
                updated_at=updated,
                **fields,
            )
            interview = Interview(obj, updated_ms=epoch_ms(updated), created_ms=epoch_ms(updated))
            interview.first_name, interview.last_name = person.first_name, person.last_name
            keys.append(interview.key)
            interview.compact()
            self.interviews[interview_id] = interview
            created.append(interview)
        self.index.extend(keys)
        return created

    # -- reading ------------------------------------------------------------------------
    def page(self, start: int, per_page: int) -> tuple[list[Interview], bool]:
        keys = self.index.slice(start, start + per_page)
        more = start + per_page < len(self.index)
        return [self.interviews[key[1]] for key in keys], more

    def counts(self) -> dict[str, Any]:
        by_status: dict[str, int] = {}
        deleted = purged = 0
        for interview in self.interviews.values():
            by_status[interview.status] = by_status.get(interview.status, 0) + 1
            deleted += interview.deleted
            purged += interview.purged
        return {
            "interviews": len(self.interviews),
            "listed": len(self.index),
            "by_status": dict(sorted(by_status.items())),
            "deleted": deleted,
            "purged": purged,
            "invitations": len(self.invitations),
            "pending_invitations": len(self.pending),
            "tokens": len(self.tokens),
            "idempotency_keys": len(self.idempotency),
        }
