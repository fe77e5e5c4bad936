"""Candidates (one record per person), their resumes, notes and tags."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CandidateQuerySet(ScopedQuerySet["Candidate"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "CandidateQuerySet":
        # A candidate is visible through an application to a job the user works on.
        visible = self.related_scope("applications", user, roles).values("candidate_id")
        return self.filter(pk__in=visible)

    def live(self) -> "CandidateQuerySet":
        """Candidates not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Candidate(BaseModel):
    """A person, however many times they apply.

    Email and phone are stored normalised (lower-case address, E.164 number) so
    that duplicates are found by equality. A record merged into another keeps
    `merged_into` and no applications of its own.
    """

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", _("Simplified Chinese")
        EN = "en", _("English")

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    current_company = models.CharField(_("current company"), max_length=120, blank=True)
    current_title = models.CharField(_("current title"), max_length=120, blank=True)
    education = models.CharField(_("education"), max_length=160, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    # How the candidate wants to hear from us; portal messages are always kept.
    notify_by_email = models.BooleanField(_("e-mail me"), default=True, db_default=True)
    notify_by_sms = models.BooleanField(_("text me (SMS)"), default=True, db_default=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="+")
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
    )
    # Pinyin of the name (full and initials), so "zhangwei" or "zw" finds 张伟.
    name_pinyin = models.CharField(_("name in pinyin"), max_length=300, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Set when the person's data was erased at their request: the row stays so
    # that applications and reports keep their counts, holding nothing personal.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-created_at"]
        permissions = [("merge_candidate", _("Can merge two candidate records"))]
        indexes = [
            GinIndex(fields=["search_vector"], name="recruiting_cand_search"),
            # Newest first: the search walks it backwards for broad matches.
            models.Index(fields=["created_at", "id"], name="recruiting_cand_created"),
            # A job's score sheet by name: walked in order, each candidate's application
            # to the job looked up, instead of sorting a 100,000-application job.
            models.Index(fields=["full_name"], name="recruiting_cand_name"),
            # One or two characters inside a name (recruiting/lookups.py, has_piece).
            GinIndex(
                Func(
                    F("full_name"),
                    function="recruiting_name_ngrams",
                    output_field=ArrayField(models.TextField()),
                ),
                name="recruiting_cand_name_pieces",
            ),
            # Exact and prefix name matches (Django's iexact/istartswith use UPPER()).
            models.Index(
                OpClass(Upper("full_name"), name="text_pattern_ops"),
                name="recruiting_cand_name_upper",
            ),
            # Exact full-pinyin matches ("zhangwei" is the first word of name_pinyin).
            models.Index(
                fields=["name_pinyin"],
                name="recruiting_cand_pinyin_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            GinIndex(
                fields=["full_name"],
                name="recruiting_cand_name_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["name_pinyin"],
                name="recruiting_cand_pinyin_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def shown_name(self) -> str:
        """The name pages show: after erasure "Erased candidate #241" in the reader's
        language (the stored name is a bilingual placeholder, for logs and search)."""
        if self.erased_at is not None:
            return str(_("Erased candidate #%(pk)s") % {"pk": self.pk})
        return self.full_name


class ResumeQuerySet(ScopedQuerySet["Resume"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "ResumeQuerySet":
        # The person's resumes go with the person; a file nobody has confirmed
        # yet only with the application it was sent with.
        return self.filter(
            models.Q(
                verified_at__isnull=False,
                candidate__in=Candidate.objects.all().scope_for(user, roles),
            )
            | models.Q(
                verified_at__isnull=True,
                sent_with__in=self.related_scope("sent_with", user, roles),
            )
        )

    def verified(self) -> "ResumeQuerySet":
        """The person's own resumes: uploaded by staff, or confirmed since."""
        return self.filter(verified_at__isnull=False)


def _resume_path(instance: "Resume", filename: str) -> str:
    # Server-generated names only: the uploaded name never reaches the file system.
    return f"resumes/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Resume(BaseModel):
    """A resume file, stored privately; its text is kept for search.

    One sent through the public careers form may come from anyone who typed
    the person's address, so until the person signs in with their one-time
    link or HR accepts it (`verified_at`), it belongs to the application it
    was sent with only: shown there, never as the person's resume elsewhere,
    nor in search (recruiting.services.resumes).
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="resumes")
    file = models.FileField(_("file"), upload_to=_resume_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("extension"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("text"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_with = models.ForeignKey(
        "recruiting.Application",
        verbose_name=_("sent with the application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resumes_sent",
    )
    # When the file became the person's: at once for staff uploads; for one
    # sent with an application, when they signed in or HR accepted it.
    verified_at = models.DateTimeField(_("confirmed as theirs at"), null=True, blank=True)

    objects = ResumeQuerySet.as_manager()

    class Meta:
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")
        ordering = ["-created_at"]
        indexes = [
            # Substring search in resume text (Chinese phrases have no word breaks).
            GinIndex(
                fields=["text"], name="recruiting_resume_text_trgm", opclasses=["gin_trgm_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class NoteQuerySet(ScopedQuerySet["Note"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "NoteQuerySet":
        # A note about one application is seen by that job's team only; a note
        # about the person is seen by whoever sees the person.
        visible_applications = self.related_scope("application", user, roles)
        return self.filter(
            models.Q(application__in=visible_applications)
            | models.Q(
                application__isnull=True,
                candidate__in=Candidate.objects.all().scope_for(user, roles),
            )
        )


class Note(BaseModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    application = models.ForeignKey(
        "recruiting.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("note"))

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:60]
