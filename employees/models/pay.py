"""Payroll: what each employee is paid (dated), the company's pay components, and the
monthly runs with their payslips.

Pay is a ledger: a locked run's payslips are never edited; a correction is an item in a
later run (`PayItem.corrects`). Every figure on a payslip keeps the rule versions and the
inputs it came from (`PayslipLine.explanation`), so it can be explained and recomputed.
Legal numbers (tax tables, insurance rates and bases) are never stored here: they are
dated `LegalRule` rows, and a payslip names the versions it used.
"""

from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ModelT, ScopedQuerySet
from hrflow.core.models import BaseModel


class PayrollQuerySet(ScopedQuerySet[ModelT]):
    """Pay rows: payroll officers see them all (HR admins too, as everywhere); nobody
    else sees any, line managers included: what a colleague earns is not theirs to read."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Any]) -> Self:
        return self.all() if Role.PAYROLL in roles else self.none()


class PayGroup(BaseModel):
    """Employees paid together: one run a month, with the same cut-off and settings."""

    class Proration(models.TextChoices):
        # Chinese payroll's usual way (劳社部发[2008]3号): monthly ÷ 21.75 per day.
        WORKING_DAYS = "working_days", _("Working days (monthly ÷ 21.75 a day)")
        CALENDAR_DAYS = "calendar_days", _("Calendar days")

    name = models.CharField(_("name"), max_length=80, unique=True)
    # Attendance and changes up to this day of the month count in the month's run.
    cut_off_day = models.PositiveSmallIntegerField(
        _("cut-off day"),
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("31 means the last day of the month."),
    )
    pay_day = models.PositiveSmallIntegerField(
        _("pay day"), default=10, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    proration = models.CharField(
        _("joiners and leavers paid by"),
        max_length=14,
        choices=Proration.choices,
        default=Proration.WORKING_DAYS,
    )
    # The company's own rates within the ranges the city's policy allows.
    work_injury_rate = models.DecimalField(
        _("work-injury insurance rate"), max_digits=6, decimal_places=4
    )
    housing_fund_rate = models.DecimalField(_("housing fund rate"), max_digits=6, decimal_places=4)
    # The bank file's columns, in order (employees.pay.bank_file names the choices).
    bank_file_columns = models.JSONField(_("bank file columns"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = PayrollQuerySet.as_manager()

    class Meta:
        verbose_name = _("pay group")
        verbose_name_plural = _("pay groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PayComponent(BaseModel):
    """A line a payslip may carry: an allowance or a deduction, and how it is worked out."""

    class Kind(models.TextChoices):
        EARNING = "earning", _("Earning")
        DEDUCTION = "deduction", _("Deduction")

    class Calculation(models.TextChoices):
        FIXED = "fixed", _("Fixed amount a month")
        PER_DAY_WORKED = "per_day_worked", _("Amount per day worked")
        PER_OVERTIME_HOUR = "per_overtime_hour", _("Per hour of overtime")
        FORMULA = "formula", _("Formula")

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Formulas refer to the component by this code."),
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    calculation = models.CharField(_("calculation"), max_length=20, choices=Calculation.choices)
    formula = models.CharField(_("formula"), max_length=500, blank=True)
    # An earning: whether it is taxable income. A deduction: whether it comes off
    # before tax (taxable income is reduced) or after.
    taxable = models.BooleanField(
        _("before tax"),
        default=True,
        help_text=_(
            "An earning: taxable income. A deduction: taken off before tax (otherwise after)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = PayrollQuerySet.as_manager()

    class Meta:
        verbose_name = _("pay component")
        verbose_name_plural = _("pay components")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class SalaryQuerySet(PayrollQuerySet["SalaryRecord"]):
    def as_of(self, day: object) -> "SalaryQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)


class SalaryRecord(BaseModel):
    """What one employee is paid from `valid_from` until `valid_to` (exclusive): a raise
    is a new record from its day; earlier ones stay as they were."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="salary_records"
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    pay_group = models.ForeignKey(
        PayGroup, verbose_name=_("pay group"), on_delete=models.PROTECT, related_name="+"
    )
    base_monthly = models.DecimalField(
        _("base salary a month"),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=12,
        decimal_places=2,
    )
    # The base the employee declared for social insurance, where it differs from the
    # base salary (it is still clamped to the city's floor and cap).
    insurance_base = models.DecimalField(
        _("declared insurance base"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    local_hukou = models.BooleanField(
        _("local household registration"),
        default=True,
        help_text=_("Some cities' pension rates differ for non-local employees."),
    )
    tax_resident = models.BooleanField(_("tax resident of China"), default=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SalaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("salary record")
        verbose_name_plural = _("salary records")
        ordering = ["employee", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "valid_from"], name="employees_one_salary_per_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="employees_salary_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.valid_from}–{self.valid_to or ''}"


class SalaryItem(models.Model):
    """A component of one salary record: the amount (fixed), or the rate per day or hour;
    a formula component needs none."""

    record = models.ForeignKey(SalaryRecord, on_delete=models.CASCADE, related_name="items")
    component = models.ForeignKey(PayComponent, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("salary component")
        verbose_name_plural = _("salary components")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "component"], name="employees_salary_component_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.component_id}: {self.amount}"


class TaxDeduction(BaseModel):
    """A special additional deduction (专项附加扣除) the employee declared, monthly from
    `valid_from` (a month's first day) until `valid_to` (exclusive)."""

    class Item(models.TextChoices):
        CHILDREN_EDUCATION = "children_education", _("Children's education")
        INFANT_CARE = "infant_care", _("Care of infants under three")
        ELDERLY_SUPPORT = "elderly_support", _("Support of elderly parents")
        CONTINUING_EDUCATION = "continuing_education", _("Continuing education")
        HOUSING_LOAN_INTEREST = "housing_loan_interest", _("Housing-loan interest")
        RENT = "rent", _("Housing rent")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="tax_deductions"
    )
    item = models.CharField(_("deduction"), max_length=24, choices=Item.choices)
    monthly_amount = models.DecimalField(_("a month"), max_digits=12, decimal_places=2)
    # What the amount was worked out from (children, share, city tier), as declared.
    details = models.JSONField(_("details"), default=dict, blank=True)
    valid_from = models.DateField(_("from month"))
    valid_to = models.DateField(_("until month"), null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PayrollQuerySet.as_manager()

    class Meta:
        verbose_name = _("special additional deduction")
        verbose_name_plural = _("special additional deductions")
        ordering = ["employee", "item", "valid_from"]


class TaxYear(BaseModel):
    """What the withholding needs to know of an employee's tax year at this employer."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="tax_years"
    )
    year = models.PositiveSmallIntegerField(_("tax year"))
    # No wage income earlier in the year: the basic deduction counts from January.
    first_job_this_year = models.BooleanField(_("first job of the year"), default=False)
    # Last year's wages here were at most the threshold, withheld every month. Empty:
    # worked out from last year's locked payslips here; set by HR to overrule that.
    prior_year_low_income = models.BooleanField(
        _("low income last year"),
        null=True,
        blank=True,
        help_text=_("Empty: worked out from last year's payslips here."),
    )

    objects = PayrollQuerySet.as_manager()

    class Meta:
        verbose_name = _("tax year")
        verbose_name_plural = _("tax years")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="employees_tax_year_once")
        ]


class PayrollRun(BaseModel):
    """One pay group's month: computed (and recomputed while in review), then approved,
    which locks it for good."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("In review")
        LOCKED = "locked", _("Approved and locked")

    pay_group = models.ForeignKey(
        PayGroup, verbose_name=_("pay group"), on_delete=models.PROTECT, related_name="runs"
    )
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A digest of every input and rule version: a recomputation must give the same.
    inputs_digest = models.CharField(_("inputs digest"), max_length=64)
    figures_digest = models.CharField(_("figures digest"), max_length=64)
    # The legal rule rows used: [{code, region, effective_from, value}, ...], and every
    # employee's inputs (compressed JSON): a locked run is recomputed from exactly these.
    rules_used = models.JSONField(_("rules used"), default=list)
    inputs = models.BinaryField(_("inputs"), default=bytes)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = PayrollQuerySet.as_manager()

    class Meta:
        verbose_name = _("payroll run")
        verbose_name_plural = _("payroll runs")
        ordering = ["-month", "pay_group"]
        constraints = [
            models.UniqueConstraint(fields=["pay_group", "month"], name="employees_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.pay_group} {self.month:%Y-%m}"


class PayItem(BaseModel):
    """A one-off amount for one month: a bonus, back pay, a deduction, or the correction
    of a locked payslip. Taken by the month's run; fixed once that run is locked."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Bonus")
        ANNUAL_BONUS = "annual_bonus", _("Annual one-off bonus")
        BACK_PAY = "back_pay", _("Back pay")
        DEDUCTION = "deduction", _("Deduction")
        CORRECTION = "correction", _("Correction of an earlier month")
        # Booked by the final pay (employees.pay.final_settlement): severance is not
        # part of the month's taxable wages (its tax, where any, is worked out on its
        # own); unused annual leave pay is wage income.
        SEVERANCE = "severance", _("Severance")
        LEAVE_PAY = "leave_pay", _("Unused annual leave pay")

    class BonusTax(models.TextChoices):
        SEPARATE = "separate", _("Taxed separately")
        MERGED = "merged", _("Merged into the month's wages")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="pay_items"
    )
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    taxable = models.BooleanField(_("taxable"), default=True)
    bonus_tax = models.CharField(
        _("bonus taxation"), max_length=10, choices=BonusTax.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    corrects = models.ForeignKey(
        "employees.Payslip",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PayrollQuerySet.as_manager()

    class Meta:
        verbose_name = _("one-off pay item")
        verbose_name_plural = _("one-off pay items")
        ordering = ["month", "employee"]
        indexes = [models.Index(fields=["month", "employee"], name="employees_payitem_month")]


class PayslipQuerySet(PayrollQuerySet["Payslip"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Any]) -> Self:
        """Payroll sees every payslip; anyone else their own, once the run is approved
        and locked (never a draft's figures, which may still change); a line manager
        sees none of their reports'."""
        if Role.PAYROLL in roles:
            return self.all()
        return self.filter(employee__user_id=user.pk, run__status=PayrollRun.Status.LOCKED)


class Payslip(models.Model):
    """One employee's pay for a run. Written by the run; immutable once it is locked."""

    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="payslips")
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="payslips"
    )
    # Where the cost goes (the accounting summary): the department on the cut-off day.
    department_id = models.BigIntegerField(null=True)
    region = models.CharField(_("rules region"), max_length=40, blank=True)
    days_paid = models.DecimalField(_("days paid"), max_digits=6, decimal_places=2)
    gross = models.DecimalField(_("gross pay"), max_digits=12, decimal_places=2)
    taxable = models.DecimalField(_("taxable income this month"), max_digits=12, decimal_places=2)
    insurance_employee = models.DecimalField(
        _("social insurance (employee)"), max_digits=12, decimal_places=2
    )
    housing_fund_employee = models.DecimalField(
        _("housing fund (employee)"), max_digits=12, decimal_places=2
    )
    income_tax = models.DecimalField(_("income tax"), max_digits=12, decimal_places=2)
    net = models.DecimalField(_("net pay"), max_digits=12, decimal_places=2)
    insurance_employer = models.DecimalField(
        _("social insurance (employer)"), max_digits=12, decimal_places=2
    )
    housing_fund_employer = models.DecimalField(
        _("housing fund (employer)"), max_digits=12, decimal_places=2
    )
    # Year to date at this employer, this month included: the next month's tax reads it.
    ytd = models.JSONField(_("year to date"), default=dict)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = PayslipQuerySet.as_manager()

    class Meta:
        verbose_name = _("payslip")
        verbose_name_plural = _("payslips")
        ordering = ["run", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["run", "employee"], name="employees_payslip_once")
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.employee_id}"


class PayslipLine(models.Model):
    """One figure of a payslip, with what it was worked out from."""

    class Category(models.TextChoices):
        EARNING = "earning", _("Earnings")
        DEDUCTION = "deduction", _("Deductions")
        INSURANCE_EMPLOYEE = "insurance_employee", _("Social insurance and housing fund")
        TAX = "tax", _("Income tax")
        EMPLOYER = "employer", _("Paid by the employer")

    payslip = models.ForeignKey(Payslip, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20, choices=Category.choices)
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=120)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    # Inputs and rules: {"inputs": {...}, "rules": [...], "steps": [[label, amount], ...]}.
    explanation = models.JSONField(default=dict)

    class Meta:
        ordering = ["payslip", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["payslip", "position"], name="employees_payslip_line_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.amount}"
