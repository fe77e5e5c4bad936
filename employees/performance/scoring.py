"""The arithmetic of a review, pure: band scoring of a KPI, weights, the review's score and
the rating it earns. No database here, so each rule is tested at its boundaries alone."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
Band = tuple[Decimal, Decimal]  # (bound, percent)


def bands_parse(direction: str, raw: object) -> tuple[list[Band], list[str]]:
    """Read scoring bands from [[bound, percent], ...]; return them with every problem.

    Lower-is-better bands have rising bounds and falling percents ("≤ 2 → 100, ≤ 3 →
    60"); higher-is-better bands have falling bounds and falling percents ("≥ 100 →
    100, ≥ 80 → 50"). Percents are 0..100. At least one band."""
    problems: list[str] = []
    if not isinstance(raw, list) or not raw:
        return [], [_("Give at least one band: a bound and the percent it earns.")]
    bands: list[Band] = []
    for number, pair in enumerate(raw, start=1):
        try:
            bound, percent = (_decimal(value) for value in pair)
        except (TypeError, ValueError, InvalidOperation):
            problems.append(_("Band %(n)s: a bound and a percent, both numbers.") % {"n": number})
            continue
        if not Decimal(0) <= percent <= HUNDRED:
            problems.append(_("Band %(n)s: the percent is from 0 to 100.") % {"n": number})
        bands.append((bound, percent))
    if problems:
        return [], problems
    rising = direction == "lower"
    for (bound, percent), (next_bound, next_percent) in pairwise(bands):
        if (next_bound <= bound) if rising else (next_bound >= bound):
            problems.append(
                _("Bounds must rise band by band when lower is better.")
                if rising
                else _("Bounds must fall band by band when higher is better.")
            )
            break
        if next_percent > percent:
            problems.append(_("A band further from the target cannot earn more."))
            break
    return ([], problems) if problems else (bands, [])


def band_score(value: Decimal, direction: str, bands: Sequence[Band]) -> Decimal:
    """The percent the first band the value falls in earns; 0 past every band."""
    for bound, percent in bands:
        if (value <= bound) if direction == "lower" else (value >= bound):
            return percent
    return Decimal(0)


def weights_problem(weights: Sequence[Decimal]) -> str | None:
    """Weights of a template's sections (or a section's goals) must sum to exactly 100 %."""
    total = sum(weights, Decimal(0))
    if total != HUNDRED:
        return _("The weights add up to %(total)s %%; they must add up to 100 %%.") % {
            # Fixed-point: normalize() alone writes 110 as 1.1E+2.
            "total": format(total.normalize(), "f")
        }
    return None


def weighted_score(parts: Sequence[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Sum of weight * score / 100 over (weight, score) pairs; None while a weighted part
    is unscored."""
    total = Decimal(0)
    for weight, score in parts:
        if weight == 0:
            continue
        if score is None:
            return None
        total += weight * score / HUNDRED
    return total.quantize(Decimal("0.01"))


def rating_for(score: Decimal, bounds: Sequence[int | str | float]) -> int:
    """The rating (5 down to 1) whose least score the computed score reaches."""
    for rating, bound in zip(range(5, 1, -1), bounds, strict=False):
        if score >= _decimal(bound):
            return rating
    return 1


def rating_percent(rating: int, levels: int) -> Decimal:
    """A rating on 1..levels as a percent (levels of levels is 100)."""
    return (Decimal(rating) * HUNDRED / Decimal(levels)).quantize(Decimal("0.01"))


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(value)
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise ValueError(value)
    return number
