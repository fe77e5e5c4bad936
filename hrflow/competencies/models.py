from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow.core.bilingual import in_reader_language


class Dimension(models.Model):
    """A canonical scored trait (communication, logical thinking, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)

    class Meta:
        # Recruiting made the table; the model moved here without moving it.
        db_table = "recruiting_dimension"
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["code"]

    def __str__(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)


# The most proficiency levels a competency is rated on (a scale of 1 .. levels).
COMPETENCY_LEVELS_MAX = 10


class Competency(models.Model):
    """One entry of the company's competency catalogue: what a skill, a review, a course
    and an AI dimension all speak of once mapped (安全意识, 沟通能力 ...).

    The catalogue starts with one competency per canonical dimension; HR renames,
    adds and re-maps as data (`DimensionMapping`).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    # How many proficiency levels the company rates it on (1 .. levels).
    levels = models.PositiveSmallIntegerField(_("levels"), default=5)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)


class DimensionMapping(models.Model):
    """Which competency a canonical dimension's scores count towards.

    The middle link of vendor dimension -> our dimension -> employee skill: a vendor's
    names map to dimensions per connection (integrations), and each dimension maps to
    at most one competency here. A dimension with no mapping yields no skill evidence.
    """

    dimension = models.OneToOneField(
        Dimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        related_name="competency_mapping",
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        related_name="dimension_mappings",
    )

    class Meta:
        verbose_name = _("dimension mapping")
        verbose_name_plural = _("dimension mappings")
        ordering = ["dimension__code"]

    def __str__(self) -> str:
        return f"{self.dimension_id} → {self.competency_id}"
