"""Attendance as data: punches, the daily result of each employee and day, overtime,
punch corrections and the monthly confirmation (docs/TIME.md, Attendance).

A punch is (employee, device, time) and is stored once however often it arrives. Every
row here is people data: the employee sees their own, a manager their reports, HR all.
Records are kept at least the legal rule `attendance.retention_years`: no service deletes
them and an employee's removal is refused while they exist (PROTECT).
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models.scoping import visible_employee_filter
from employees.models.worktime import DayKind
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class AttendanceQuerySet(ScopedQuerySet[Any]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "AttendanceQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class PunchSource(models.TextChoices):
    API = "api", _("Time clock (API)")
    IMPORT = "import", _("Imported file")
    PHONE = "phone", _("Phone check-in")
    CORRECTION = "correction", _("Approved correction")


class Punch(BaseModel):
    """One clock-in or clock-out. The location is kept only for people who consented to
    it separately (`attendance.consent.LOCATION_CONSENT_KIND`)."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="punches"
    )
    at = models.DateTimeField(_("time"))
    device = models.CharField(_("device"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=PunchSource.choices)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("punch")
        verbose_name_plural = _("punches")
        ordering = ["employee", "at"]
        constraints = [
            # The same punch from the same device, sent twice or imported twice, is one.
            models.UniqueConstraint(
                fields=["employee", "device", "at"], name="employees_punch_once"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="employees_punch_location_whole",
            ),
        ]
        indexes = [models.Index(fields=["employee", "at"], name="employees_punch_time")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.at:%Y-%m-%d %H:%M} {self.device}"


class DayStatus(models.TextChoices):
    OK = "ok", _("On time")
    LATE = "late", _("Late")
    EARLY_LEAVE = "early_leave", _("Left early")
    LATE_AND_EARLY = "late_and_early", _("Late and left early")
    MISSING_PUNCH = "missing_punch", _("Punch missing")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On leave")
    REST = "rest", _("Day off")
    WORKED_DAY_OFF = "worked_day_off", _("Worked on a day off")


class DailyResult(BaseModel):
    """What an employee's day came to, recomputed whenever the plan, the punches, leave,
    overtime or the calendar change (never edited by hand: a correction is a punch)."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="daily_results"
    )
    day = models.DateField(_("day"))
    day_kind = models.CharField(_("kind of day"), max_length=20, choices=DayKind.choices)
    system = models.CharField(_("working-hour system"), max_length=14, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DayStatus.choices)
    first_in = models.DateTimeField(_("first in"), null=True, blank=True)
    last_out = models.DateTimeField(_("last out"), null=True, blank=True)
    planned_minutes = models.PositiveIntegerField(_("planned minutes"), default=0)
    worked_minutes = models.PositiveIntegerField(_("worked minutes"), default=0)
    late_minutes = models.PositiveIntegerField(_("late minutes"), default=0)
    early_leave_minutes = models.PositiveIntegerField(_("early-leave minutes"), default=0)
    absent_minutes = models.PositiveIntegerField(_("absent minutes"), default=0)
    leave_minutes = models.PositiveIntegerField(_("leave minutes"), default=0)
    overtime_workday_minutes = models.PositiveIntegerField(
        _("overtime on a workday (minutes)"), default=0
    )
    overtime_rest_day_minutes = models.PositiveIntegerField(
        _("overtime on a rest day (minutes)"), default=0
    )
    overtime_holiday_minutes = models.PositiveIntegerField(
        _("overtime on a statutory holiday (minutes)"), default=0
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily attendance result")
        verbose_name_plural = _("daily attendance results")
        ordering = ["employee", "day"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="employees_daily_result_once")
        ]
        indexes = [models.Index(fields=["day"], name="employees_daily_result_day")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day} {self.status}"

    @property
    def overtime_minutes(self) -> int:
        return (
            self.overtime_workday_minutes
            + self.overtime_rest_day_minutes
            + self.overtime_holiday_minutes
        )


class OvertimeKind(models.TextChoices):
    """The kind of day the overtime was worked on: it sets the rate (Labour Law art. 44)."""

    WORKDAY = "workday", _("Workday")
    REST_DAY = "rest_day", _("Rest day")
    STATUTORY_HOLIDAY = "statutory_holiday", _("Statutory holiday")


class Compensation(models.TextChoices):
    PAY = "pay", _("Overtime pay")
    TIME_OFF = "time_off", _("Time off in lieu")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class AttendanceRequest(BaseModel):
    """What an overtime request and a punch correction share: who asked, who decided,
    when and why."""

    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        abstract = True


class OvertimeRequest(AttendanceRequest):
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="overtime_requests"
    )
    day = models.DateField(_("day"))
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    minutes = models.PositiveIntegerField(_("minutes"))
    kind = models.CharField(_("kind"), max_length=20, choices=OvertimeKind.choices)
    compensation = models.CharField(
        _("compensation"), max_length=10, choices=Compensation.choices, default=Compensation.PAY
    )
    rate = models.DecimalField(
        _("pay rate"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Multiple of the hourly wage; empty when time off is given instead."),
    )
    after_the_fact = models.BooleanField(_("asked after the work"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    override_reason = models.TextField(
        _("reason for passing the cap"),
        blank=True,
        help_text=_("Given when the request passes the daily or monthly overtime cap."),
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("overtime request")
        verbose_name_plural = _("overtime requests")
        ordering = ["-day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="employees_overtime_period"
            ),
            # Time off in lieu replaces the 200 % of a rest day only (Labour Law art. 44).
            models.CheckConstraint(
                condition=Q(compensation="pay") | Q(kind="rest_day"),
                name="employees_overtime_time_off_rest_day",
            ),
        ]
        indexes = [models.Index(fields=["employee", "day"], name="employees_overtime_day")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day} {self.minutes} min {self.status}"


class PunchCorrection(AttendanceRequest):
    """A missing or wrong punch, asked for with a reason; approved, it becomes a punch."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="punch_corrections"
    )
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("time"))
    reason = models.TextField(_("reason"))
    punch = models.ForeignKey(
        Punch,
        verbose_name=_("punch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("punch correction")
        verbose_name_plural = _("punch corrections")
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.at:%Y-%m-%d %H:%M} {self.status}"


class MonthConfirmation(models.Model):
    """The employee's month of attendance, confirmed: locked from then on (a later change
    needs an HR admin's reason, which is audited)."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="month_confirmations"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("confirmed month")
        verbose_name_plural = _("confirmed months")
        ordering = ["-month", "employee"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "month"], name="employees_month_confirmed_once"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="employees_month_confirmation_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month:%Y-%m}"
