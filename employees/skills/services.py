"""Writes of the skills feature: evidence other features add, requirements HR sets."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import CompetencyRequirement, Employee, Position, SkillEvidence
from hrflow.accounts.models import User
from hrflow.competencies.models import Competency
from hrflow.core.audit import audit_record, audit_record_many
from hrflow.core.errors import ApplicationError


@dataclass(frozen=True)
class EvidenceIn:
    """One observation another feature hands in (a closed review's competency rating)."""

    employee: Employee
    competency: Competency
    score: Decimal  # 0-100
    assessed_at: datetime
    # Unique per employee and competency: handing the same observation in twice adds
    # nothing ("employees.review:17").
    origin_ref: str


@transaction.atomic
def skill_evidence_add_many(
    *, rows: Sequence[EvidenceIn], source: str, actor: User | None
) -> list[SkillEvidence]:
    """Add evidence of one source; returns the rows that were new (a repeat adds none)."""
    if source not in SkillEvidence.Source.values:
        raise ApplicationError(_("Unknown evidence source."), extra={"field": "source"})
    for row in rows:
        if not Decimal(0) <= row.score <= Decimal(100):
            raise ApplicationError(_("A score is between 0 and 100."), extra={"field": "score"})
    # The rows already there are left out first, so the audit names only what is new;
    # ignore_conflicts still covers a concurrent call adding the same row meanwhile.
    known = set(
        SkillEvidence.objects.filter(
            employee_id__in={row.employee.pk for row in rows},
            origin_ref__in={row.origin_ref for row in rows},
            dimension_code="",
        ).values_list("employee_id", "competency_id", "origin_ref")
    )
    added = SkillEvidence.objects.bulk_create(
        [
            SkillEvidence(
                employee=row.employee,
                competency=row.competency,
                source=source,
                score=row.score,
                assessed_at=row.assessed_at,
                origin_ref=row.origin_ref,
            )
            for row in rows
            if (row.employee.pk, row.competency.pk, row.origin_ref) not in known
        ],
        ignore_conflicts=True,
    )
    audit_record_many(
        actor=actor,
        action="employees.skill_evidence_add",
        changes_by_target=[
            (e.employee, {"competency": e.competency_id, "source": source, "score": str(e.score),
                          "origin": e.origin_ref})
            for e in added
        ],
    )  # fmt: skip
    return added


@transaction.atomic
def requirement_set(
    *,
    competency: Competency,
    level: int | None,
    actor: User | None,
    position: Position | None = None,
    job_family: str = "",
) -> CompetencyRequirement | None:
    """Set (or with `level` None, drop) the level a position or a job family needs."""
    job_family = job_family.strip()
    if (position is None) == (not job_family):
        raise ApplicationError(
            _("Choose either a position or a job family."), extra={"field": "position"}
        )
    if level is not None and not 1 <= level <= competency.levels:
        raise ApplicationError(
            _("The level is between 1 and %(levels)s.") % {"levels": competency.levels},
            extra={"field": "level"},
        )
    owner: dict[str, Position | str | None] = (
        {"position": position} if position else {"position": None, "job_family": job_family}
    )
    existing = (
        CompetencyRequirement.objects.select_for_update()
        .filter(competency=competency, **owner)
        .first()
    )
    old = existing.level if existing else None
    if level is None:
        if existing:
            existing.delete()
        result = None
    elif existing:
        existing.level = level
        existing.save(update_fields=["level"])
        result = existing
    else:
        result = CompetencyRequirement(competency=competency, level=level, **owner)
        result.full_clean()
        result.save()
    if old != level:
        audit_record(
            actor=actor,
            action="employees.requirement_set",
            target=position,
            changes={
                "job_family": job_family,
                "competency": competency.code,
                "level": [old, level],
            },
        )
    return result
