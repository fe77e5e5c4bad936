"""面试宝's realisation of the scenario catalogue (docs/vendors/scenarios.md, S1-S18; S15 has none:
面试宝 has no OAuth tokens).

Records get a real history (status 0 -> 2 -> 3) so callbacks can replay older revisions;
scenarios may install faults and queue callbacks that the control layer sends after the
lock is released.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from integrations.simulators import data
from integrations.simulators import mianshibao_records as records
from integrations.simulators.clock import BEIJING, beijing, epoch_ms, rfc3339, truncate_s
from integrations.simulators.control_util import int_field, optional_text
from integrations.simulators.delivery import Delivery
from integrations.simulators.mianshibao_state import Event, Record, report_changes
from integrations.simulators.wire import ControlError

if TYPE_CHECKING:
    from integrations.simulators.mianshibao import MianshiBaoApp

FULLWIDTH_86 = "\uff18\uff16"  # fullwidth digits: must not parse as 86
HAPPY = {"沟通能力": 88, "逻辑思维": 79.5, "岗位匹配度": 85, "抗压能力": "91", "专业能力": 87}
LIST_PATH = "/openapi/v2/interview/result/list"


@dataclass
class Ctx:
    app: "MianshiBaoApp"
    name: str
    params: dict[str, Any]
    now: datetime
    number: int
    result: dict[str, Any] = field(default_factory=dict)
    outgoing: list[Delivery] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def rng(self, *labels: object) -> Any:
        return data.rng_for(self.app.seed, "scenario", self.name, self.number, *labels)

    def out_user_id(self) -> str:
        given = optional_text(self.params, "outUserId") or optional_text(self.params, "external_id")
        return given or f"ats-{self.name.lower()}-{self.number}"

    def updated(self, back_seconds: float = 0) -> datetime:
        age = int_field(self.params, "age_seconds", 0, minimum=0)
        return truncate_s(self.now - timedelta(seconds=age + back_seconds))

    def position_id(self) -> str:
        wanted = optional_text(self.params, "positionId") or optional_text(
            self.params, "position_id"
        )
        wanted = wanted or "P10"
        if wanted not in {p["positionId"] for p in data.MSB_POSITIONS}:
            raise ControlError(f"unknown positionId {wanted!r}")
        return wanted

    def invite(
        self,
        when: datetime,
        *,
        out_user_id: Any = None,
        previous: Record | None = None,
    ) -> Record:
        person = data.person(self.rng("person", len(self.result.get("ids", []))), chinese=True)
        record = self.app.state.invite(
            position_id=self.position_id(),
            out_user_id=self.out_user_id() if out_user_id is None else out_user_id,
            name=previous.obj["candidateName"] if previous else person.display_name,
            mobile=data.mobile(self.rng("mobile")),
            email=person.email(self.number),
            source=f"scenario:{self.name}",
            when=when,
            interview_id=str(previous.obj["interviewId"]) if previous else None,
            retake_count=int(previous.obj["retakeCount"]) + 1 if previous else 0,
        )
        self.result.setdefault("ids", []).append(record.id)
        return record

    def reported(
        self,
        *,
        total: Any = None,
        dims: dict[str, Any] | None = None,
        updated: datetime | None = None,
        out_user_id: Any = None,
        previous: Record | None = None,
        media_expires: datetime | None = None,
        label: object = 0,
    ) -> Record:
        """status 0 (2 h before) -> 2 -> 3 at `updated`; `total`/`dims` are wire values."""
        updated = updated or self.updated()
        record = self.invite(
            updated - timedelta(hours=2), out_user_id=out_user_id, previous=previous
        )
        rng = self.rng("report", label)
        numeric = total if isinstance(total, int | float) else None
        fields = records.scored_fields(
            rng, record.id, reported_at=updated, total=numeric, media_expires=media_expires
        )
        if total is not None:
            fields["total_score"] = total
            fields["pass_flag_value"] = records.pass_flag(numeric) if numeric is not None else None
            if isinstance(total, str):
                fields["pass_flag_value"] = _flag_of_text(total)
        if dims is not None:
            fields["dimension_list"] = [{"dimName": k, "score": v} for k, v in dims.items()]
        state = self.app.state
        state.revise(
            record,
            {
                "interviewStatus": records.FINISHED,
                "startTime": beijing(fields["start_time"]),
                "finishTime": epoch_ms(fields["finish_time"]),
                "videoList": fields["video_list"],
            },
            when=fields["finish_time"],
        )
        state.revise(record, report_changes(fields), when=updated)
        self.events.append(("report.generated", record, record.obj))
        return record

    def many(self, default_count: int) -> list[Record]:
        count = int_field(self.params, "count", default_count, minimum=1)
        return [self.reported(updated=self.updated(count - 1 - i), label=i) for i in range(count)]

    def fault(self, **rule: Any) -> None:
        added = self.app.faults.add([rule], self.app.fault_kinds)
        self.result.setdefault("faults", []).extend(r.to_json() for r in added)

    def deliver(
        self, event: str, record: Record, snapshot: dict[str, Any], **kw: Any
    ) -> str | None:
        if not self.app.config["webhook_url"]:
            return None
        mode = optional_text(self.params, "payload")
        delivery = self.app.make_callback(event, record.id, snapshot, payload_mode=mode, **kw)
        self.outgoing.append(delivery)
        return delivery.message_id


def _flag_of_text(total: str) -> int | None:
    try:
        return records.pass_flag(float(total)) if total.isascii() else None
    except ValueError:
        return None


def s1(ctx: Ctx) -> str:
    ctx.reported(total="86.5", dims=HAPPY)
    return 'totalScore "86.5" (a string), passFlag 1 推荐, five dimensions'


def s2(ctx: Ctx) -> str:
    dims: dict[str, Any] = {**HAPPY, "岗位匹配度": None}
    if optional_text(ctx.params, "variant") == "absent":
        del dims["岗位匹配度"]
        ctx.reported(total=84, dims=dims)
        return "岗位匹配度 is absent from dimensionScores"
    ctx.reported(total=84, dims=dims)
    return "岗位匹配度 score is null"


def s3(ctx: Ctx) -> str:
    first = ctx.reported(total=72, updated=ctx.updated(86400), label="first")
    ctx.reported(total="86.5", dims=HAPPY, previous=first, out_user_id=first.obj.get("outUserId"))
    return "ids[0] retakeCount 0 (72); ids[1] retakeCount 1 (86.5), same interviewId"


def s4(ctx: Ctx) -> str:
    updated = ctx.updated()
    record = ctx.invite(updated - timedelta(hours=1))
    rng = ctx.rng("partial")
    finish = updated - timedelta(minutes=5)
    partial = [
        {"dimName": "沟通能力", "score": 85},
        {"dimName": "逻辑思维", "score": None},
        {"dimName": "岗位匹配度", "score": None},
        {"dimName": "抗压能力", "score": "78"},
        {"dimName": "专业能力", "score": None},
    ]
    ctx.app.state.revise(
        record,
        {
            "interviewStatus": records.FINISHED,
            "startTime": beijing(finish - timedelta(minutes=20)),
            "finishTime": epoch_ms(finish),
            "dimensionScores": partial,
            "videoList": records.videos(rng, record.id, updated + records.MEDIA_TTL),
        },
        when=updated,
    )
    ctx.events.append(("interview.finished", record, record.obj))
    return "interviewStatus 2 (待评分), totalScore null, three dimension scores null"


def s5(ctx: Ctx) -> str:
    record = ctx.reported(total="86.5", dims=HAPPY)
    ctx.events.clear()
    event_id = ctx.deliver("report.generated", record, record.obj)
    if event_id is None:
        return "no webhook_url configured: nothing delivered; use /__sim__/webhooks/send"
    ctx.deliver("report.generated", record, record.obj, event_id=event_id)
    ctx.deliver("report.generated", record, record.obj, v1=True)
    ctx.deliver("report.generated", record, record.obj, v1=True)
    return "delivered: eventId A twice, then the same event twice as v1 (no eventId)"


def s6(ctx: Ctx) -> str:
    record = ctx.reported(total=80, updated=ctx.updated(600))
    older = record.obj
    newer = ctx.app.state.rescore(record, "86.5", None)[0][2]
    ctx.events.clear()
    ctx.deliver("report.updated", record, newer)
    ctx.deliver("report.generated", record, older)
    return "report.updated (newer updateTime, 86.5) delivered before report.generated (older, 80)"


def s7(ctx: Ctx) -> str:
    ctx.many(12)
    variant = optional_text(ctx.params, "variant")
    ctx.fault(kind="rate_limit", path="/openapi/v2/", every=5, variant=variant)
    shape = "a bare HTTP 429" if variant == "http" else "code 42900 in an HTTP 200"
    return f"every 5th /openapi/v2/ call answers {shape}"


def s8(ctx: Ctx) -> str:
    ctx.many(5)
    ctx.fault(kind="html", status=502, path=LIST_PATH, times=2)
    return "the next two result/list calls answer 502 with an HTML page"


def s9(ctx: Ctx) -> str:
    ctx.many(6)
    ctx.fault(
        kind="malformed",
        path=LIST_PATH,
        after=1,
        times=1,
        variant=optional_text(ctx.params, "variant"),
    )
    return "the second result/list call (page 2 with pageSize=3): BOM + trailing comma, charset=GBK"


def s10(ctx: Ctx) -> str:
    ctx.reported(total=105, dims=HAPPY, updated=ctx.updated(2), label="105")
    ctx.reported(total="优秀", dims=HAPPY, updated=ctx.updated(1), label="text")
    ctx.reported(total=FULLWIDTH_86, dims=HAPPY, label="fullwidth")
    return 'three records: totalScore 105, "优秀", "\uff18\uff16" (fullwidth digits)'


def s11(ctx: Ctx) -> str:
    updated = ctx.updated()
    local = (updated - timedelta(minutes=40)).astimezone(BEIJING)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if local < day + timedelta(minutes=30):
        day -= timedelta(days=1)
    record = ctx.invite(day - timedelta(hours=3))
    rng = ctx.rng("times")
    fields = records.scored_fields(rng, record.id, reported_at=updated, total=82)
    start, finish = day + timedelta(minutes=12, seconds=5), day + timedelta(minutes=30)
    state = ctx.app.state
    state.revise(
        record,
        {
            "interviewStatus": records.FINISHED,
            "startTime": beijing(start),
            "finishTime": epoch_ms(finish),
            "videoList": fields["video_list"],
        },
        when=finish,
    )
    state.revise(record, report_changes(fields), when=updated)
    ctx.events.append(("report.generated", record, record.obj))
    ctx.result["expected_finish_utc"] = rfc3339(finish.astimezone(UTC))
    ctx.result["expected_start_utc"] = rfc3339(start.astimezone(UTC))
    return "startTime 00:12:05 naive CST; finishTime (epoch ms) 00:30 CST = 16:30Z the day before"


def s12(ctx: Ctx) -> str:
    ctx.reported(total="86.5", dims=HAPPY, out_user_id=records.ABSENT)
    return "the record has no outUserId key"


def s13(ctx: Ctx) -> str:
    record = ctx.reported(total="86.5", dims=HAPPY)
    ctx.events.clear()
    ctx.events.extend(ctx.app.state.delete(record))
    return "report.deleted; result/detail now answers 40010 记录不存在 and result/list omits it"


def s14(ctx: Ctx) -> str:
    record = ctx.invite(ctx.updated(8 * 86400))
    ctx.events.extend(ctx.app.state.expire(record))
    return "interviewStatus 4 (已过期)"


def s15(ctx: Ctx) -> str:
    ctx.result["applicable"] = False
    return "not applicable: 面试宝 has no OAuth tokens (every call carries X-MSB-AppKey)"


def s16(ctx: Ctx) -> str:
    ctx.many(10)
    count = int_field(ctx.params, "insert", 3, minimum=1)
    ctx.fault(kind="insert", path=LIST_PATH, after=1, times=1, count=count)
    return f"{count} new reports (updateTime = now) appear just before the second result/list call"


def s17(ctx: Ctx) -> str:
    target = optional_text(ctx.params, "record_id")
    if target is None:
        ctx.reported(total="86.5", dims=HAPPY)
        return (
            "totalScore 86.5; call again with record_id (or POST /__sim__/rescore) to drop it to 78"
        )
    record = ctx.app.state.visible(target)
    if record is None or record.status != records.REPORTED:
        raise ControlError(f"{target!r} is not a reported record")
    ctx.result["ids"] = [record.id]
    total = ctx.params.get("totalScore", 78)
    ctx.events.extend(ctx.app.state.rescore(record, total, None))
    return f"report.updated: totalScore {total}"


def s18(ctx: Ctx) -> str:
    ctx.reported(total="86.5", dims=HAPPY, media_expires=ctx.updated(86400))
    return "every videoList[].videoUrl has Expires one day in the past"


def affect(ctx: Ctx) -> str:
    """What an independent 面试宝 server may send besides our simulator's `emotion`: affect
    data under other names, for the whole interview and per question and dimension."""
    malformed = optional_text(ctx.params, "variant") == "malformed"
    record = ctx.reported(total=105 if malformed else "86.5", dims=HAPPY)
    obj = record.obj
    changes = {
        "emotion": {"positive": 0.8123, "neutral": 0.15, "negative": 0.0377},
        "sentimentAnalysis": {"overall": "积极", "score": 0.4242},
        "情绪分析": {"紧张": 0.31, "自信": 0.55},
        "videoList": [
            {**video, "emotion": {"positive": 0.51, "negative": 0.2}, "emotionTrend": [0.4, 0.6]}
            for video in obj.get("videoList") or []
        ],
        "dimensionScores": [
            {**dimension, "emotionLabel": "平静"} for dimension in obj.get("dimensionScores") or []
        ],
    }
    snapshot = ctx.app.state.revise(record, changes, when=ctx.updated())
    ctx.events[-1] = ("report.generated", record, snapshot)
    return (
        "reported, with affect data at the top (emotion, sentimentAnalysis, 情绪分析), per "
        "question (videoList[].emotion, emotionTrend) and per dimension (emotionLabel)"
        + ("; totalScore 105 (variant malformed)" if malformed else "")
    )


SCENARIOS: dict[str, tuple[Callable[[Ctx], str], str]] = {
    "S1": (s1, "Happy path"),
    "S2": (s2, "Missing dimension"),
    "S3": (s3, "Retake"),
    "S4": (s4, "Partial result"),
    "S5": (s5, "Duplicate delivery"),
    "S6": (s6, "Out-of-order"),
    "S7": (s7, "Throttle"),
    "S8": (s8, "HTML 502 then OK"),
    "S9": (s9, "Malformed JSON"),
    "S10": (s10, "Out-of-range and text scores"),
    "S11": (s11, "Time formats"),
    "S12": (s12, "Unmatched candidate"),
    "S13": (s13, "Deletion/erasure"),
    "S14": (s14, "Expired invite"),
    "S15": (s15, "Token expiry (n/a)"),
    "S16": (s16, "Page drift under inserts"),
    "S17": (s17, "Rescore crosses threshold"),
    "S18": (s18, "Signed media URL expired"),
    "AFFECT": (affect, "Affect data everywhere (an independent server)"),
}


def catalogue() -> dict[str, Any]:
    return {
        "scenarios": [
            {"name": k, "title": v[1], "applicable": k != "S15"} for k, v in SCENARIOS.items()
        ]
    }


def run(app: "MianshiBaoApp", params: dict[str, Any]) -> tuple[dict[str, Any], list[Delivery]]:
    name = str(params.get("name", "")).upper()
    if name not in SCENARIOS:
        raise ControlError(f"unknown scenario {params.get('name')!r}; one of {list(SCENARIOS)}")
    builder, title = SCENARIOS[name]
    ctx = Ctx(app, name, params, app.clock.now(), app.state.count(f"scenario-{name}"))
    ctx.result.update(
        {"name": name, "title": title, "vendor": "mianshibao", "applicable": True, "ids": []}
    )
    notes = builder(ctx)
    if ctx.events and params.get("emit", True):
        app.emit_events(ctx.events)
    ids = list(dict.fromkeys(ctx.result["ids"]))
    ctx.result["ids"] = ids
    ctx.result["interview_ids"] = list(
        dict.fromkeys(app.state.records[i].obj["interviewId"] for i in ids)
    )
    ctx.result["records"] = [app.state.records[i].obj for i in ids]
    ctx.result.setdefault("faults", [])
    ctx.result.setdefault("deliveries", [])
    ctx.result["notes"] = notes
    return ctx.result, ctx.outgoing
