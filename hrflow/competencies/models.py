from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh
