"""Vendor-neutral steps of a mapping: scoring status and a computed overall score."""

from decimal import Decimal

from integrations.contracts import CanonicalDimension, Lifecycle, ScoringStatus
from integrations.mapping import FieldMapping
from integrations.scores import quantize


def computed_overall(
    dimensions: tuple[CanonicalDimension, ...], mapping: FieldMapping
) -> Decimal | None:
    """The mean of the required dimensions (all mapped ones if none is required).

    None when a required dimension is missing: a partial result has no overall.
    """
    scored = {d.canonical_key: d.normalized for d in dimensions if d.canonical_key is not None}
    codes = mapping.required_dimensions or tuple(k for k, v in scored.items() if v is not None)
    values = [scored.get(code) for code in codes]
    present = [value for value in values if value is not None]
    if not values or len(present) < len(values):
        return None
    return quantize(sum(present, Decimal(0)) / len(present))


def scoring_status(
    lifecycle: Lifecycle,
    overall: Decimal | None,
    dimensions: tuple[CanonicalDimension, ...],
    mapping: FieldMapping,
) -> ScoringStatus:
    """FINAL only for a scored result with an overall and every required dimension."""
    assessed = {d.canonical_key for d in dimensions if d.mapped and d.normalized is not None}
    complete = overall is not None and set(mapping.required_dimensions) <= assessed
    if lifecycle == Lifecycle.SCORED:
        return ScoringStatus.FINAL if complete else ScoringStatus.PARTIAL
    if overall is not None or assessed:
        return ScoringStatus.PARTIAL
    return ScoringStatus.NONE
