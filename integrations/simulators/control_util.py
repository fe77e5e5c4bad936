"""Small helpers of the vendor control endpoints: typed fields of a JSON body, and
sending a batch of deliveries once the simulator's lock is released."""

from typing import Any

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
