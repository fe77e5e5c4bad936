"""Retakes: each attempt points at the one it supersedes, whichever of them arrived first."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from recruiting.contracts import AssessmentResult
from recruiting.models import Assessment


def attempts_link(pairs: Sequence[tuple[AssessmentResult, Assessment]]) -> dict[int, int]:
    """Point each retake at the attempt it supersedes, whichever of the two arrived first.

    A retake names the attempt it supersedes, or else follows the attempt with
    the next lower number on the same interview, always of the same application.
    Pulled results are recorded by parallel lanes (vendor_lanes), so a retake
    may be stored before the attempt it supersedes: every change re-links the
    attempts around it.
    """
    arms: list[Q] = []
    by_source: dict[str, list[AssessmentResult]] = {}
    for result, _assessment in pairs:
        by_source.setdefault(result.source, []).append(result)
    for source, results in by_source.items():
        ids = {r.external_id for r in results}
        named = {r.attempt_of_external_id for r in results if r.attempt_of_external_id}
        interviews = {r.external_interview_id for r in results if r.external_interview_id}
        retaken = {
            r.external_interview_id
            for r in results
            if r.external_interview_id and r.attempt_no > 1 and not r.attempt_of_external_id
        }
        arms += [
            # retakes that named one of these (the "<> ''" lets the partial index serve)
            Q(source=source, attempt_of_external_id__in=ids) & ~Q(attempt_of_external_id=""),
            Q(source=source, external_interview_id__in=interviews, attempt_no__gt=1),  # later
        ]
        if named:  # the attempts these name
            arms.append(Q(source=source, external_id__in=named))
        if retaken:  # every attempt before a retake here
            arms.append(Q(source=source, external_interview_id__in=retaken))
    # The rows around these results (usually none: most results are first attempts
    # that nothing waits for), then these results' own rows, as written just now.
    # A UNION of plain lookups: PostgreSQL plans an OR of these lists several times
    # slower than it runs it.
    columns = (
        "pk",
        "application_id",
        "source",
        "external_id",
        "external_interview_id",
        "attempt_no",
        "attempt_of_id",
        "attempt_of_external_id",
    )
    first, *rest = (Assessment.objects.filter(arm).order_by().values_list(*columns) for arm in arms)
    found = {row[0]: _Attempt(*row) for row in first.union(*rest, all=True)}
    retakes = [
        result for result, _ in pairs if result.attempt_of_external_id or result.attempt_no > 1
    ]
    if not found and not retakes:
        return {}
    for _result, assessment in pairs:
        found[assessment.pk] = _Attempt(
            assessment.pk,
            assessment.application_id,
            assessment.source,
            assessment.external_id,
            assessment.external_interview_id,
            assessment.attempt_no,
            assessment.attempt_of_id,
            assessment.attempt_of_external_id,
        )
    rows = list(found.values())
    # Attempts are one application's: a retake naming another's result (by its id
    # or its interview) links nothing, so the link cannot tell that the result exists.
    by_id = {(row.application, row.source, row.external_id): row for row in rows}
    attempts: dict[tuple[int, str, str], list[_Attempt]] = {}
    for row in rows:
        if row.interview:
            attempts.setdefault((row.application, row.source, row.interview), []).append(row)
    links: dict[int, int] = {}
    for row in rows:
        target = _superseded(row, attempts, by_id)
        if target is not None and row.attempt_of != target.pk:
            links[row.pk] = target.pk
    Assessment.objects.bulk_update(
        [Assessment(pk=pk, attempt_of_id=target) for pk, target in links.items()], ["attempt_of"]
    )
    return links  # assessment -> the attempt it now points at, for the changed ones


@dataclass(frozen=True)
class _Attempt:
    pk: int
    application: int
    source: str
    external_id: str
    interview: str
    number: int
    attempt_of: int | None
    named_previous: str


def _superseded(
    row: _Attempt,
    attempts: dict[tuple[int, str, str], list[_Attempt]],
    by_id: dict[tuple[int, str, str], _Attempt],
) -> _Attempt | None:
    if row.named_previous:
        return by_id.get((row.application, row.source, row.named_previous))
    if row.number <= 1 or not row.interview:
        return None
    earlier = [
        other
        for other in attempts[(row.application, row.source, row.interview)]
        if other.number < row.number and other.pk != row.pk
    ]
    return max(earlier, key=lambda other: (other.number, other.pk), default=None)
