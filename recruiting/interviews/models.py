"""Interviews HR schedules for an application, and who sits on them.

`uid` and `sequence` are the calendar identity (RFC 5545): every change or
cancellation is sent with the same UID and a higher SEQUENCE, so the
candidate's and interviewers' calendars update the entry instead of adding one.
"""

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class InterviewQuerySet(ScopedQuerySet["Interview"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "InterviewQuerySet":
        """Recruiters and hiring managers: their jobs' interviews; interviewers: their own."""
        visible = Q(interviewers=user)
        if roles & {Role.RECRUITER, Role.HIRING_MANAGER}:
            visible |= Q(application__in=self.related_scope("application", user, roles))
        return self.filter(visible).distinct()


class Interview(BaseModel):
    class Kind(models.TextChoices):
        ONSITE = "onsite", _("Onsite")
        VIDEO = "video", _("Video")
        PHONE = "phone", _("Phone")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    class Response(models.TextChoices):
        PENDING = "pending", _("Awaiting the candidate")
        CONFIRMED = "confirmed", _("Confirmed by the candidate")
        RESCHEDULE = "reschedule", _("Candidate asks to reschedule")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="interviews"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("location"), max_length=255, blank=True)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    note_for_candidate = models.TextField(_("note for the candidate"), blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewers"),
        related_name="interviews_to_give",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    candidate_response = models.CharField(
        _("candidate's answer"), max_length=12, choices=Response.choices, default=Response.PENDING
    )
    candidate_note = models.TextField(_("candidate's note"), blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"], name="recruiting_interview_when")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"
