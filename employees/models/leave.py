"""Leave as data (docs/TIME.md, issue 18): the types, the append-only ledger in hours,
requests with their approval steps, delegations of approval, and the company's policy.

The ledger is the balance: a balance as of a day is the sum of the entries effective up
to that day. Entries are only ever added; a correction is an `adjustment` with a reason.
"""

from decimal import Decimal
from typing import Any, NoReturn, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from employees.models.people import Employee
from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class LeaveTypeQuerySet(ScopedQuerySet["LeaveType"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> Self:
        return self.all()  # the company's leave rules are public; HR admins change them


class LeaveType(BaseModel):
    class Unit(models.TextChoices):
        DAY = "day", _("Whole or half days")
        HOUR = "hour", _("Hours")

    class Counting(models.TextChoices):
        WORKING_DAYS = "working_days", _("Working days (the plan's hours)")
        CALENDAR_DAYS = "calendar_days", _("Calendar days (a standard day each)")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    unit = models.CharField(_("unit"), max_length=4, choices=Unit.choices, default=Unit.DAY)
    counting = models.CharField(
        _("counting"), max_length=14, choices=Counting.choices, default=Counting.WORKING_DAYS
    )
    paid_rate = models.DecimalField(
        _("paid rate"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("1.00 is full pay, 0 unpaid."),
    )
    tracks_balance = models.BooleanField(
        _("tracks a balance"),
        default=False,
        help_text=_("Requests must fit the balance granted in the ledger (annual leave)."),
    )
    # The legal rule (days, per region) that caps one request of this type, e.g.
    # `leave.marriage.days`; empty: no cap beyond the balance.
    entitlement_rule = models.CharField(_("entitlement rule"), max_length=80, blank=True)
    needs_document = models.BooleanField(_("needs a document"), default=False)
    document_is_health = models.BooleanField(
        _("document is health data"),
        default=False,
        help_text=_("Kept as sensitive data: only HR admins and the employee open it."),
    )
    statutory = models.BooleanField(_("statutory"), default=False)
    region = models.CharField(
        _("region"), max_length=40, blank=True, help_text=_("Empty for the whole country.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)

    objects = LeaveTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave type")
        verbose_name_plural = _("leave types")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_rate__gte=0) & Q(paid_rate__lte=1),
                name="employees_leave_type_paid_rate",
            ),
            models.CheckConstraint(
                condition=Q(document_is_health=False) | Q(needs_document=True),
                name="employees_leave_type_health_needs_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} / {self.name_en}"


class LeaveSettings(BaseModel):
    """The company's leave policy (not the law): one row (pk 1), made when first read."""

    company_annual_days = models.PositiveSmallIntegerField(
        _("company annual leave (days a year)"),
        default=0,
        validators=[MaxValueValidator(60)],
        help_text=_("On top of statutory annual leave; pro-rated in the joining year."),
    )
    carry_unused_annual = models.BooleanField(
        _("carry unused statutory leave into next year"),
        default=False,
        help_text=_("Otherwise unused statutory annual leave is paid at the legal rate."),
    )
    hr_approval_over_days = models.PositiveSmallIntegerField(
        _("HR approves requests longer than (days)"),
        default=3,
        validators=[MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("leave settings")
        verbose_name_plural = _("leave settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "LeaveSettings":
        return cls.objects.get_or_create(pk=1)[0]


class LeaveRequestQuerySet(ScopedQuerySet["LeaveRequest"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> Self:
        return self.filter(visible_employee_filter(user, prefix="employee__"))

    def holding(self) -> Self:
        """Pending and approved: the requests that reserve or take leave."""
        return self.filter(status__in=[LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED])


class LeaveRequest(BaseModel):
    """Leave asked for from `start_day` to `end_day`: half days by the two flags (a day
    type), or `hours_asked` on one day (an hour type). `hours` and `minutes_by_day` are
    computed from the plan when submitted, so approval, the ledger and attendance agree."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Step(models.TextChoices):
        MANAGER = "manager", _("Manager")
        HR = "hr", _("HR admin")
        DONE = "", _("Decided")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leave_requests")
    leave_type = models.ForeignKey(
        LeaveType, verbose_name=_("leave type"), on_delete=models.PROTECT, related_name="+"
    )
    start_day = models.DateField(_("first day"))
    end_day = models.DateField(_("last day"))
    starts_afternoon = models.BooleanField(_("starts in the afternoon"), default=False)
    ends_midday = models.BooleanField(_("ends at midday"), default=False)
    hours_asked = models.DecimalField(
        _("hours asked"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    # "YYYY-MM-DD" -> minutes of leave that day (days with none left out).
    minutes_by_day = models.JSONField(_("minutes by day"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    step = models.CharField(
        _("waiting for"), max_length=8, choices=Step.choices, default=Step.MANAGER, blank=True
    )
    needs_hr = models.BooleanField(_("HR approval needed"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    document = models.ForeignKey(
        "employees.EmployeeDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager step by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    manager_decided_at = models.DateTimeField(_("manager step at"), null=True, blank=True)
    hr_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("HR step by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hr_decided_at = models.DateTimeField(_("HR step at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_day__gte=F("start_day")), name="employees_leave_request_period"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="employees_leave_request_hours"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(step=""), name="employees_leave_request_step"
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "start_day"], name="employees_leave_req_emp"),
            models.Index(
                fields=["start_day", "end_day"],
                condition=Q(status="approved"),
                name="employees_leave_req_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.leave_type_id} {self.start_day}–{self.end_day}"


class LeaveEntryQuerySet(ScopedQuerySet["LeaveEntry"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> Self:
        return self.filter(visible_employee_filter(user, prefix="employee__"))

    # Append-only: no bulk change or removal either (a correction is a new entry).
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Leave entries are append-only; add an adjustment instead.")

    def delete(self) -> NoReturn:
        raise TypeError("Leave entries are append-only; add an adjustment instead.")


class LeaveEntry(models.Model):
    """One movement of an employee's leave, in hours (signed: taken is negative)."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        ACCRUAL = "accrual", _("Accrual")
        TAKEN = "taken", _("Taken")
        ADJUSTMENT = "adjustment", _("Adjustment")
        EXPIRY = "expiry", _("Expiry")
        ENCASHMENT = "encashment", _("Paid out")
        REVERSAL = "reversal", _("Reversal")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leave_entries")
    leave_type = models.ForeignKey(
        LeaveType, verbose_name=_("leave type"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(_("reason"), max_length=255)
    # Paid-out entries: the rate of the day's wage payroll pays per hour (3.00 = 300 %).
    rate = models.DecimalField(_("pay rate"), max_digits=4, decimal_places=2, null=True, blank=True)
    request = models.ForeignKey(
        LeaveRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    # What made the entry ("annual:2026", "taken:12"): the same event never books twice.
    key = models.CharField(_("key"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = LeaveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave entry")
        verbose_name_plural = _("leave ledger")
        ordering = ["employee", "leave_type", "effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "leave_type", "key"],
                condition=~Q(key=""),
                name="employees_leave_entry_once",
            ),
            # The sign follows the kind; an adjustment goes either way.
            models.CheckConstraint(
                condition=~Q(kind__in=["grant", "accrual", "reversal"]) | Q(hours__gte=0),
                name="employees_leave_entry_adds",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["taken", "expiry", "encashment"]) | Q(hours__lte=0),
                name="employees_leave_entry_takes",
            ),
            models.CheckConstraint(
                condition=~Q(kind="encashment") | Q(rate__isnull=False),
                name="employees_leave_entry_encashment_rate",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "effective_on"], name="employees_leave_entry_day"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} {self.hours} h {self.effective_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Leave entries are append-only; add an adjustment instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Leave entries are append-only; add an adjustment instead.")


class LeaveDelegationQuerySet(ScopedQuerySet["LeaveDelegation"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> Self:
        return self.filter(Q(from_user_id=user.pk) | Q(to_user_id=user.pk))

    def on(self, day: Any) -> Self:
        return self.filter(starts__lte=day, ends__gte=day)


class LeaveDelegation(BaseModel):
    """While `from_user` is away (`starts` to `ends` inclusive), `to_user` decides the
    leave requests waiting for them."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver away"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"))

    objects = LeaveDelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave approval delegation")
        verbose_name_plural = _("leave approval delegations")
        ordering = ["-starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=F("starts")), name="employees_delegation_period"
            ),
            models.CheckConstraint(
                condition=~Q(from_user=F("to_user")), name="employees_delegation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_user_id} → {self.to_user_id} {self.starts}–{self.ends}"
