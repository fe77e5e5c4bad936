"""面试宝's data: result records (one per attempt) with their revision history, the
`(updateTime, recordId)` index, invitations, X-MSB-RequestId dedupe and throttle windows.

Not thread-safe by itself; `MianshiBaoApp` calls it under its lock. `updateTime` has
one-second precision on the wire, so a revision moves it forward by at least a second:
newer data never carries an older or equal updateTime.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from integrations.simulators import data
from integrations.simulators import mianshibao_records as records
from integrations.simulators.clock import (
    SimClock,
    beijing,
    epoch_ms,
    from_epoch_ms,
    truncate_s,
)
from integrations.simulators.store import Key, SortedIndex, WireObject

Event = tuple[str, "Record", dict[str, Any]]


@dataclass
class Record(WireObject):
    # The current wire record, replaced (never mutated) on each change; bulk-loaded
    # records keep only their serialised bytes (`compact`) to save memory.
    _obj: dict[str, Any] | None
    update_ms: int
    created_ms: int
    expires_at: datetime | None = None
    revision: int = 1
    history: dict[int, dict[str, Any]] = field(default_factory=dict)
    deleted: bool = False
    cache: bytes | None = None
    # Copied out of the record so that counting and indexing never parse `cache`.
    id: str = field(init=False)
    status: int = field(init=False)

    def __post_init__(self) -> None:
        self.obj = self._obj or {}

    def _index(self, value: dict[str, Any]) -> None:
        self.id, self.status = str(value["recordId"]), int(value["interviewStatus"])

    @property
    def key(self) -> Key:
        return (self.update_ms, self.id)

    def snapshot(self, revision: int | None = None) -> dict[str, Any] | None:
        if revision is None or revision == self.revision:
            return self.obj
        return self.history.get(revision)


class MsbState:
    def __init__(self, seed: int, clock: SimClock) -> None:
        self.seed = seed
        self.clock = clock
        self.records: dict[str, Record] = {}
        self.by_interview: dict[str, list[str]] = {}
        self.index = SortedIndex()
        self.invitations: list[dict[str, Any]] = []
        self.pending: dict[str, None] = {}  # records in status 0, oldest first
        self.dedupe: dict[tuple[str, str], tuple[datetime, dict[str, Any]]] = {}
        self.rate_windows: dict[str, tuple[int, int]] = {}
        self._counters: dict[str, int] = {}

    def count(self, name: str) -> int:
        self._counters[name] = self._counters.get(name, 0) + 1
        return self._counters[name]

    # -- ids ----------------------------------------------------------------------------
    def new_record_id(self, when: datetime) -> str:
        day = beijing(when)[:10].replace("-", "")
        return f"R{day}{self.count('record'):04d}"

    def new_interview_id(self) -> str:
        return f"I{88200 + self.count('interview')}"

    def event_id(self) -> str:
        rng = data.rng_for(self.seed, "event", self.count("event"))
        return "evt_" + data.hex_token(rng, 24)

    def request_id(self) -> str:
        rng = data.rng_for(self.seed, "response", self.count("response"))
        return data.hex_token(rng, 32)

    # -- storing and changing -----------------------------------------------------------
    def add(self, record: Record) -> Record:
        self.records[record.id] = record
        self.by_interview.setdefault(str(record.obj["interviewId"]), []).append(record.id)
        record.history[record.revision] = record.obj
        self.index.add(record.key)
        if record.status == records.INVITED:
            self.pending[record.id] = None
        return record

    def revise(
        self, record: Record, changes: dict[str, Any], when: datetime | None = None
    ) -> dict[str, Any]:
        moment = truncate_s(when or self.clock.now())
        if epoch_ms(moment) <= record.update_ms:
            moment = from_epoch_ms(record.update_ms + 1000)
        old_key = record.key
        record.revision += 1
        record.obj = {**record.obj, **changes, "updateTime": beijing(moment)}
        record.update_ms = epoch_ms(moment)
        record.history[record.revision] = record.obj
        record.cache = None
        if not record.deleted:
            self.index.move(old_key, record.key)
        if record.status != records.INVITED:
            self.pending.pop(record.id, None)
        return record.obj

    def visible(self, record_id: str) -> Record | None:
        record = self.records.get(record_id)
        return None if record is None or record.deleted else record

    def latest_of(self, interview_id: str) -> Record | None:
        ids = self.by_interview.get(interview_id) or []
        return self.records[ids[-1]] if ids else None

    # -- lifecycle ----------------------------------------------------------------------
    def invite(
        self,
        *,
        position_id: str,
        out_user_id: Any,
        name: str,
        mobile: str | None,
        email: str | None,
        source: str,
        request_id: str | None = None,
        when: datetime | None = None,
        interview_id: str | None = None,
        retake_count: int = 0,
    ) -> Record:
        now = truncate_s(when or self.clock.now())
        number = self.count("invite")
        rng = data.rng_for(self.seed, "invite", number)
        record_id = self.new_record_id(now)
        interview_id = interview_id or self.new_interview_id()
        masked = data.mask_mobile(mobile) if mobile else data.mask_mobile(data.mobile(rng))
        obj = records.record_object(
            record_id=record_id,
            interview_id=interview_id,
            out_user_id=out_user_id,
            retake_count=retake_count,
            status=records.INVITED,
            position_id=position_id,
            candidate_name=name,
            mobile=masked,
            update_time=now,
        )
        record = Record(
            obj,
            update_ms=epoch_ms(now),
            created_ms=epoch_ms(now),
            expires_at=now + timedelta(days=7),
        )
        self.add(record)
        self.invitations.append(
            {
                "interviewId": interview_id,
                "recordId": record_id,
                "source": source,
                "requestId": request_id,
                "positionId": position_id,
                "outUserId": None if out_user_id is records.ABSENT else out_user_id,
                "name": name,
                "mobile": mobile,
                "email": email,
                "inviteUrl": f"https://m.msb.local/i/{interview_id}?t={data.hex_token(rng, 16)}",
                "expireTime": beijing(record.expires_at or now),
                "createdAt": beijing(now),
            }
        )
        return record

    def invitation_of(self, record_id: str) -> dict[str, Any] | None:
        return next((i for i in self.invitations if i["recordId"] == record_id), None)

    def complete(self, record: Record) -> list[Event]:
        """status 0 -> 2 (interview.finished) -> 3 (report.generated)."""
        rng = data.rng_for(self.seed, "complete", record.id)
        now = self.clock.now()
        fields = records.scored_fields(rng, record.id, reported_at=now)
        created = from_epoch_ms(record.created_ms)
        start = max(fields.pop("start_time"), created)
        finish = max(fields.pop("finish_time"), start)
        finished = self.revise(
            record,
            {
                "interviewStatus": records.FINISHED,
                "startTime": beijing(start),
                "finishTime": epoch_ms(finish),
                "videoList": fields["video_list"],
            },
        )
        reported = self.revise(record, report_changes(fields))
        return [
            ("interview.finished", record, finished),
            ("report.generated", record, reported),
        ]

    def rescore(self, record: Record, total: Any, dimensions: dict[str, Any] | None) -> list[Event]:
        changes: dict[str, Any] = {"totalScore": total}
        numeric = _number(total)
        flag = records.pass_flag(numeric) if numeric is not None else record.obj["passFlag"]
        changes["passFlag"] = flag
        changes["passFlagDesc"] = records.PASS_DESCRIPTIONS.get(flag) if flag is not None else None
        if dimensions:
            changes["dimensionScores"] = [
                {**item, "score": dimensions.get(item["dimName"], item["score"])}
                for item in record.obj["dimensionScores"]
            ]
        return [("report.updated", record, self.revise(record, changes))]

    def delete(self, record: Record) -> list[Event]:
        """Erasure: the record disappears from the API (面试宝 has no tombstones)."""
        self.index.remove(record.key)
        record.deleted = True
        snapshot = self.revise(record, {})
        return [("report.deleted", record, snapshot)]

    def expire(self, record: Record) -> list[Event]:
        return [
            ("interview.expired", record, self.revise(record, {"interviewStatus": records.EXPIRED}))
        ]

    def expire_due(self) -> list[Event]:
        now = self.clock.now()
        events: list[Event] = []
        for record_id in list(self.pending):
            record = self.records[record_id]
            if record.expires_at is not None and record.expires_at <= now:
                events.extend(self.expire(record))
        return events

    # -- bulk ---------------------------------------------------------------------------
    def bulk(
        self, count: int, out_user_ids: list[str], spacing_ms: int, end: datetime
    ) -> list[Record]:
        call = self.count("bulk")
        rng = data.rng_for(self.seed, "bulk", call)
        end_ms = epoch_ms(truncate_s(end))
        # updateTime has whole seconds: spacing below 1000 ms makes ties, broken by id.
        created: list[Record] = []
        for i in range(count):
            updated = truncate_s(from_epoch_ms(end_ms - (count - 1 - i) * spacing_ms))
            record_id = self.new_record_id(updated)
            person = data.person(rng, chinese=True)
            position = data.MSB_POSITIONS[i % len(data.MSB_POSITIONS)]
            out_user = (
                out_user_ids[i % len(out_user_ids)] if out_user_ids else f"ats-bulk-{call}-{i + 1}"
            )
            fields = records.scored_fields(rng, record_id, reported_at=updated)
            obj = records.record_object(
                record_id=record_id,
                interview_id=self.new_interview_id(),
                out_user_id=out_user,
                retake_count=0,
                position_id=position["positionId"],
                candidate_name=person.display_name,
                mobile=data.mask_mobile(data.mobile(rng)),
                update_time=updated,
                **fields,
            )
            record = Record(
                obj, update_ms=epoch_ms(updated), created_ms=epoch_ms(updated), revision=3
            )
            self.by_interview.setdefault(str(obj["interviewId"]), []).append(record_id)
            record.compact()
            self.records[record_id] = record
            created.append(record)
        self.index.extend(record.key for record in created)
        return created

    # -- reading ------------------------------------------------------------------------
    def window(
        self, start_ms: int, end_ms: int, page: int, size: int, ascending: bool
    ) -> tuple[list[Record], int]:
        """Records with start <= updateTime <= end, one page of them, and the total."""
        low = self.index.first_from_time(start_ms)
        high = self.index.first_from_time(end_ms + 1)
        total = max(0, high - low)
        offset = (page - 1) * size
        if ascending:
            keys = self.index.slice(low + offset, min(high, low + offset + size))
        else:
            keys = self.index.slice(max(low, high - offset - size), high - offset)[::-1]
        return [self.records[key[1]] for key in keys], total

    def counts(self) -> dict[str, Any]:
        by_status: dict[str, int] = {}
        for record in self.records.values():
            by_status[str(record.status)] = by_status.get(str(record.status), 0) + 1
        return {
            "records": len(self.records),
            "listed": len(self.index),
            "by_status": dict(sorted(by_status.items())),
            "deleted": sum(r.deleted for r in self.records.values()),
            "interviews": len(self.by_interview),
            "invitations": len(self.invitations),
            "pending_invitations": len(self.pending),
            "request_ids": len(self.dedupe),
        }


def report_changes(fields: dict[str, Any]) -> dict[str, Any]:
    """`scored_fields` output as wire-field changes for `revise`."""
    return {
        "interviewStatus": fields["status"],
        "totalScore": fields["total_score"],
        "passFlag": fields["pass_flag_value"],
        "passFlagDesc": records.PASS_DESCRIPTIONS.get(fields["pass_flag_value"])
        if fields["pass_flag_value"] is not None
        else None,
        "dimensionScores": fields["dimension_list"],
        "aiEvaluation": fields["ai_evaluation"],
        "keywords": fields["keywords"],
        "emotion": fields["emotion_value"],
        "reportUrl": fields["report"],
    }


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None
