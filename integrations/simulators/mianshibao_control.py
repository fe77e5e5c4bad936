"""面试宝's own `/__sim__/` endpoints: candidates, lifecycle changes, bulk data,
scenarios and on-demand callbacks (the shared ones live in base.py)."""

import re
from typing import TYPE_CHECKING, Any

from integrations.simulators import data
from integrations.simulators import mianshibao_records as records
from integrations.simulators import mianshibao_scenarios as scenarios
from integrations.simulators.base import Router
from integrations.simulators.clock import beijing
from integrations.simulators.control_util import (
    boolean_field,
    bulk_made,
    int_field,
    optional_text,
    scenario_made,
)
from integrations.simulators.mianshibao_state import Record
from integrations.simulators.wire import ControlError, SimRequest

if TYPE_CHECKING:
    from integrations.simulators.mianshibao import MianshiBaoApp

_DEFAULT_EVENT = {
    records.REPORTED: "report.generated",
    records.FINISHED: "interview.finished",
    records.EXPIRED: "interview.expired",
}


def register(app: "MianshiBaoApp", router: Router) -> None:
    def route(method: str, path: str, handler: Any) -> None:
        router.add(method, path, lambda req, match: handler(app, req, match))

    route("GET", r"/__sim__/invitations", _invitations)
    route("POST", r"/__sim__/candidates", _candidates)
    route("GET", r"/__sim__/records/(?P<id>[^/]+)", _record)
    route("POST", r"/__sim__/complete", _complete)
    route("POST", r"/__sim__/rescore", _rescore)
    route("POST", r"/__sim__/delete", _delete)
    route("POST", r"/__sim__/expire", _expire)
    route("POST", r"/__sim__/bulk", _bulk)
    route("GET", r"/__sim__/scenarios", lambda app, req, m: scenarios.catalogue())
    route("POST", r"/__sim__/scenario", _scenario)
    route("POST", r"/__sim__/webhooks/send", _send)


