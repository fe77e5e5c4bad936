"""Onboarding: task templates HR keeps, and the plan each new hire gets from them.

A template applies to a new hire by department (its subtree), position and the
city of the work location; a template with no filter applies to everyone. The
plan copies the matching templates' tasks with their due dates worked out from
the start date and their assignees resolved, so a later edit of a template
never rewrites a plan under way. Pre-boarding (the new hire's own pages before
day one) keeps its one-time links and the policies to acknowledge here too.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class OwnerRole(models.TextChoices):
    """Who does a task: the HR team, IT, the new hire's manager, their buddy, or themselves."""

    HR = "hr", _("HR")
    IT = "it", pgettext_lazy("onboarding owner", "IT")
    MANAGER = "manager", _("Manager")
    BUDDY = "buddy", _("Buddy")
    NEW_HIRE = "new_hire", _("New hire")


class OnboardingTemplate(BaseModel):
    """A set of tasks for new hires who match its filters (HR admins only, the default scope)."""

    name = models.CharField(_("name"), max_length=120)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Applies to this department and every department below it."),
    )
    position = models.ForeignKey(
        "employees.Position",
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(
        _("city"),
        max_length=80,
        blank=True,
        help_text=_("Matched on the city of the new hire's work location."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Set for the shipped default, so reinstalling it finds it again.
    code = models.SlugField(_("code"), max_length=40, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("onboarding template")
        verbose_name_plural = _("onboarding templates")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="employees_onb_template_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_generic(self) -> bool:
        return self.department_id is None and self.position_id is None and not self.city


class OnboardingTemplateTask(models.Model):
    template = models.ForeignKey(OnboardingTemplate, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title (Chinese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner_role = models.CharField(_("owner"), max_length=10, choices=OwnerRole.choices)
    due_offset_days = models.SmallIntegerField(
        _("due (days from the start date)"),
        default=0,
        help_text=_("Negative: before the first day (-7 is a week before); 0: the first day."),
    )
    mandatory = models.BooleanField(_("mandatory"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("onboarding template task")
        verbose_name_plural = _("onboarding template tasks")
        ordering = ["template", "due_offset_days", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_offset_days__gte=-365, due_offset_days__lte=365),
                name="employees_onb_offset_within_a_year",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days_before_start(self) -> int:
        return -self.due_offset_days


class OnboardingPlanQuerySet(ScopedQuerySet["OnboardingPlan"]):
    """A plan is seen by HR admins, the new hire, their manager and their buddy."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "OnboardingPlanQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__") | Q(buddy__user=user))


class OnboardingPlan(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")

    employee = models.OneToOneField(
        "employees.Employee", on_delete=models.CASCADE, related_name="onboarding_plan"
    )
    templates = models.ManyToManyField(
        OnboardingTemplate, verbose_name=_("made from"), blank=True, related_name="+"
    )
    buddy = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("buddy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buddy_plans",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # The documents HR wants uploaded in pre-boarding (EmployeeDocument kinds); any other
    # upload there is optional.
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    preboarding_done_at = models.DateTimeField(_("pre-boarding finished"), null=True, blank=True)

    objects = OnboardingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("onboarding plan")
        verbose_name_plural = _("onboarding plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"onboarding of {self.employee_id}"


class OnboardingTaskQuerySet(ScopedQuerySet["OnboardingTask"]):
    """Besides HR admins, a task is seen by the person it is assigned to, and a task left
    to a team (IT) by the members of that team's group."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "OnboardingTaskQuerySet":
        mine = Q(assignee=user)
        group = settings.HRFLOW_ONBOARDING_IT_GROUP
        if group and user.groups.filter(name=group).exists():  # type: ignore[attr-defined]
            mine |= Q(assignee__isnull=True, owner_role=OwnerRole.IT)
        return self.filter(mine)

    def open(self) -> "OnboardingTaskQuerySet":
        return self.filter(done_at__isnull=True)

    def overdue(self, today) -> "OnboardingTaskQuerySet":  # type: ignore[no-untyped-def]
        return self.open().filter(due_on__lt=today, plan__status=OnboardingPlan.Status.ACTIVE)


class OnboardingTask(models.Model):
    plan = models.ForeignKey(OnboardingPlan, on_delete=models.CASCADE, related_name="tasks")
    template_task = models.ForeignKey(
        OnboardingTemplateTask,
        verbose_name=_("from template task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title (Chinese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner_role = models.CharField(_("owner"), max_length=10, choices=OwnerRole.choices)
    # Resolved when the plan is made (and again when the buddy changes); empty for a task
    # left to a team (HR, IT), which any member may do.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), db_index=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
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

    objects = OnboardingTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("onboarding task")
        verbose_name_plural = _("onboarding tasks")
        ordering = ["due_on", "order", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(done_at__isnull=True), name="employees_onb_open"
            ),
            models.Index(fields=["assignee", "due_on"], name="employees_onb_assignee"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The English title on English pages, where one was written."""
        language = get_language() or ""
        return self.title_en if self.title_en and language.startswith("en") else self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        return self.done_at is None and self.due_on < (today or timezone.localdate())


class Policy(BaseModel):
    """A company policy the new hire reads and acknowledges (员工手册, 保密制度 …).

    Each version is its own row: an acknowledgement names the version read, so a
    new version asks again.
    """

    code = models.SlugField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("shown in pre-boarding"), default=True)

    # Company policies are read by every signed-in role.
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="employees_policy_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def consent_kind(self) -> str:
        return f"policy:{self.code}"


class PreboardingLink(models.Model):
    """A one-time link to the new hire's pre-boarding pages; only a hash of its secret is kept."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="preboarding_links"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pre-boarding link")
        verbose_name_plural = _("pre-boarding links")
        indexes = [models.Index(fields=["employee", "created_at"], name="employees_prelink_emp")]

    def __str__(self) -> str:
        return f"pre-boarding link {self.pk} for {self.employee_id}"
