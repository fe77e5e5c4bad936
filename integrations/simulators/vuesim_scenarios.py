"""VueSim's realisation of the scenario catalogue (docs/vendors/scenarios.md, S1-S18).

Each scenario creates its interviews directly in the simulator's state (with a real
version history: invited -> completed -> scored), may install fault rules or change a
knob, and may queue webhook deliveries that the control layer sends once the lock is
released. `run` returns what it made, so a test can assert on the ids.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from integrations.simulators import data
from integrations.simulators import vuesim_records as records
from integrations.simulators.clock import BEIJING, rfc3339, truncate_ms
from integrations.simulators.control_util import int_field, optional_text
from integrations.simulators.delivery import Delivery
from integrations.simulators.vuesim_state import Event, Interview
from integrations.simulators.wire import ControlError

if TYPE_CHECKING:
    from integrations.simulators.vuesim import VueSimApp

HAPPY: dict[str, float | int | None] = {
    "communication": 4,
    "problem_solving": 5,
    "role_fit": 4,
    "collaboration": 4,
    "technical_knowledge": 4,
}


@dataclass
class Ctx:
    app: "VueSimApp"
    name: str
    params: dict[str, Any]
    now: datetime
    number: int
    result: dict[str, Any] = field(default_factory=dict)
    outgoing: list[Delivery] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def rng(self, *labels: object) -> Any:
        return data.rng_for(self.app.seed, "scenario", self.name, self.number, *labels)

    def external_id(self, default: str | None = None) -> str:
        given = optional_text(self.params, "external_id") or optional_text(self.params, "outUserId")
        return given or default or f"ats-{self.name.lower()}-{self.number}"

    def updated(self, back_seconds: float = 0) -> datetime:
        age = int_field(self.params, "age_seconds", 0, minimum=0)
        return truncate_ms(self.now - timedelta(seconds=age + back_seconds))

    def position(self) -> dict[str, Any]:
        wanted = optional_text(self.params, "position_id") or "pos_1"
        for position in data.VUESIM_POSITIONS:
            if position["id"] == wanted:
                return position
        raise ControlError(f"unknown position_id {wanted!r}")

    def scored(
        self,
        *,
        overall: float | None = 4.2,
        ratings: dict[str, float | int | None] | None = None,
        updated: datetime | None = None,
        external_id: str | None = None,
        attempt: int = 1,
        previous: Interview | None = None,
        media_expires: datetime | None = None,
        tz: timezone = UTC,
        label: object = 0,
    ) -> Interview:
        """invited (2 h before) -> completed -> scored at `updated`."""
        updated = updated or self.updated()
        interview = self.invite(updated - timedelta(hours=2), external_id, tz=tz, previous=previous)
        rng = self.rng("scored", label)
        fields = records.scored_fields(
            rng, interview.id, scored_at=updated, overall=overall, media_expires=media_expires
        )
        if ratings is not None:
            fields["competencies"] = records.competencies(rng, dict(ratings))
        state = self.app.state
        state.revise(
            interview,
            {
                "status": "completed",
                "attempt": attempt,
                "previous_attempt_id": previous.id if previous else None,
                "started_at": rfc3339(fields["started_at"], tz),
                "completed_at": rfc3339(fields["completed_at"], tz),
                "responses": fields["responses"],
            },
            when=fields["completed_at"],
        )
        state.revise(
            interview,
            {
                "status": "scored",
                "overall": fields["overall"],
                "competencies": fields["competencies"],
                "sentiment": fields["sentiment"],
                "report_url": fields["report_url"],
            },
            when=updated,
        )
        self.events.append(("interview.scored", interview, interview.obj))
        return interview

    def invite(
        self,
        when: datetime,
        external_id: str | None = None,
        *,
        tz: timezone = UTC,
        previous: Interview | None = None,
    ) -> Interview:
        person = data.person(self.rng("person", len(self.result.get("ids", []))))
        candidate = {
            "external_id": external_id or self.external_id(),
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email(self.number),
        }
        interview = self.app.state.invite(
            position=self.position(),
            candidate=candidate,
            expires_in_days=7,
            source=f"scenario:{self.name}",
            when=when,
            tz=tz,
        )
        if previous is not None:
            # A retake is the same vendor candidate.
            interview.obj = {**interview.obj, "candidate": previous.obj["candidate"]}
            interview.history[1] = interview.obj
        self.result.setdefault("ids", []).append(interview.id)
        return interview

    def many(self, default_count: int) -> list[Interview]:
        count = int_field(self.params, "count", default_count, minimum=1)
        return [
            self.scored(overall=None, updated=self.updated(count - 1 - i), label=i)
            for i in range(count)
        ]

    def fault(self, **rule: Any) -> None:
        added = self.app.faults.add([rule], self.app.fault_kinds)
        self.result.setdefault("faults", []).extend(r.to_json() for r in added)

    def deliver(self, event: str, interview: Interview, snapshot: dict[str, Any], **kw: Any) -> str:
        """Queue an explicit delivery (sent after the lock); returns its webhook-id."""
        if not self.app.config["webhook_url"]:
            return ""
        mode = optional_text(self.params, "payload")
        delivery = self.app.make_delivery(event, interview, snapshot, payload_mode=mode, **kw)
        self.outgoing.append(delivery)
        return delivery.message_id or ""


def s1(ctx: Ctx) -> str:
    ctx.scored(ratings=HAPPY)
    return "scored, overall 4.2 / 1-5 (normalises to 80.00), recommendation yes"


def s2(ctx: Ctx) -> str:
    ctx.scored(ratings={**HAPPY, "role_fit": None})
    return "role_fit.rating is null with rationale 'not assessed'"


def s3(ctx: Ctx) -> str:
    first = ctx.scored(overall=3.4, updated=ctx.updated(86400), label="first")
    ctx.scored(
        overall=4.2, attempt=2, previous=first, external_id=first.obj["candidate"]["external_id"]
    )
    return "ids[0] is attempt 1 (3.4); ids[1] is attempt 2 (4.2) with previous_attempt_id = ids[0]"


def s4(ctx: Ctx) -> str:
    updated = ctx.updated()
    interview = ctx.invite(updated - timedelta(hours=1))
    rng = ctx.rng("partial")
    started = updated - timedelta(minutes=40)
    partial = {**HAPPY, "problem_solving": 3, "role_fit": None, "collaboration": None}
    partial["technical_knowledge"] = None
    ctx.app.state.revise(
        interview,
        {
            "status": "scoring",
            "started_at": rfc3339(started),
            "completed_at": rfc3339(started + timedelta(minutes=18)),
            "overall": None,
            "competencies": records.competencies(rng, dict(partial), missing_note="pending"),
            "responses": records.responses(
                rng, interview.id, media_expires=updated + records.MEDIA_TTL
            ),
        },
        when=updated,
    )
    ctx.events.append(("interview.completed", interview, interview.obj))
    return "status scoring, overall null, three competencies still null"


def s5(ctx: Ctx) -> str:
    interview = ctx.scored(ratings=HAPPY)
    ctx.events.clear()  # this scenario's deliveries are explicit
    first = ctx.deliver("interview.scored", interview, interview.obj)
    if first:
        ctx.deliver("interview.scored", interview, interview.obj, message_id=first)
        ctx.deliver("interview.scored", interview, interview.obj)
        return "delivered: webhook-id A, A again (duplicate), then the same event with a new id"
    return "no webhook_url configured: nothing delivered; use /__sim__/webhooks/send"


def s6(ctx: Ctx) -> str:
    updated = ctx.updated()
    interview = ctx.invite(updated - timedelta(hours=2))
    rng = ctx.rng("versions")
    fields = records.scored_fields(
        rng, interview.id, scored_at=updated - timedelta(minutes=10), overall=4.0
    )
    state = ctx.app.state
    v2 = state.revise(
        interview,
        {
            "status": "scored",
            "started_at": rfc3339(fields["started_at"]),
            "completed_at": rfc3339(fields["completed_at"]),
            "overall": fields["overall"],
            "competencies": fields["competencies"],
            "responses": fields["responses"],
            "sentiment": fields["sentiment"],
            "report_url": fields["report_url"],
        },
        when=updated - timedelta(minutes=10),
    )
    v3 = state.rescore(interview, 4.4)[0][2]
    ctx.deliver("interview.rescored", interview, v3)
    ctx.deliver("interview.scored", interview, v2)
    return "v2 scored 4.0, v3 rescored 4.4; deliveries (if configured): v3 first, then v2"


def s7(ctx: Ctx) -> str:
    ctx.many(12)
    ctx.fault(kind="rate_limit", path="/api/v1/", every=5, retry_after=2)
    return "every 5th /api/v1/ call answers 429 with Retry-After: 2"


def s8(ctx: Ctx) -> str:
    ctx.many(5)
    ctx.fault(kind="status", status=503, path="/api/v1/interviews", times=2)
    return "the next two /api/v1/interviews calls answer 503"


def s9(ctx: Ctx) -> str:
    ctx.many(6)
    ctx.fault(kind="malformed", method="GET", path="/api/v1/interviews", after=1, times=1)
    return "the second /api/v1/interviews call (page 2 with per_page=3) returns truncated JSON"


def s10(ctx: Ctx) -> str:
    if optional_text(ctx.params, "variant") == "overall":
        interview = ctx.scored(ratings=HAPPY)
        interview.obj = {**interview.obj, "overall": records.overall_block(6)}
        interview.history[interview.obj["version"]] = interview.obj
        interview.cache = None
        return "overall.rating 6 on a 1-5 scale"
    ctx.scored(ratings={**HAPPY, "communication": 6})
    return "communication rating 6 on a 1-5 scale"


def s11(ctx: Ctx) -> str:
    updated = ctx.updated()
    # The latest Beijing day whose 00:30 is at least 10 minutes ago.
    local = (updated - timedelta(minutes=40)).astimezone(BEIJING)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if local < day + timedelta(minutes=30):
        day -= timedelta(days=1)
    interview = ctx.invite(day - timedelta(hours=3), tz=BEIJING)
    rng = ctx.rng("times")
    fields = records.scored_fields(rng, interview.id, scored_at=updated, overall=3.8)
    started, completed = (
        day + timedelta(minutes=12, seconds=5, milliseconds=250),
        day + timedelta(minutes=30),
    )
    state = ctx.app.state
    state.revise(
        interview,
        {
            "status": "completed",
            "started_at": rfc3339(started, BEIJING),
            "completed_at": rfc3339(completed, BEIJING),
            "responses": fields["responses"],
        },
        when=completed,
    )
    scored = {k: fields[k] for k in ("overall", "competencies", "sentiment", "report_url")}
    state.revise(interview, {"status": "scored", **scored}, when=updated)
    ctx.events.append(("interview.scored", interview, interview.obj))
    ctx.result["expected_completed_at_utc"] = rfc3339(completed.astimezone(UTC))
    return "all times RFC 3339 with +08:00; completed_at is 00:30 +08:00 = 16:30Z the previous day"


def s12(ctx: Ctx) -> str:
    default = "ext-unmatched-" + data.hex_token(ctx.rng("unmatched"), 8)
    ctx.scored(ratings=HAPPY, external_id=ctx.external_id(default))
    return "candidate.external_id matches no application of ours"


def s13(ctx: Ctx) -> str:
    state = ctx.app.state
    kept = ctx.scored(ratings=HAPPY, updated=ctx.updated(60), label="tombstone")
    purged = ctx.scored(ratings=HAPPY, updated=ctx.updated(30), label="purged")
    ctx.events.clear()
    ctx.events.extend(state.delete(kept, purge=False))
    ctx.events.extend(state.delete(purged, purge=True))
    return "ids[0]: deleted:true tombstone still listed; ids[1]: deleted and purged (404)"


def s14(ctx: Ctx) -> str:
    interview = ctx.invite(ctx.updated(8 * 86400))
    ctx.events.extend(ctx.app.state.expire(interview))
    return "an invitation that was never taken: status expired"


def s15(ctx: Ctx) -> str:
    ctx.many(10)
    ttl = int_field(ctx.params, "token_ttl_s", 3, minimum=0)
    ctx.app.config["token_ttl_s"] = ttl
    ctx.result["config"] = {"token_ttl_s": ttl}
    return f"tokens now live {ttl} s: advance the clock (or wait) mid-pagination"


def s16(ctx: Ctx) -> str:
    ctx.many(10)
    ctx.fault(kind="cursor_expiry", times=1)
    return "the first request that follows a cursor answers 422 cursor_expired"


def s17(ctx: Ctx) -> str:
    target = optional_text(ctx.params, "interview_id")
    if target is None:
        ctx.scored(ratings=HAPPY)
        return (
            "scored 4.2; call again with interview_id (or POST /__sim__/rescore) to rescore to 3.8"
        )
    interview = ctx.app.state.interviews.get(target)
    if interview is None or interview.status != "scored":
        raise ControlError(f"{target!r} is not a scored interview")
    rating = ctx.params.get("rating", 3.8)
    if not isinstance(rating, int | float) or isinstance(rating, bool):
        raise ControlError("rating must be a number")
    ctx.result["ids"] = [interview.id]
    ctx.events.extend(ctx.app.state.rescore(interview, rating))
    return f"rescored to {rating} (interview.rescored)"


def s18(ctx: Ctx) -> str:
    ctx.scored(ratings=HAPPY, media_expires=ctx.updated(86400))
    return "every responses[].video_url has exp one day in the past"


def affect(ctx: Ctx) -> str:
    """What an independent VueSim server may send besides our simulator's `sentiment`: affect
    data under other names, for the whole interview and per answer and competency."""
    malformed = optional_text(ctx.params, "variant") == "malformed"
    interview = ctx.scored(ratings={**HAPPY, "communication": 6} if malformed else HAPPY)
    obj = interview.obj
    changes = {
        "sentiment": {
            "overall": {"label": "positive", "confidence": 0.8123},
            "by_question": [{"question_id": "q1", "label": "anxious", "confidence": 0.61}],
        },
        "emotion": {"joy": 0.4242, "anger": 0.0123, "dominant": "joy"},
        "facialAffect": {"model": "fa-2", "valence": 0.33},
        "overall": {**obj["overall"], "sentimentScore": 0.77},
        "responses": [
            {
                **response,
                "sentiment": {"label": "nervous", "confidence": 0.58},
                "emotion_scores": {"fear": 0.21, "calm": 0.64},
            }
            for response in obj.get("responses") or []
        ],
        "competencies": [
            {**competency, "emotionalTone": "confident"} for competency in obj["competencies"]
        ],
    }
    snapshot = ctx.app.state.revise(interview, changes, when=ctx.updated())
    ctx.events[-1] = ("interview.scored", interview, snapshot)
    return (
        "scored, with affect data at the top (sentiment, emotion, facialAffect), in overall, "
        "per response (sentiment, emotion_scores) and per competency (emotionalTone)"
        + ("; communication rated 6 (variant malformed)" if malformed else "")
    )


SCENARIOS: dict[str, tuple[Callable[[Ctx], str], str]] = {
    "S1": (s1, "Happy path"),
    "S2": (s2, "Missing dimension"),
    "S3": (s3, "Retake"),
    "S4": (s4, "Partial result"),
    "S5": (s5, "Duplicate delivery"),
    "S6": (s6, "Out-of-order"),
    "S7": (s7, "429"),
    "S8": (s8, "5xx then OK"),
    "S9": (s9, "Malformed JSON"),
    "S10": (s10, "Out-of-range score"),
    "S11": (s11, "Time formats"),
    "S12": (s12, "Unmatched candidate"),
    "S13": (s13, "Deletion/erasure"),
    "S14": (s14, "Expired invite"),
    "S15": (s15, "Token expiry mid-paging"),
    "S16": (s16, "Cursor expiry"),
    "S17": (s17, "Rescore crosses threshold"),
    "S18": (s18, "Signed media URL expired"),
    "AFFECT": (affect, "Affect data everywhere (an independent server)"),
}


def catalogue() -> dict[str, Any]:
    return {
        "scenarios": [{"name": k, "title": v[1], "applicable": True} for k, v in SCENARIOS.items()]
    }


def run(app: "VueSimApp", params: dict[str, Any]) -> tuple[dict[str, Any], list[Delivery]]:
    """Build one scenario under the caller's lock; deliveries are returned, not sent."""
    name = str(params.get("name", "")).upper()
    if name not in SCENARIOS:
        raise ControlError(f"unknown scenario {params.get('name')!r}; one of {list(SCENARIOS)}")
    builder, title = SCENARIOS[name]
    ctx = Ctx(app, name, params, app.clock.now(), app.state.count(f"scenario-{name}"))
    ctx.result.update(
        {"name": name, "title": title, "vendor": "vuesim", "applicable": True, "ids": []}
    )
    notes = builder(ctx)
    if ctx.events and params.get("emit", True):
        app.emit_events(ctx.events)
    ids = list(dict.fromkeys(ctx.result["ids"]))
    ctx.result["ids"] = ids
    ctx.result["interviews"] = [app.state.interviews[i].obj for i in ids]
    ctx.result.setdefault("faults", [])
    ctx.result.setdefault("deliveries", [])
    ctx.result["notes"] = notes
    return ctx.result, ctx.outgoing
