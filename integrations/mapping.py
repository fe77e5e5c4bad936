"""A connection's field mapping: data HR admins edit, validated before it is saved.

It says which vendor dimension is which canonical dimension, the scales of
the overall and dimension scores, how the vendor's verdict and status words
read, and the time zone of the vendor's naive timestamps. Adapters seed it
with the defaults of their spec; the mapping functions read only this.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from integrations.contracts import Lifecycle, Scale, Verdict
from integrations.errors import ConfigError
from integrations.scores import clean_key

SCALE_TYPES = ("linear", "ordinal", "percentile")


@dataclass(frozen=True)
class FieldMapping:
    dimensions: Mapping[str, str]  # clean vendor key -> canonical dimension code
    overall_scale: Scale
    dimension_scale: Scale
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    statuses: Mapping[str, Lifecycle] = field(default_factory=dict)
    timezone: str = "UTC"
    keep_affect: bool = False
    required_dimensions: tuple[str, ...] = ()

    def canonical_for(self, vendor_key: str) -> str | None:
        return self.dimensions.get(clean_key(vendor_key))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def to_json(self) -> dict[str, Any]:
        return {
            "dimensions": dict(sorted(self.dimensions.items())),
            "overall_scale": scale_to_json(self.overall_scale),
            "dimension_scale": scale_to_json(self.dimension_scale),
            "verdicts": {key: value.value for key, value in self.verdicts.items()},
            "statuses": {key: value.value for key, value in self.statuses.items()},
            "timezone": self.timezone,
            "keep_affect": self.keep_affect,
            "required_dimensions": list(self.required_dimensions),
        }


def mapping_from_json(
    data: Mapping[str, Any], *, known_dimensions: Iterable[str] | None = None
) -> FieldMapping:
    """Parse and check a mapping; every problem is named in one ConfigError."""
    problems: list[str] = []
    known = set(known_dimensions) if known_dimensions is not None else None
    dimensions: dict[str, str] = {}
    raw_dimensions = data.get("dimensions", {})
    if not isinstance(raw_dimensions, Mapping):
        problems.append("dimensions: expected an object of vendor name -> dimension code")
        raw_dimensions = {}
    for vendor_key, code in raw_dimensions.items():
        key = clean_key(str(vendor_key))
        if not key:
            problems.append("dimensions: an empty vendor name")
        elif not isinstance(code, str) or (known is not None and code not in known):
            problems.append(f"dimensions: {vendor_key!r} -> {code!r} is not a known dimension")
        elif key in dimensions and dimensions[key] != code:
            problems.append(f"dimensions: {vendor_key!r} is mapped twice")
        else:
            dimensions[key] = code
    overall = _scale(data.get("overall_scale"), "overall_scale", problems)
    per_dimension = _scale(data.get("dimension_scale"), "dimension_scale", problems)
    verdicts = _enum_table(data.get("verdicts", {}), Verdict, "verdicts", problems)
    statuses = _enum_table(data.get("statuses", {}), Lifecycle, "statuses", problems)
    timezone = str(data.get("timezone", "UTC"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"timezone: {timezone!r} is not a time zone name")
    keep_affect = data.get("keep_affect", False)
    if not isinstance(keep_affect, bool):
        problems.append("keep_affect: expected true or false")
    required = data.get("required_dimensions", [])
    if not isinstance(required, list) or not all(isinstance(code, str) for code in required):
        problems.append("required_dimensions: expected a list of dimension codes")
        required = []
    elif known is not None and (unknown := sorted(set(required) - known)):
        problems.append(f"required_dimensions: unknown {', '.join(unknown)}")
    if problems:
        raise ConfigError("; ".join(problems))
    assert overall is not None
    assert per_dimension is not None
    return FieldMapping(
        dimensions=dimensions,
        overall_scale=overall,
        dimension_scale=per_dimension,
        verdicts=verdicts,
        statuses=statuses,
        timezone=timezone,
        keep_affect=bool(keep_affect),
        required_dimensions=tuple(required),
    )


def scale_to_json(scale: Scale) -> dict[str, Any]:
    data: dict[str, Any] = {"type": scale.type}
    if scale.type == "linear":
        data |= {"min": str(scale.min), "max": str(scale.max)}
    if scale.type == "ordinal":
        data["levels"] = {k: None if v is None else str(v) for k, v in scale.levels}
    return data


def _scale(data: Any, name: str, problems: list[str]) -> Scale | None:
    if not isinstance(data, Mapping) or data.get("type") not in SCALE_TYPES:
        problems.append(f"{name}: expected an object with type one of {', '.join(SCALE_TYPES)}")
        return None
    kind = data["type"]
    if kind == "linear":
        try:
            low, high = Decimal(str(data.get("min"))), Decimal(str(data.get("max")))
        except InvalidOperation:
            problems.append(f"{name}: min and max must be numbers")
            return None
        if not (low.is_finite() and high.is_finite() and high > low):
            problems.append(f"{name}: max must be greater than min")
            return None
        return Scale("linear", low, high)
    if kind == "ordinal":
        levels = data.get("levels")
        if not isinstance(levels, Mapping) or not levels:
            problems.append(f"{name}: an ordinal scale needs its levels")
            return None
        parsed: list[tuple[str, Decimal | None]] = []
        for level, value in levels.items():
            try:
                number = None if value is None else Decimal(str(value))
            except InvalidOperation:
                number = Decimal(-1)
            if number is not None and not (number.is_finite() and 0 <= number <= 100):
                problems.append(f"{name}: level {level!r} must map to 0-100 or null")
            parsed.append((clean_key(str(level)), number))
        return Scale("ordinal", levels=tuple(parsed))
    return Scale("percentile", Decimal(0), Decimal(100))


def _enum_table(data: Any, enum: Any, name: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        problems.append(f"{name}: expected an object")
        return {}
    table = {}
    for key, value in data.items():
        if value not in enum.__members__:
            choices = ", ".join(enum.__members__)
            problems.append(f"{name}: {key!r} -> {value!r} is not one of {choices}")
        else:
            table[clean_key(str(key))] = enum[value]
    return table
