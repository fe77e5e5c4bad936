"""Working time as data: the holiday calendar, shifts, rotations and each employee's
working-hour system (docs/TIME.md).

The calendar holds only the days that differ from the company's usual week: statutory
holidays (法定节假日, paid 300 % when worked), the other days off of a holiday break (休息日
moved by 调休, 200 %), make-up working days (调休上班) and the company's own holidays. Every
other day is a workday or a rest day by `CompanySettings.working_days`.
"""

from datetime import date
from typing import Any, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employees.models.people import Employee
from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class DayKind(models.TextChoices):
    WORKDAY = "workday", _("Workday")
    REST_DAY = "rest_day", _("Rest day")
    STATUTORY_HOLIDAY = "statutory_holiday", _("Statutory holiday")
    COMPANY_HOLIDAY = "company_holiday", _("Company holiday")


class WorkingTimeDataQuerySet(ScopedQuerySet[Any]):
    """The calendar, shifts and patterns are the company's rules, not people data: every
    signed-in role reads them; only HR admins change them."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> Self:
        return self.all()


class CalendarDay(BaseModel):
    """One day that is not what the usual week says: national (region empty), a
    province's or city's own, or the company's (`company`)."""

    day = models.DateField(_("day"))
    region = models.CharField(
        _("region"), max_length=40, blank=True, help_text=_("Empty for the whole country.")
    )
    company = models.BooleanField(
        _("company day"), default=False, help_text=_("Set by the company, not by the law.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    source_title = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)

    objects = WorkingTimeDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["day", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "region", "company"], name="employees_calendar_day_once"
            ),
            # The law makes statutory holidays; the company only adds days off or makes
            # a workday of its own (a company outing is not a statutory holiday).
            models.CheckConstraint(
                condition=~Q(company=True, kind="statutory_holiday"),
                name="employees_calendar_company_not_statutory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.region or 'CN'} {self.kind}"


class Shift(BaseModel):
    """A planned working window. One that ends at or before its start ends the next day
    (a night shift); it belongs to the day it starts, so it counts once."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    break_minutes = models.PositiveSmallIntegerField(_("unpaid break (minutes)"), default=60)
    late_grace_minutes = models.PositiveSmallIntegerField(
        _("lateness allowed (minutes)"), default=0
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = WorkingTimeDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts", "code"]

    def __str__(self) -> str:
        return f"{self.name} {self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def crosses_midnight(self) -> bool:
        return self.ends <= self.starts

    @property
    def span_minutes(self) -> int:
        start = self.starts.hour * 60 + self.starts.minute
        end = self.ends.hour * 60 + self.ends.minute
        return (end - start) % (24 * 60) or 24 * 60

    @property
    def work_minutes(self) -> int:
        return max(self.span_minutes - self.break_minutes, 0)


class ShiftPattern(BaseModel):
    """What an employee works day by day.

    `follows_calendar`: the office week: `shift` on every workday of the calendar
    (make-up Saturdays included), nothing on rest days and holidays. Otherwise a
    rotation: `cycle` lists shift codes (empty string = day off) repeated from `anchor`,
    whatever the calendar says (a plant runs on holidays; the pay rate still follows
    the calendar).
    """

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)
    follows_calendar = models.BooleanField(_("follows the holiday calendar"), default=True)
    shift = models.ForeignKey(
        Shift,
        verbose_name=_("shift on workdays"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cycle = models.JSONField(_("rotation"), default=list, blank=True)
    anchor = models.DateField(_("rotation starts"), null=True, blank=True)

    objects = WorkingTimeDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift pattern")
        verbose_name_plural = _("shift patterns")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follows_calendar=False) | Q(shift__isnull=False),
                name="employees_pattern_office_has_shift",
            ),
            models.CheckConstraint(
                condition=Q(follows_calendar=True) | Q(anchor__isnull=False),
                name="employees_pattern_rotation_has_anchor",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def shift_code_on(self, day: date) -> str:
        """The rotation's shift code on `day` ("" for a day off); rotations only."""
        cycle = list(self.cycle or [])
        if not cycle or self.anchor is None:
            return ""
        return str(cycle[(day - self.anchor).days % len(cycle)] or "")


class WorkingHourSystem(models.TextChoices):
    STANDARD = "standard", _("Standard hours")
    COMPREHENSIVE = "comprehensive", _("Comprehensive hours (综合计算工时)")
    FLEXIBLE = "flexible", _("Flexible hours (不定时)")


class ComprehensivePeriod(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class WorkArrangementQuerySet(ScopedQuerySet["WorkArrangement"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "WorkArrangementQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))

    def as_of(self, day: date) -> "WorkArrangementQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)


class WorkArrangement(models.Model):
    """An employee's working-hour system and shift pattern from `valid_from` until
    `valid_to` (exclusive); history is kept, a change is a new row."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="work_arrangements"
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    system = models.CharField(
        _("working-hour system"),
        max_length=14,
        choices=WorkingHourSystem.choices,
        default=WorkingHourSystem.STANDARD,
    )
    period = models.CharField(
        _("comprehensive period"),
        max_length=8,
        choices=ComprehensivePeriod.choices,
        blank=True,
        help_text=_("Hours are totalled over this period (comprehensive hours only)."),
    )
    approval_reference = models.CharField(
        _("labour bureau approval"),
        max_length=120,
        blank=True,
        help_text=_("The approval's document number (comprehensive and flexible hours)."),
    )
    pattern = models.ForeignKey(
        ShiftPattern, verbose_name=_("shift pattern"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = WorkArrangementQuerySet.as_manager()

    class Meta:
        verbose_name = _("work arrangement")
        verbose_name_plural = _("work arrangements")
        ordering = ["employee", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "valid_from"], name="employees_one_arrangement_per_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="employees_arrangement_period",
            ),
            # Comprehensive hours are totalled over a period the approval names.
            models.CheckConstraint(
                condition=~Q(system="comprehensive") | ~Q(period="") & ~Q(approval_reference=""),
                name="employees_arrangement_comprehensive_approved",
            ),
            models.CheckConstraint(
                condition=~Q(system="flexible") | ~Q(approval_reference=""),
                name="employees_arrangement_flexible_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.system} {self.valid_from}"