def _invitations(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    with app.lock:
        items = []
        for invitation in app.state.invitations:
            record = app.state.records[invitation["recordId"]]
            items.append(
                {**invitation, "interviewStatus": record.status, "deleted": record.deleted}
            )
    return {"invitations": items, "count": len(items)}


def _candidates(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    """Invite without the API: `{"count": n}` or `{"candidates": [{outUserId, name, ...}]}`."""
    body = request.json_object()
    position_id = optional_text(body, "positionId") or optional_text(body, "position_id") or "P10"
    if position_id not in {p["positionId"] for p in data.MSB_POSITIONS}:
        raise ControlError(f"unknown positionId {position_id!r}")
    given = body.get("candidates")
    with app.lock:
        if given is None:
            given = []
            for _ in range(int_field(body, "count", 1, minimum=1)):
                number = app.state.count("control-candidate")
                rng = data.rng_for(app.seed, "candidate", number)
                person = data.person(rng, chinese=True)
                given.append(
                    {
                        "outUserId": f"ats-app-{1000 + number}",
                        "name": person.display_name,
                        "mobile": data.mobile(rng),
                        "email": person.email(number),
                    }
                )
        if not isinstance(given, list) or not all(isinstance(c, dict) for c in given):
            raise ControlError("candidates must be a list of objects")
        created = [
            app.state.invite(
                position_id=str(c.get("positionId") or position_id),
                out_user_id=c.get("outUserId", records.ABSENT),
                name=str(c.get("name") or "候选人"),
                mobile=c.get("mobile"),
                email=c.get("email"),
                source="control",
            )
            for c in given
        ]
        return {
            "ids": [r.id for r in created],
            "interview_ids": [r.obj["interviewId"] for r in created],
            "invitations": [app.state.invitation_of(r.id) for r in created],
        }


def _record(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    with app.lock:
        record = _find(app, match["id"])
        return {
            "record": record.obj,
            "deleted": record.deleted,
            "revision": record.revision,
            "revisions": sorted(record.history),
            "expireTime": beijing(record.expires_at) if record.expires_at else None,
        }


def _complete(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    """`{"record_id"}`, `{"interview_id"}` or `{"count": n}`: status 0 -> 2 -> 3."""
    body = request.json_object()
    with app.lock:
        app.emit_events(app.state.expire_due())
        if "record_id" in body or "interview_id" in body:
            record = _find(app, str(body.get("record_id") or body.get("interview_id")))
            if record.status != records.INVITED or record.deleted:
                raise ControlError(
                    f"{record.id} has interviewStatus {record.status}, not 0", status=409
                )
            targets = [record]
        else:
            count = int_field(body, "count", 1, minimum=1)
            targets = [app.state.records[i] for i in list(app.state.pending)[:count]]
        for record in targets:
            app.emit_events(app.state.complete(record))
        return {"completed": [r.id for r in targets], "records": [r.obj for r in targets]}


def _rescore(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    body = request.json_object()
    if "totalScore" not in body:
        raise ControlError("totalScore is required (a number or a string, sent as given)")
    dimensions = body.get("dimensions")
    if dimensions is not None and not isinstance(dimensions, dict):
        raise ControlError('dimensions is {"沟通能力": score, ...}')
    with app.lock:
        record = _find(app, str(body.get("record_id")))
        if record.status != records.REPORTED or record.deleted:
            raise ControlError(f"{record.id} has no report to update", status=409)
        app.emit_events(app.state.rescore(record, body["totalScore"], dimensions))
        return {"record": record.obj}


def _delete(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    body = request.json_object()
    with app.lock:
        record = _find(app, str(body.get("record_id")))
        if record.deleted:
            raise ControlError(f"{record.id} is already deleted", status=409)
        app.emit_events(app.state.delete(record))
        return {"record_id": record.id, "deleted": True}


def _expire(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    body = request.json_object()
    with app.lock:
        record = _find(app, str(body.get("record_id")))
        if record.status != records.INVITED:
            raise ControlError(
                f"{record.id} has interviewStatus {record.status}, not 0", status=409
            )
        app.emit_events(app.state.expire(record))
        return {"record": record.obj}


def _bulk(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    return bulk_made(app, request.json_object(), ("external_ids", "outUserIds"), "update_time")


def _scenario(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    return scenario_made(app, request.json_object(), scenarios.run)


def _send(app: "MianshiBaoApp", request: SimRequest, match: re.Match[str]) -> Any:
    """Deliver one callback (or the url_verification challenge) now; report the answer."""
    body = request.json_object()
    retry = boolean_field(body, "retry", False)
    duplicate = boolean_field(body, "duplicate", False)
    event = optional_text(body, "event")
    signature = optional_text(body, "signature") or "valid"
    if signature not in {"valid", "invalid", "missing"}:
        raise ControlError("signature is valid, invalid or missing")
    stale = int_field(body, "stale_seconds", 0, minimum=0)
    options: dict[str, Any] = {
        "signature": signature,
        "timestamp_offset_s": int_field(body, "timestamp_offset_s", -stale, minimum=-(10**9)),
        "malformed": boolean_field(body, "malformed", False),
        "payload_mode": optional_text(body, "payload"),
        "body_style": optional_text(body, "body_style"),
        "url": optional_text(body, "url"),
    }
    for flag in ("v1", "legacy"):
        if flag in body:
            options[flag] = boolean_field(body, flag, False)
    with app.lock:
        if event == "url_verification":
            record_id = ""
            delivery = app.make_callback(
                event, "", None, challenge=optional_text(body, "challenge"), **options
            )
        else:
            record = _find(app, str(body.get("record_id")))
            record_id = record.id
            revision = body.get("revision", body.get("version"))
            if revision is not None and not isinstance(revision, int):
                raise ControlError("revision must be an integer")
            snapshot = record.snapshot(revision)
            if snapshot is None:
                raise ControlError(f"{record.id} has no revision {revision}")
            if event is None:
                event = (
                    "report.deleted"
                    if record.deleted
                    else _DEFAULT_EVENT.get(int(snapshot["interviewStatus"]))
                )
            if event is None:
                raise ControlError(
                    f"{record.id} has interviewStatus {snapshot['interviewStatus']}: give an event"
                )
            delivery = app.make_callback(
                event, record.id, snapshot, event_id=optional_text(body, "event_id"), **options
            )
    attempts = [app.dispatcher.send_now(delivery, retry=retry and not duplicate)]
    if duplicate:
        attempts.append(app.dispatcher.send_now(delivery, retry=retry))
    last = attempts[-1]
    result = {
        "event_id": delivery.message_id,
        "event": delivery.event_type,
        "record_id": record_id,
        "attempts": attempts,
        "status": last["status"],
        "body": last["response_body"],
        "error": last["error"],
        "acknowledged": last["outcome"] == "delivered",
    }
    if delivery.kind == "url_verification":
        result["challenge"] = delivery.challenge
        result["challenge_echoed"] = last["outcome"] == "delivered"
    return result


def _find(app: "MianshiBaoApp", some_id: str) -> Record:
    record = app.state.records.get(some_id)
    if record is None and some_id.startswith("I"):
        record = app.state.latest_of(some_id)
    if record is None:
        raise ControlError(f"no record {some_id!r}", status=404, error="not_found")
    return record
