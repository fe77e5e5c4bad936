"""Positions: the seats of the organisation, each in a department, with a headcount."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class PositionQuerySet(ScopedQuerySet["Position"]):
    """Positions are the org's structure, not people data: every signed-in role reads them."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "PositionQuerySet":
        return self.all()

    def active(self) -> "PositionQuerySet":
        return self.filter(is_active=True)


class Position(BaseModel):
    """A position (岗位) with `headcount` seats; filled = people assigned to it on a day."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=160)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    location = models.ForeignKey(
        "org.Location",
        verbose_name=_("work location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_positions",
    )
    job_family = models.CharField(_("job family"), max_length=80, blank=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    headcount = models.PositiveSmallIntegerField(_("headcount"), default=1)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["department", "title"]

    def __str__(self) -> str:
        return self.title
