"""Legal numbers as dated data: probation limits, deadlines, thresholds (china-rules.md).

One row is one rule's value from `effective_from` on, for the whole country
(`region` empty) or one province or city. A rule that changes gets a new row
with a later date; old rows stay, so a contract signed in 2025 is checked
against the rule of 2025. HR admins edit rows; code reads them only through
`employees.selectors.rules.legal_rule`.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class LegalRuleQuerySet(ScopedQuerySet["LegalRule"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "LegalRuleQuerySet":
        return self.all()  # the law is public; only HR admins change it


class LegalRule(BaseModel):
    code = models.CharField(_("rule"), max_length=80)
    region = models.CharField(
        _("region"), max_length=40, blank=True, help_text=_("Empty for the whole country.")
    )
    effective_from = models.DateField(_("in force from"))
    value = models.JSONField(_("value"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    source_title = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)

    objects = LegalRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal rule")
        verbose_name_plural = _("legal rules")
        ordering = ["code", "region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "region", "effective_from"], name="employees_rule_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.region or 'CN'} {self.effective_from}"
