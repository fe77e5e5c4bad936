"""What the employee file keeps: documents (its own copies of the bytes), notes, consents."""

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.encrypted_storage import employee_file_storage


def _document_path(instance: "EmployeeDocument", filename: str) -> str:
    # A random name outside any public path: served only by a view that checked who asks.
    return f"employees/{uuid.uuid4().hex}{instance.extension}"


class EmployeeFileQuerySet(ScopedQuerySet[models.Model]):
    """Documents, notes and consents are HR's and the person's own: a manager does not
    read a report's ID card or HR's notes."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]):  # type: ignore[no-untyped-def]
        return self.filter(employee__user_id=user.pk)


class EmployeeDocument(models.Model):
    class Kind(models.TextChoices):
        RESUME = "resume", _("Resume")
        ID_DOCUMENT = "id_document", _("ID document")
        DEGREE = "degree", _("Degree certificate")
        CERTIFICATE = "certificate", _("Professional certificate")
        EMPLOYMENT = "employment", _("Proof of previous employment (离职证明)")
        BANK = "bank", _("Bank card")
        PHOTO = "photo", _("Photo")
        OFFER_LETTER = "offer_letter", _("Offer letter")
        CONTRACT = "contract", _("Labour contract")
        MEDICAL = "medical", _("Medical certificate (病假证明)")
        LEAVE_PROOF = "leave_proof", _("Proof for a leave request")
        OTHER = "other", _("Other document")

    class Origin(models.TextChoices):
        HIRE = "hire", _("Carried over at hire")
        PREBOARDING = "preboarding", _("Uploaded in pre-boarding")
        HR = "hr", _("Added by HR")
        SELF = "self", _("Uploaded by the employee")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Encrypted at rest: ID copies, contracts and health documents live here.
    file = models.FileField(
        _("file"), upload_to=_document_path, max_length=200, storage=employee_file_storage
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("extension"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    # Where a carried file came from ("recruiting.resume:12"), so a second hire of the
    # same application finds it already copied.
    origin_ref = models.CharField(_("copied from"), max_length=80, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EmployeeFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee document")
        verbose_name_plural = _("employee documents")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "origin_ref"],
                condition=~models.Q(origin_ref=""),
                name="employees_document_copied_once",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.original_name


class EmployeeNote(models.Model):
    """An HR note on the employee, including the recruiting notes carried at hire."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="notes"
    )
    body = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The author's name as it was, so a note keeps its signature after the account goes.
    author_label = models.CharField(_("author"), max_length=200, blank=True)
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    origin_ref = models.CharField(_("copied from"), max_length=80, blank=True)

    objects = EmployeeFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee note")
        verbose_name_plural = _("employee notes")
        ordering = ["-written_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "origin_ref"],
                condition=~models.Q(origin_ref=""),
                name="employees_note_copied_once",
            )
        ]

    def __str__(self) -> str:
        return self.body[:40]


class EmployeeConsent(models.Model):
    """A consent the person gave (as a candidate, or in pre-boarding), with its notice version."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("kind"), max_length=40)
    notice_version = models.CharField(_("notice version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    ip_hash = models.CharField(_("address hash"), max_length=64, blank=True)
    origin_ref = models.CharField(_("copied from"), max_length=80, blank=True)

    objects = EmployeeFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee consent")
        verbose_name_plural = _("employee consents")
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "origin_ref"],
                condition=~models.Q(origin_ref=""),
                name="employees_consent_copied_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.notice_version}"
