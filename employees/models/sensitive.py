"""The access log of sensitive fields: who revealed what of whom, when and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.scoping import ScopedQuerySet


class SensitiveAccess(models.Model):
    class Field(models.TextChoices):
        ID_NUMBER = "id_number", _("ID number")
        BANK_ACCOUNT = "bank_account", _("Bank account")
        EMERGENCY_CONTACTS = "emergency_contacts", _("Emergency contacts")
        HEALTH_NOTES = "health_notes", _("Health notes")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="sensitive_accesses"
    )
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=200)
    reason = models.CharField(_("why"), max_length=255)
    # What was done: shown (read) or changed (written).
    action = models.CharField(_("action"), max_length=10, default="show")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    # HR admins read the log; no one else (the default scope).
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sensitive data access")
        verbose_name_plural = _("sensitive data access log")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.field} of {self.employee_id}"
