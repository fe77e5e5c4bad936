"""Leaving: the final pay worked out for a leaver, the offboarding checklist, and the log
of exit certificates (离职证明) issued.

The final pay keeps every figure it was computed from and the pay items it booked in
the month of the last day, so preparing it again replaces exactly those items. Each
offboarding task is a copy of a template task, like onboarding's: a later edit of the
template never rewrites a checklist under way.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class FinalPayQuerySet(ScopedQuerySet["FinalPay"]):
    """HR admins and payroll officers: pay is theirs alone."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "FinalPayQuerySet":
        return self.all() if Role.PAYROLL in roles else self.none()


class FinalPay(BaseModel):
    """What a leaver is owed beyond the last month's salary: severance and unused annual
    leave, as last prepared, with the figures they came from."""

    employee = models.OneToOneField(
        "employees.Employee", on_delete=models.PROTECT, related_name="final_pay"
    )
    last_day = models.DateField(_("last working day"))
    month = models.DateField(_("paid in month"))
    reason_code = models.CharField(_("reason the contract ended"), max_length=64)
    region = models.CharField(_("rules region"), max_length=40, blank=True)
    severance_due = models.BooleanField(_("severance due"))
    service_months = models.PositiveIntegerField(_("months of service"))
    service_days_over = models.PositiveSmallIntegerField(_("days over"))
    # How many locked payslips the average wage is of; 0: the salary record's base.
    wage_months = models.PositiveSmallIntegerField(_("months averaged"))
    average_wage = models.DecimalField(_("average monthly wage"), max_digits=12, decimal_places=2)
    leave_wage = models.DecimalField(
        _("monthly wage for unused leave"), max_digits=12, decimal_places=2
    )
    city_average = models.DecimalField(
        _("city's average monthly wage"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    years_counted = models.DecimalField(_("years counted"), max_digits=5, decimal_places=1)
    wage_used = models.DecimalField(_("wage used"), max_digits=12, decimal_places=2)
    capped = models.BooleanField(_("capped"), default=False)
    severance = models.DecimalField(_("severance"), max_digits=12, decimal_places=2)
    severance_exempt = models.DecimalField(
        _("tax-exempt severance"), max_digits=12, decimal_places=2
    )
    severance_tax = models.DecimalField(_("tax on severance"), max_digits=12, decimal_places=2)
    leave_hours = models.DecimalField(_("unused leave (hours)"), max_digits=7, decimal_places=2)
    leave_days = models.DecimalField(_("unused leave (days)"), max_digits=7, decimal_places=2)
    daily_wage = models.DecimalField(_("daily wage"), max_digits=12, decimal_places=2)
    leave_multiple = models.DecimalField(_("multiple paid"), max_digits=5, decimal_places=2)
    leave_pay = models.DecimalField(_("unused leave pay"), max_digits=12, decimal_places=2)
    # The computation in words, in the language it was prepared in (like payslip lines).
    explanation = models.JSONField(_("explanation"), default=list)
    rules_used = models.JSONField(_("rules used"), default=list)
    severance_item = models.OneToOneField(
        "employees.PayItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tax_item = models.OneToOneField(
        "employees.PayItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leave_item = models.OneToOneField(
        "employees.PayItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FinalPayQuerySet.as_manager()

    class Meta:
        verbose_name = _("final pay")
        verbose_name_plural = _("final pay")

    def __str__(self) -> str:
        return f"final pay of {self.employee_id}"

    @property
    def item_ids(self) -> list[int]:
        return [
            pk
            for pk in (self.severance_item_id, self.tax_item_id, self.leave_item_id)
            if pk is not None
        ]


class OffboardingOwner(models.TextChoices):
    """Who does an offboarding task: HR, IT, the leaver's manager, or payroll."""

    HR = "hr", _("HR")
    IT = "it", pgettext_lazy("onboarding owner", "IT")
    MANAGER = "manager", _("Manager")
    PAYROLL = "payroll", _("Payroll officer")


class OffboardingTemplateTask(models.Model):
    """A task every leaver's checklist starts with (HR admins keep the list)."""

    # Set for the shipped tasks, so reinstalling the defaults finds them again.
    code = models.SlugField(_("code"), max_length=40, blank=True)
    title = models.CharField(_("title (Chinese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    owner_role = models.CharField(_("owner"), max_length=10, choices=OffboardingOwner.choices)
    due_offset_days = models.SmallIntegerField(
        _("due (days from the last day)"),
        default=0,
        help_text=_("Negative: before the last day (-5 is five days before); 0: the last day."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("offboarding template task")
        verbose_name_plural = _("offboarding template tasks")
        ordering = ["due_offset_days", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="employees_offb_template_code"
            ),
            models.CheckConstraint(
                condition=Q(due_offset_days__gte=-365, due_offset_days__lte=365),
                name="employees_offb_offset_within_a_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days_before_last_day(self) -> int:
        return -self.due_offset_days


class OffboardingTaskQuerySet(ScopedQuerySet["OffboardingTask"]):
    """Besides HR admins: the person a task is assigned to (the leaver's manager), a task
    left to IT by the IT group's members, a payroll task by payroll officers."""

    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "OffboardingTaskQuerySet":
        mine = Q(assignee=user)
        group = settings.HRFLOW_ONBOARDING_IT_GROUP
        if group and user.groups.filter(name=group).exists():  # type: ignore[attr-defined]
            mine |= Q(assignee__isnull=True, owner_role=OffboardingOwner.IT)
        if Role.PAYROLL in roles:
            mine |= Q(assignee__isnull=True, owner_role=OffboardingOwner.PAYROLL)
        return self.filter(mine)

    def open(self) -> "OffboardingTaskQuerySet":
        return self.filter(done_at__isnull=True)


class OffboardingTask(models.Model):
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="offboarding_tasks"
    )
    template_task = models.ForeignKey(
        OffboardingTemplateTask,
        verbose_name=_("from template task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title (Chinese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner_role = models.CharField(_("owner"), max_length=10, choices=OffboardingOwner.choices)
    # The manager's account for a manager's task, resolved when the checklist is made;
    # empty for a team's task (HR, IT, payroll), which any member may do.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = OffboardingTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("offboarding task")
        verbose_name_plural = _("offboarding tasks")
        ordering = ["due_on", "order", "pk"]
        indexes = [
            models.Index(fields=["assignee", "due_on"], name="employees_offb_assignee"),
            models.Index(
                fields=["owner_role"], condition=Q(done_at__isnull=True), name="employees_offb_open"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        language = get_language() or ""
        return self.title_en if self.title_en and language.startswith("en") else self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ExitCertificate(BaseModel):
    """One exit certificate issued: who issued it, when, and exactly what it said."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="exit_certificates"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The certificate's facts as printed (employees.leaving.certificate.CertificateFacts).
    content = models.JSONField(_("content"), default=dict)
    # Printed only because the employee asked for it (empty: no reason stated).
    reason_stated = models.CharField(_("reason for leaving stated"), max_length=200, blank=True)
    sha256 = models.CharField(_("PDF digest"), max_length=64)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exit certificate")
        verbose_name_plural = _("exit certificates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"exit certificate {self.pk} of {self.employee_id}"
