"""Documents HR asks a candidate for (ID, certificates) and the files they upload.

Files get the same checks as resumes (type by magic bytes, size) and are stored
under random names outside any public path; only the candidate and the staff who
can see the application download them, through views.
"""

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class DocumentRequestQuerySet(ScopedQuerySet["DocumentRequest"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "DocumentRequestQuerySet":
        return self.filter(application__in=self.related_scope("application", user, roles))


class DocumentRequest(BaseModel):
    class Kind(models.TextChoices):
        ID_DOCUMENT = "id_document", _("ID document")
        DEGREE = "degree", _("Degree certificate")
        CERTIFICATE = "certificate", _("Professional certificate")
        EMPLOYMENT = "employment", _("Proof of previous employment")
        BANK = "bank", _("Bank account details")
        OTHER = "other", _("Other document")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for a new upload")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="document_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("what we ask for"), max_length=160)
    note = models.TextField(_("note to the candidate"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    review_note = models.TextField(_("review note"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DocumentRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.label


def _document_path(instance: "CandidateDocument", filename: str) -> str:
    return f"documents/{uuid.uuid4().hex}{instance.extension}"


class CandidateDocument(models.Model):
    candidate = models.ForeignKey(
        "recruiting.Candidate", on_delete=models.CASCADE, related_name="documents"
    )
    request = models.ForeignKey(
        DocumentRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("extension"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidate document")
        verbose_name_plural = _("candidate documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name
