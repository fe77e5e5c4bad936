"""Employees and their effective-dated job record (assignment history).

`Employee` holds who the person is (name, contacts, identity, the encrypted
sensitive fields). Everything that changes with a date (department, position,
manager, location, title, form of employment, status) lives in `Assignment`
rows: each row is the whole job record from `valid_from` up to (not including)
`valid_to`, so the record "as of" any day is one row, and history is never
overwritten. `employees.services.assignments` keeps the rows contiguous.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.crypto import EncryptedJSONField
from hrflow.core.models import BaseModel


class EmploymentType(models.TextChoices):
    """The form of employment (用工形式) the roster records."""

    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    INTERN = "intern", _("Intern")
    DISPATCHED = "dispatched", _("Dispatched (派遣)")
    OUTSOURCED = "outsourced", _("Outsourced")


class EmployeeStatus(models.TextChoices):
    PRE_BOARDING = "pre_boarding", _("Pre-boarding")
    PROBATION = "probation", _("On probation")
    REGULAR = "regular", pgettext_lazy("employee status", "Regular")
    LEAVING = "leaving", _("Leaving")
    LEFT = "left", _("Left")


class EmployeeQuerySet(ScopedQuerySet["Employee"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "EmployeeQuerySet":
        return self.filter(visible_employee_filter(user))


class Employee(BaseModel):
    """A person employed (or about to be) by the company: the roster entry.

    Identity and contacts only; the job record is `Assignment`. The sensitive
    fields are Fernet ciphertext at rest and are read only through
    `employees.services.sensitive` (masked, and every reveal logged).
    """

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class IdDocument(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card (居民身份证)")
        PASSPORT = "passport", _("Passport")
        HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
        TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
        FOREIGN_PERMANENT = "foreign_permanent", _("Foreign permanent resident ID card")

    number = models.CharField(_("employee number"), max_length=20, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_name = models.CharField(_("preferred name"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    email = models.EmailField(_("work e-mail"), blank=True, db_index=True)
    personal_email = models.EmailField(_("personal e-mail"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    address = models.CharField(_("home address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    hire_date = models.DateField(_("start date"), db_index=True)
    left_on = models.DateField(_("last day"), null=True, blank=True)
    # Months worked for any employer before joining, as the new hire declared them in
    # pre-boarding: statutory annual leave counts cumulative service (china-rules §3).
    prior_service_months = models.PositiveIntegerField(
        _("prior years of service (months)"), null=True, blank=True
    )

    id_document_type = models.CharField(
        _("ID document"), max_length=20, choices=IdDocument.choices, blank=True
    )
    # Sensitive (PIPL art. 28 / roster): ciphertext at rest. The last four characters of
    # the ID number are kept in clear so a masked value can be shown without a reveal.
    id_number = EncryptedJSONField(_("ID number"), null=True, blank=True)
    id_number_tail = models.CharField(_("ID number (last 4)"), max_length=4, blank=True)
    bank_account = EncryptedJSONField(_("bank account"), null=True, blank=True)
    bank_account_tail = models.CharField(_("bank account (last 4)"), max_length=4, blank=True)
    emergency_contacts = EncryptedJSONField(_("emergency contacts"), null=True, blank=True)
    health_notes = EncryptedJSONField(_("health notes"), null=True, blank=True)
    # Health data is processed only with its own consent (PIPL art. 29).
    health_consent_at = models.DateTimeField(_("health data consent"), null=True, blank=True)

    # Where the person came from, by id only: employees never imports recruiting (the
    # hire arrives as a frozen HireRecord). One employee per application, ever.
    source_application_id = models.BigIntegerField(
        _("hired from application"), null=True, blank=True, unique=True
    )
    source_candidate_id = models.BigIntegerField(
        _("hired from candidate"), null=True, blank=True, db_index=True
    )
    hired_at = models.DateTimeField(_("hired at"), null=True, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["number"]
        permissions = [("use_self_service", _("Can use employee self-service"))]
        indexes = [models.Index(fields=["full_name"], name="employees_emp_name")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.number})"

    @property
    def shown_name(self) -> str:
        return self.preferred_name or self.full_name


class AssignmentQuerySet(ScopedQuerySet["Assignment"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "AssignmentQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))

    def as_of(self, day: date) -> "AssignmentQuerySet":
        """The rows in force on `day`: at most one per employee."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)


class Assignment(models.Model):
    """The job record of one employee from `valid_from` until `valid_to` (exclusive)."""

    class Change(models.TextChoices):
        HIRE = "hire", _("Hire")
        START = "start", _("First day")
        TRANSFER = "transfer", _("Transfer")
        PROMOTION = "promotion", _("Promotion")
        MANAGER = "manager", _("Manager change")
        PROBATION_PASSED = "probation_passed", _("Probation passed")
        STATUS = "status", _("Status change")
        LEAVING = "leaving", _("Leaving")
        CORRECTION = "correction", _("Correction")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assignments")
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        "employees.Position",
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    manager = models.ForeignKey(
        Employee,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_assignments",
    )
    location = models.ForeignKey(
        "org.Location",
        verbose_name=_("work location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_title = models.CharField(_("job title"), max_length=160)
    employment_type = models.CharField(
        _("form of employment"), max_length=12, choices=EmploymentType.choices
    )
    status = models.CharField(_("status"), max_length=14, choices=EmployeeStatus.choices)
    change = models.CharField(_("change"), max_length=20, choices=Change.choices)
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

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignment history")
        ordering = ["employee", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "valid_from"], name="employees_one_assignment_per_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="employees_assignment_period",
            ),
        ]
        indexes = [
            # "Reports of X today", the org chart and the list as of a day.
            models.Index(fields=["manager", "valid_from"], name="employees_asg_manager"),
            models.Index(fields=["department", "valid_from"], name="employees_asg_dept"),
            models.Index(fields=["position", "valid_from"], name="employees_asg_position"),
            models.Index(
                fields=["employee"],
                condition=Q(valid_to__isnull=True),
                name="employees_asg_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.valid_from}–{self.valid_to or ''}"
