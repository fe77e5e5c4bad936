"""The `/__sim__/config` knobs: a default and a validator each, so a typo in a test's
config call fails loudly instead of being ignored."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from integrations.simulators.wire import ControlError

Validator = Callable[[str, Any], Any]


@dataclass(frozen=True)
class Knob:
    default: Any
    validate: Validator
    help: str


def apply(config: dict[str, Any], knobs: Mapping[str, Knob], changes: Mapping[str, Any]) -> None:
    unknown = set(changes) - set(knobs)
    if unknown:
        raise ControlError(f"unknown config key(s) {sorted(unknown)}; known: {sorted(knobs)}")
    validated = {name: knobs[name].validate(name, value) for name, value in changes.items()}
    config.update(validated)


def defaults(knobs: Mapping[str, Knob]) -> dict[str, Any]:
    return {name: _copy(knob.default) for name, knob in knobs.items()}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def boolean(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ControlError(f"{name} must be true or false")
    return value


def text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ControlError(f"{name} must be a non-empty string")
    return value


def optional_url(name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or urlsplit(value).scheme not in {"http", "https"}:
        raise ControlError(f"{name} must be an http(s) URL or null")
    return value


def text_list(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ControlError(f"{name} must be a list of non-empty strings")
    return list(value)


def choice(*options: str) -> Validator:
    def validate(name: str, value: Any) -> str:
        if value not in options:
            raise ControlError(f"{name} must be one of {list(options)}")
        return str(value)

    return validate


def number(*, minimum: float, exclusive: bool = False) -> Validator:
    def validate(name: str, value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ControlError(f"{name} must be a number")
        if value < minimum or (exclusive and value == minimum):
            relation = ">" if exclusive else ">="
            raise ControlError(f"{name} must be {relation} {minimum}")
        return float(value)

    return validate


def integer(*, minimum: int) -> Validator:
    def validate(name: str, value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ControlError(f"{name} must be an integer >= {minimum}")
        return value

    return validate


# Knobs both simulators have.
COMMON: dict[str, Knob] = {
    "webhook_url": Knob(None, optional_url, "where events are POSTed; null = no webhooks"),
    "webhook_enabled": Knob(True, boolean, "false after a 410 (VueSim); set true to re-enable"),
    "auto_webhooks": Knob(True, boolean, "emit events on lifecycle changes (complete, rescore...)"),
    "payload_mode": Knob("thin", choice("thin", "full"), "thin = ids only; full = whole object"),
    "retry_factor": Knob(1 / 600, number(minimum=0), "multiplies the retry schedule's delays"),
    "webhook_timeout_s": Knob(15.0, number(minimum=0, exclusive=True), "per-attempt timeout"),
    "webhook_clock": Knob(
        "real", choice("real", "sim"), "clock of signature timestamps: wall clock or sim clock"
    ),
    "body_style": Knob(
        "compact",
        choice("compact", "pretty", "ascii", "html_escaped"),
        "JSON serialisation of webhook bodies (receivers must verify raw bytes)",
    ),
}
