"""What HR's competency pages read: the catalogue and the map of AI dimensions."""

from django.db.models import QuerySet

from hrflow.competencies.models import Competency, Dimension


def competency_list() -> QuerySet[Competency]:
    """The whole catalogue, active competencies first (one query)."""
    return Competency.objects.order_by("-is_active", "code")


def dimension_map_rows() -> QuerySet[Dimension]:
    """Every AI dimension with the competency it counts towards, if any (one query)."""
    return Dimension.objects.select_related("competency_mapping__competency").order_by("code")


def competencies_to_map_to() -> list[Competency]:
    """The competencies a dimension can newly be mapped to: the active ones."""
    return list(Competency.objects.filter(is_active=True).order_by("code"))


def dimension_names() -> dict[str, str]:
    """Each AI dimension's name in the reader's language, by code (reports name them)."""
    return {dimension.code: str(dimension) for dimension in Dimension.objects.all()}
