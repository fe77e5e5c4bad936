"""VueSim's own `/__sim__/` endpoints: candidates, lifecycle changes, bulk data,
scenarios and on-demand webhook deliveries (the shared ones live in base.py)."""

import re
from typing import TYPE_CHECKING, Any

from integrations.simulators import data
from integrations.simulators import vuesim_scenarios as scenarios
from integrations.simulators.base import Router
from integrations.simulators.clock import rfc3339
from integrations.simulators.control_util import (
    boolean_field,
    bulk_made,
    int_field,
    number_field,
    optional_text,
    scenario_made,
)
from integrations.simulators.delivery import Delivery
from integrations.simulators.vuesim_state import Interview
from integrations.simulators.wire import ControlError, SimRequest

if TYPE_CHECKING:
    from integrations.simulators.vuesim import VueSimApp

_DEFAULT_EVENT = {
    "scored": "interview.scored",
    "completed": "interview.completed",
    "scoring": "interview.completed",
    "expired": "interview.expired",
}


def register(app: "VueSimApp", router: Router) -> None:
    def route(method: str, path: str, handler: Any) -> None:
        router.add(method, path, lambda req, match: handler(app, req, match))

    route("GET", r"/__sim__/invitations", _invitations)
    route("POST", r"/__sim__/candidates", _candidates)
    route("GET", r"/__sim__/interviews/(?P<id>[^/]+)", _interview)
    route("POST", r"/__sim__/complete", _complete)
    route("POST", r"/__sim__/rescore", _rescore)
    route("POST", r"/__sim__/delete", _delete)
    route("POST", r"/__sim__/expire", _expire)
    route("POST", r"/__sim__/bulk", _bulk)
    route("GET", r"/__sim__/scenarios", lambda app, req, m: scenarios.catalogue())
    route("POST", r"/__sim__/scenario", _scenario)
    route("POST", r"/__sim__/webhooks/send", _send)


