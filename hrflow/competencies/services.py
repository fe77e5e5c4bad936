"""Writes to the competency catalogue, audited like every HR change."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.competencies.models import (
    COMPETENCY_LEVELS_MAX,
    Competency,
    Dimension,
    DimensionMapping,
)
from hrflow.core.audit import audit_record, audit_record_many, diff_fields
from hrflow.core.errors import ApplicationError


@transaction.atomic
def dimension_create(
    *, code: str, name_zh: str, name_en: str, actor: User | None = None
) -> Dimension:
    """Add a dimension to the catalogue."""
    dimension = Dimension(code=code.strip(), name_zh=name_zh.strip(), name_en=name_en.strip())
    dimension.full_clean()
    dimension.save()
    audit_record(actor=actor, action="competencies.dimension_create", target=dimension)
    return dimension


@transaction.atomic
def dimension_update(
    *, dimension: Dimension, name_zh: str, name_en: str, actor: User | None = None
) -> Dimension:
    """Rename a dimension. Its code never changes: scores, screening rules and
    vendor mappings name the dimension by it."""
    fields = {"name_zh": name_zh.strip(), "name_en": name_en.strip()}
    changes = diff_fields(dimension, fields)
    if not changes:
        return dimension
    for field, value in fields.items():
        setattr(dimension, field, value)
    dimension.full_clean()
    dimension.save(update_fields=list(changes))
    audit_record(
        actor=actor, action="competencies.dimension_update", target=dimension, changes=changes
    )
    return dimension


@transaction.atomic
def competency_save(
    *,
    competency: Competency | None,
    code: str,
    name_zh: str,
    name_en: str,
    description: str = "",
    levels: int = 5,
    is_active: bool = True,
    actor: User | None = None,
) -> Competency:
    """Add a competency to the company's catalogue, or change one (its code stays)."""
    if not 1 <= levels <= COMPETENCY_LEVELS_MAX:
        raise ApplicationError(
            _("A competency is rated on 1 to %(most)s levels.") % {"most": COMPETENCY_LEVELS_MAX},
            extra={"field": "levels"},
        )
    fields = {
        "name_zh": name_zh.strip(),
        "name_en": name_en.strip(),
        "description": description.strip(),
        "levels": levels,
        "is_active": is_active,
    }
    if competency is None:
        competency = Competency(code=code.strip(), **fields)
        competency.full_clean()
        competency.save()
        audit_record(actor=actor, action="competencies.competency_create", target=competency)
        return competency
    changes = diff_fields(competency, fields)
    if not changes:
        return competency
    for field, value in fields.items():
        setattr(competency, field, value)
    competency.full_clean()
    competency.save(update_fields=list(changes))
    audit_record(
        actor=actor, action="competencies.competency_update", target=competency, changes=changes
    )
    return competency


@transaction.atomic
def dimension_map(
    *, dimension: Dimension, competency: Competency, actor: User | None = None
) -> DimensionMapping:
    """Count a dimension's scores towards `competency`, an active one, from now on
    (evidence already drawn keeps the competency it was drawn for: it is never rewritten)."""
    dimension_map_save(competency_ids={dimension.code: competency.pk}, actor=actor)
    return DimensionMapping.objects.get(dimension=dimension)


@transaction.atomic
def dimension_map_save(
    *, competency_ids: Mapping[str, int | None], actor: User | None = None
) -> list[Dimension]:
    """Set which competency each named dimension's scores count towards from now on
    (None: no competency, so its scores give no skill evidence); one change of the map.

    `competency_ids` maps dimension codes to competency ids. Only an active competency
    can be newly chosen. Evidence already drawn keeps the competency it was drawn for:
    evidence is only ever added. Each changed dimension is audited with the old and new
    competency; returns the changed dimensions.
    """
    # Locking the dimensions serialises writers of their mappings, including the first.
    dimensions = {
        dimension.code: dimension
        for dimension in Dimension.objects.select_for_update().filter(code__in=competency_ids)
    }
    unknown = sorted(set(competency_ids) - set(dimensions))
    if unknown:
        raise ApplicationError(
            _("No such AI dimension: %(codes)s.") % {"codes": ", ".join(unknown)},
            extra={"field": unknown[0]},
        )
    mappings = {
        mapping.dimension_id: mapping
        for mapping in DimensionMapping.objects.filter(dimension__in=dimensions.values())
    }
    chosen = Competency.objects.in_bulk([pk for pk in competency_ids.values() if pk is not None])
    changes: list[tuple[Dimension, int | None, int | None]] = []
    for code, competency_id in competency_ids.items():
        dimension = dimensions[code]
        mapping = mappings.get(dimension.pk)
        old = mapping.competency_id if mapping else None
        if old == competency_id:
            continue
        competency = chosen.get(competency_id) if competency_id is not None else None
        if competency_id is not None and (competency is None or not competency.is_active):
            raise ApplicationError(_("Choose an active competency."), extra={"field": code})
        changes.append((dimension, old, competency_id))
    _mappings_write(changes, mappings)
    audit_record_many(
        actor=actor,
        action="competencies.dimension_map",
        changes_by_target=[
            (dimension, {"competency": [old, new]}) for dimension, old, new in changes
        ],
    )
    return [dimension for dimension, _old, _new in changes]


def _mappings_write(
    changes: list[tuple[Dimension, int | None, int | None]],
    mappings: dict[int, DimensionMapping],
) -> None:
    """Delete, create and repoint the mappings the changes name (three statements at most)."""
    removed = [mappings[dimension.pk].pk for dimension, _old, new in changes if new is None]
    added = [
        DimensionMapping(dimension=dimension, competency_id=new)
        for dimension, old, new in changes
        if old is None and new is not None
    ]
    repointed = []
    for dimension, old, new in changes:
        if old is not None and new is not None:
            mapping = mappings[dimension.pk]
            mapping.competency_id = new
            repointed.append(mapping)
    if removed:
        DimensionMapping.objects.filter(pk__in=removed).delete()
    if added:
        DimensionMapping.objects.bulk_create(added)
    if repointed:
        DimensionMapping.objects.bulk_update(repointed, ["competency"])
