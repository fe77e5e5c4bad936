"""Labour contracts (劳动合同): one row per signing, renewals chained."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class ContractQuerySet(ScopedQuerySet["Contract"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "ContractQuerySet":
        # A manager sees that a report has a contract and its term, as every HRMS shows
        # a line manager; the contract's document stays HR's and the person's.
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class Contract(BaseModel):
    """One signed (or to-be-signed) labour contract. The rules (probation limits by term,
    once per employee; written within a month; open-ended eligibility) are checked by
    `employees.services.contracts` against the dated rules in `LegalRule`."""

    class Kind(models.TextChoices):
        FIXED_TERM = "fixed_term", _("Fixed term")
        OPEN_ENDED = "open_ended", _("Open-ended")
        TASK = "task", _("Until a task is completed")

    class OpenEndedGround(models.TextChoices):
        FIXED_TERMS = "fixed_terms", _("Consecutive fixed terms (art. 14)")
        YEARS = "years", _("Years of service (art. 14)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not signed yet")
        ACTIVE = "active", _("In force")
        ENDED = "ended", _("Ended")
        TERMINATED = "terminated", _("Terminated early")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="contracts"
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    # 1 for the first contract with this employer, 2 for the first renewal, ...
    sequence = models.PositiveSmallIntegerField(_("signing number"), default=1)
    renewal_of = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    task_description = models.CharField(_("task"), max_length=255, blank=True)
    probation_months = models.PositiveSmallIntegerField(_("probation (months)"), default=0)
    probation_ends_on = models.DateField(_("probation ends on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    document = models.ForeignKey(
        "employees.EmployeeDocument",
        verbose_name=_("signed copy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Why the contract stopped, when it did: the day and the reason, kept on the row
    # (status alone cannot say whether it ran out or was ended during probation).
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=255, blank=True)
    # Set at signing when the employee may ask for an open-ended contract (art. 14): HR
    # sees why, and a fixed term signed anyway stays explainable later.
    open_ended_eligible = models.CharField(
        _("open-ended contract due"),
        max_length=20,
        choices=OpenEndedGround.choices,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("labour contract")
        verbose_name_plural = _("labour contracts")
        ordering = ["employee", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "sequence"], name="employees_contract_sequence"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="employees_contract_period",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "ends_on"], name="employees_contract_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} #{self.sequence} {self.kind}"

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    @property
    def renewal_count(self) -> int:
        return self.sequence - 1