def _invitations(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    with app.lock:
        items = []
        for invitation in app.state.invitations:
            interview = app.state.interviews[invitation["interview_id"]]
            items.append(
                {**invitation, "status": interview.status, "version": interview.obj["version"]}
            )
    return {"invitations": items, "count": len(items)}


def _candidates(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    """Invite candidates without OAuth: `{"count": n}` or `{"candidates": [...]}`."""
    body = request.json_object()
    position_id = optional_text(body, "position_id") or "pos_1"
    position = _position(position_id)
    days = int_field(body, "expires_in_days", 7, minimum=1)
    given = body.get("candidates")
    with app.lock:
        if given is None:
            count = int_field(body, "count", 1, minimum=1)
            given = []
            for _ in range(count):
                number = app.state.count("control-candidate")
                person = data.person(data.rng_for(app.seed, "candidate", number))
                given.append(
                    {
                        "external_id": f"ats-app-{1000 + number}",
                        "first_name": person.first_name,
                        "last_name": person.last_name,
                        "email": person.email(number),
                    }
                )
        if not isinstance(given, list) or not all(isinstance(c, dict) for c in given):
            raise ControlError("candidates must be a list of objects")
        created = [
            app.state.invite(position=position, candidate=c, expires_in_days=days, source="control")
            for c in given
        ]
        invitations = app.state.invitations[-len(created) :] if created else []
        return {"ids": [i.id for i in created], "invitations": invitations}


def _interview(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    with app.lock:
        interview = _find(app, match["id"])
        return {
            "interview": interview.obj,
            "purged": interview.purged,
            "expires_at": rfc3339(interview.expires_at) if interview.expires_at else None,
            "invite_url": interview.invite_url,
            "versions": sorted(interview.history),
        }


def _complete(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    """`{"interview_id": id}` or `{"count": n}`: invited -> completed -> scored."""
    body = request.json_object()
    with app.lock:
        app.emit_events(app.state.expire_due())
        if "interview_id" in body:
            interview = _find(app, str(body["interview_id"]))
            if interview.status != "invited" or interview.purged:
                raise ControlError(f"{interview.id} is {interview.status}, not invited", status=409)
            targets = [interview]
        else:
            count = int_field(body, "count", 1, minimum=1)
            targets = [app.state.interviews[i] for i in list(app.state.pending)[:count]]
        for interview in targets:
            app.emit_events(app.state.complete(interview))
        return {"completed": [i.id for i in targets], "interviews": [i.obj for i in targets]}


def _rescore(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    body = request.json_object()
    rating = number_field(body, "rating")
    overrides = body.get("competencies")
    if overrides is not None and not isinstance(overrides, dict):
        raise ControlError('competencies is {"key": rating-or-null}')
    with app.lock:
        interview = _find(app, str(body.get("interview_id")))
        if interview.status != "scored":
            raise ControlError(f"{interview.id} is {interview.status}, not scored", status=409)
        app.emit_events(app.state.rescore(interview, rating, overrides))
        return {"interview": interview.obj}


def _delete(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    body = request.json_object()
    purge = boolean_field(body, "purge", False)
    with app.lock:
        interview = _find(app, str(body.get("interview_id")))
        app.emit_events(app.state.delete(interview, purge=purge))
        return {"interview": interview.obj, "purged": interview.purged}


def _expire(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    body = request.json_object()
    with app.lock:
        interview = _find(app, str(body.get("interview_id")))
        if interview.status != "invited":
            raise ControlError(f"{interview.id} is {interview.status}, not invited", status=409)
        app.emit_events(app.state.expire(interview))
        return {"interview": interview.obj}


def _bulk(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    """Many scored interviews at once, for ingest benchmarks; no webhooks."""
    return bulk_made(app, request.json_object(), ("external_ids",), "updated_at")


def _scenario(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    return scenario_made(app, request.json_object(), scenarios.run)


def _send(app: "VueSimApp", request: SimRequest, match: re.Match[str]) -> Any:
    """Deliver one event now and report what the receiver answered."""
    body = request.json_object()
    retry = boolean_field(body, "retry", False)
    duplicate = boolean_field(body, "duplicate", False)
    with app.lock:
        interview = _find(app, str(body.get("interview_id")))
        version = body.get("version")
        if version is not None and not isinstance(version, int):
            raise ControlError("version must be an integer")
        snapshot = interview.snapshot(version)
        if snapshot is None:
            raise ControlError(
                f"{interview.id} has no version {version}; see GET /__sim__/interviews/{{id}}"
            )
        event = optional_text(body, "event") or _default_event(interview, snapshot)
        signature = optional_text(body, "signature") or "valid"
        if signature not in {"valid", "invalid", "missing"}:
            raise ControlError("signature is valid, invalid or missing")
        stale = int_field(body, "stale_seconds", 0, minimum=0)
        delivery = app.make_delivery(
            event,
            interview,
            snapshot,
            message_id=optional_text(body, "webhook_id") or optional_text(body, "event_id"),
            payload_mode=optional_text(body, "payload"),
            body_style=optional_text(body, "body_style"),
            signature=signature,
            timestamp_offset_s=int_field(body, "timestamp_offset_s", -stale, minimum=-(10**9)),
            malformed=boolean_field(body, "malformed", False),
            url=optional_text(body, "url"),
        )
    attempts = [app.dispatcher.send_now(delivery, retry=retry and not duplicate)]
    if duplicate:
        attempts.append(app.dispatcher.send_now(delivery, retry=retry))
    return _send_result(delivery, interview, attempts)


def _send_result(delivery: Delivery, interview: Interview, attempts: list[dict[str, Any]]) -> Any:
    last = attempts[-1]
    return {
        "webhook_id": delivery.message_id,
        "event": delivery.event_type,
        "interview_id": interview.id,
        "attempts": attempts,
        "status": last["status"],
        "body": last["response_body"],
        "error": last["error"],
    }


def _default_event(interview: Interview, snapshot: dict[str, Any]) -> str:
    if snapshot.get("deleted"):
        return "interview.deleted"
    event = _DEFAULT_EVENT.get(str(snapshot["status"]))
    if event is None:
        raise ControlError(f"{interview.id} is {snapshot['status']}: give an event")
    return event


def _find(app: "VueSimApp", interview_id: str) -> Interview:
    interview = app.state.interviews.get(interview_id)
    if interview is None:
        raise ControlError(f"no interview {interview_id!r}", status=404, error="not_found")
    return interview


def _position(position_id: str) -> dict[str, Any]:
    for position in data.VUESIM_POSITIONS:
        if position["id"] == position_id:
            return position
    raise ControlError(f"unknown position_id {position_id!r}")
