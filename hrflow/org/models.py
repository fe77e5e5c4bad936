from datetime import date, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class OrgQuerySet(ScopedQuerySet):
    """Departments and locations are reference data every signed-in role may read."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "OrgQuerySet":
        return self.all()

    def active(self) -> "OrgQuerySet":
        return self.filter(is_active=True)


class Department(BaseModel):
    """A unit of the organisation; departments nest to any depth.

    `path` is the materialised path of primary keys ("/1/4/9/"), kept by
    `hrflow.org.services` on create and move, so a whole subtree is one
    indexed prefix query and the tree prints in order by sorting on it.
    """

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    path = models.CharField(_("path"), max_length=400, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="org_department_unique_name_per_parent",
                # Two top-level departments may not share a name either.
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class Location(BaseModel):
    """A place people work or interview: an office, a campus, a plant."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(
        _("rules region"),
        max_length=40,
        blank=True,
        help_text=_(
            "The province or city whose local rules apply to people working here "
            "(leave, holidays), as the legal rules name it, e.g. beijing, shanghai, "
            "guangdong. Empty: the national rules only."
        ),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CN")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    """Days of the week as ISO numbers, the same as `date.isoweekday()`."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


def office_week() -> list[int]:
    """Monday to Friday: the working days a new company starts with."""
    return [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY]


class CompanySettings(BaseModel):
    """The company itself: one row (pk 1), edited by HR admins.

    Its name is what candidates see (messages, careers site, portal); its time
    zone is the one dates and quiet hours are read in. The working calendar is
    the weekly pattern only: statutory holidays and make-up working days come
    as dated data on top of it.
    """

    company_name = models.CharField(
        _("company name"),
        max_length=120,
        default="hrflow",
        help_text=_("Shown to candidates in messages, on the careers site and in the portal."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    working_days = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekday.choices),
        verbose_name=_("working days"),
        default=office_week,
        size=7,
    )
    working_day_start = models.TimeField(_("working day starts"), default=time(9, 0))
    working_day_end = models.TimeField(_("working day ends"), default=time(18, 0))

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")

    def __str__(self) -> str:
        return self.company_name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_working_day(self, day: date) -> bool:
        """By the weekly pattern alone (holidays are not known here)."""
        return day.isoweekday() in self.working_days
