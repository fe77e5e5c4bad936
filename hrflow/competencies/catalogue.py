"""The competency catalogue a new company starts with: one competency per dimension."""

from typing import Any


def install_competencies(apps: Any) -> None:
    """Give every dimension without a mapping a competency of the same code and names.

    Safe to call again; takes an app registry so a data migration can pass its
    historical models (tests reinstall it after a transactional test flushed the tables).
    A mapping HR changed is never touched.
    """
    dimension = apps.get_model("competencies", "Dimension")
    competency = apps.get_model("competencies", "Competency")
    mapping = apps.get_model("competencies", "DimensionMapping")
    for row in dimension.objects.filter(competency_mapping__isnull=True):
        target, _created = competency.objects.get_or_create(
            code=row.code, defaults={"name_zh": row.name_zh, "name_en": row.name_en}
        )
        mapping.objects.create(dimension=row, competency=target)
