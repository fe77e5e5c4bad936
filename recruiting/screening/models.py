"""Screening rules, their versions, and the decisions they made (recruiting.screening.rules)."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel
from recruiting.screening.rules import MissingPolicy, Outcome, Part, RuleSpec, Source


class ScreeningRule(BaseModel):
    """A job's rule, optionally for one stage; what it decides lives in its versions.

    Versions are never edited: saving a rule adds one, so every decision
    names the exact thresholds and weights it was made with.
    """

    job = models.ForeignKey(
        "recruiting.Job", on_delete=models.CASCADE, related_name="screening_rules"
    )
    # The stage whose results the rule judges; empty: whatever stage the application is in.
    stage = models.ForeignKey(
        "recruiting.Stage",
        verbose_name=_("stage"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="screening_rules",
    )
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("screening rule")
        verbose_name_plural = _("screening rules")
        ordering = ["job", "name"]

    def __str__(self) -> str:
        return self.name


class ScreeningRuleVersion(models.Model):
    class Missing(models.TextChoices):
        REWEIGHT = MissingPolicy.REWEIGHT.value, _("Leave it out and share its weight")
        WAIT = MissingPolicy.WAIT.value, _("Wait until every part has a score")

    rule = models.ForeignKey(ScreeningRule, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # [{"source": Source, "weight": "0.6", "dimension": "logical_thinking" or ""}, ...]
    parts = models.JSONField(_("parts"))
    missing_policy = models.CharField(_("when a part is missing"), max_length=10, choices=Missing)
    advance_at = models.DecimalField(_("advance at"), max_digits=5, decimal_places=2)
    advance_to = models.ForeignKey(
        "recruiting.Stage",
        verbose_name=_("advance to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reject_below = models.DecimalField(
        _("reject below"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reject_reason = models.ForeignKey(
        "recruiting.RejectionReason",
        verbose_name=_("rejection reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Off unless the company turns it on: a reject is otherwise a suggestion a person confirms.
    auto_reject = models.BooleanField(_("reject without review"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("screening rule version")
        verbose_name_plural = _("screening rule versions")
        ordering = ["rule", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="recruiting_one_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self.rule.name} v{self.number}"

    def spec(self) -> RuleSpec:
        return RuleSpec(
            parts=tuple(
                Part(Source(p["source"]), Decimal(p["weight"]), p.get("dimension", ""))
                for p in self.parts
            ),
            missing=MissingPolicy(self.missing_policy),
            advance_at=self.advance_at,
            reject_below=self.reject_below,
        )


class ScreeningDecisionQuerySet(ScopedQuerySet["ScreeningDecision"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "ScreeningDecisionQuerySet":
        return self.filter(application__in=self.related_scope("application", user, roles))


class ScreeningDecision(models.Model):
    """What a rule version decided for an application, with everything it was given."""

    class State(models.TextChoices):
        # Context: "carried out", not the "applied" of a job application.
        APPLIED = "applied", pgettext_lazy("screening decision", "Applied")
        REVIEW = "review", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed")
        OVERRIDDEN = "overridden", _("Overridden")
        SUPERSEDED = "superseded", _("Superseded")
        WAITING = "waiting", _("Waiting for scores")

    class Result(models.TextChoices):
        ADVANCE = Outcome.ADVANCE.value, _("Advance")
        HOLD = Outcome.HOLD.value, _("Needs review")
        REJECT = Outcome.REJECT.value, _("Reject")
        WAITING = Outcome.WAITING.value, _("Waiting for scores")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="screening_decisions"
    )
    version = models.ForeignKey(
        ScreeningRuleVersion, on_delete=models.PROTECT, related_name="decisions"
    )
    # {"parts": [{"key", "weight", "score"}], "missing": [key, ...]}
    inputs = models.JSONField(_("inputs"))
    composite = models.DecimalField(
        _("composite score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Result)
    state = models.CharField(_("state"), max_length=12, choices=State)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScreeningDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The review queue: oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(state="review"),
                name="recruiting_review_queue",
            ),
            models.Index(fields=["application", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.outcome} ({self.version})"
