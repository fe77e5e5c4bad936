"""Writes to the competency catalogue, audited like every HR change."""

from django.db import transaction

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.audit import audit_record, diff_fields


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
