"""Which hiring channels outside visitors may see on the public careers site."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruiting.models.jobs import Job


class HiringChannelQuerySet(models.QuerySet["HiringChannel"]):
    def internal(self) -> "HiringChannelQuerySet":
        """The channels kept from outside visitors (internal moves, referrals, agencies)."""
        return self.filter(is_public=False)

    def internal_codes(self) -> list[str]:
        return list(self.internal().values_list("code", flat=True))


class HiringChannel(models.Model):
    """A job's hiring channel, as data: whether the public careers site may show it.

    An internal channel's jobs are for employees, referrers or agencies, not
    for visitors: the careers site neither lists them nor offers the channel
    as a filter. A channel without a row is public, so adding one to
    Job.Channel shows it until HR says otherwise (the migration that adds a
    channel adds its row).
    """

    code = models.CharField(_("channel"), max_length=20, choices=Job.Channel.choices, unique=True)
    is_public = models.BooleanField(
        _("shown on the public careers site"),
        default=True,
        help_text=_("Off for internal channels: their jobs are not shown to outside visitors."),
    )

    objects = HiringChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("hiring channel")
        verbose_name_plural = _("hiring channels")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())
