"""Small helpers of the vendor control endpoints: typed fields of a JSON body, and
sending a batch of deliveries once the simulator's lock is released."""

import time
from datetime import timedelta
from typing import Any

from integrations.simulators.clock import parse_rfc3339
from integrations.simulators.delivery import Delivery, Dispatcher
from integrations.simulators.wire import ControlError


def optional_text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ControlError(f"{key} must be a string")
    return value


def int_field(body: dict[str, Any], key: str, default: int, *, minimum: int) -> int:
    value = body.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ControlError(f"{key} must be an integer >= {minimum}")
    return value


def number_field(body: dict[str, Any], key: str) -> float:
    value = body.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ControlError(f"{key} is required and must be a number")
    return value


def boolean_field(body: dict[str, Any], key: str, default: bool) -> bool:
    value = body.get(key, default)
    if not isinstance(value, bool):
        raise ControlError(f"{key} must be true or false")
    return value


def send_all(dispatcher: Dispatcher, outgoing: list[Delivery]) -> list[dict[str, Any]]:
    """One synchronous attempt each, in order (a scenario's duplicate or out-of-order
    deliveries must reach the receiver in exactly that order)."""
    return [dispatcher.send_now(delivery, retry=False) for delivery in outgoing]


def bulk_made(
    app: Any, body: dict[str, Any], ids_keys: tuple[str, ...], time_key: str
) -> dict[str, Any]:
    """`POST /__sim__/bulk`, both vendors: many scored results at once, no webhooks.

    `ids_keys` name the body's list of candidate references (first present wins);
    `time_key` is the vendor's update-time field, reported for the first and last.
    """
    count = int_field(body, "count", 1000, minimum=1)
    if count > 200_000:
        raise ControlError("count is at most 200000")
    ids: Any = next((body[key] for key in ids_keys if body.get(key)), [])
    if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
        raise ControlError("external_ids must be a list of strings")
    spacing_ms = int_field(body, "spacing_ms", 1000, minimum=0)
    started = time.perf_counter()
    with app.lock:
        end_text = optional_text(body, "end")
        try:
            end = parse_rfc3339(end_text) if end_text else app.clock.now() - timedelta(minutes=5)
        except ValueError as exc:
            raise ControlError(f"end must be RFC 3339: {exc}") from exc
        created = app.state.bulk(count, ids, spacing_ms, end)
        first, last = created[0], created[-1]
        return {
            "created": len(created),
            "first_id": first.id,
            "last_id": last.id,
            f"first_{time_key}": first.obj[TIME_FIELDS[time_key]],
            f"last_{time_key}": last.obj[TIME_FIELDS[time_key]],
            "total_listed": len(app.state.index),
            "seconds": round(time.perf_counter() - started, 3),
        }


# The names the control API reports -> the vendor's own field.
TIME_FIELDS = {"updated_at": "updated_at", "update_time": "updateTime"}


def scenario_made(app: Any, body: dict[str, Any], run: Any) -> dict[str, Any]:
    """`POST /__sim__/scenario`, both vendors; `run` is the vendor's scenario runner."""
    with app.lock:
        result, outgoing = run(app, body)
    # Deliveries go out after the lock is released: our receiver may call back.
    if outgoing:
        result["deliveries"] = send_all(app.dispatcher, outgoing)
    return dict(result)
