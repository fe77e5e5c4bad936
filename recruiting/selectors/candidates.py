"""The candidate profile (everything about one person on one page), duplicates, talent pool."""

import contextlib
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.notifications.events import EVENTS
from hrflow.notifications.models import OutboxMessage
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    DeletionRequest,
    DocumentRequest,
    Note,
    Offer,
    Resume,
    ScreeningAnswer,
    ScreeningDecision,
    Tag,
)
from recruiting.models.applications import StageTransition
from recruiting.normalize import normalize_email, normalize_phone
from recruiting.selectors.search import candidate_matches


def candidate_find_by_contact(*, email: str = "", phone: str = "") -> Candidate | None:
    """The live candidate with this address or number, if any (the oldest record wins)."""
    condition = Q()
    if email.strip():
        condition |= Q(email=normalize_email(email))
    if phone.strip():
        with contextlib.suppress(ValueError):
            condition |= Q(phone=normalize_phone(phone))
    if not condition:
        return None
    return Candidate.objects.live().filter(condition).order_by("created_at", "pk").first()


def candidate_duplicates(candidate: Candidate) -> QuerySet[Candidate]:
    """Other live records sharing this candidate's e-mail or phone."""
    condition = Q()
    if candidate.email:
        condition |= Q(email=candidate.email)
    if candidate.phone:
        condition |= Q(phone=candidate.phone)
    if not condition:
        return Candidate.objects.none()
    return Candidate.objects.live().filter(condition).exclude(pk=candidate.pk)


@dataclass(frozen=True)
class Profile:
    candidate: Candidate
    applications: list[Application]
    # The person's own resumes, newest first; and the files sent with an
    # application the viewer may see, not yet confirmed as the person's.
    resumes: list[Resume]
    unconfirmed_resumes: dict[int, list[Resume]]
    notes: list[Note]
    tags: list[Tag]
    duplicates: list[Candidate]
    # Screening decisions per application (newest first), and every message sent
    # to the candidate about what the viewer may see, with its delivery status.
    decisions: dict[int, list[ScreeningDecision]]
    messages: list[OutboxMessage]
    # The candidate's own requests from the portal (erase my data) that HR decides.
    deletion_requests: list[DeletionRequest]


PROFILE_MESSAGES = 100


def candidate_profile(*, viewer: User, pk: int) -> Profile:
    """The person, every application the viewer may see with its timeline and assessments.

    A fixed number of queries: the candidate, then one query per related list.
    """
    candidate = get_scoped_or_404(Candidate.objects.all(), viewer, pk=pk)
    applications = list(
        scoped(Application.objects.filter(candidate=candidate), viewer)
        .exclude(status=Application.Status.MERGED)
        .select_related("job", "job__department", "stage", "rejection_reason", "referrer")
        .prefetch_related(  # type: ignore[type-var]  # django-stubs: nested Prefetch
            Prefetch(
                "transitions",
                queryset=StageTransition.objects.select_related(
                    "from_stage", "to_stage", "actor", "rejection_reason"
                ).order_by("created_at", "pk"),
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.order_by("-completed_at", "-pk").prefetch_related(
                    Prefetch(
                        "dimension_scores",
                        queryset=AssessmentDimensionScore.objects.select_related(
                            "dimension"
                        ).order_by("dimension__code"),
                    )
                ),
            ),
            Prefetch("offers", queryset=Offer.objects.select_related("sent_by")),
            Prefetch(
                "document_requests",
                queryset=DocumentRequest.objects.prefetch_related("documents"),
            ),
            Prefetch(
                "screening_answers",
                # The question's kind says how to show the answer (yes/no in words).
                queryset=ScreeningAnswer.objects.select_related("question").order_by("pk"),
            ),
        )
        .order_by("-applied_at")
    )
    resumes = list(candidate.resumes.all())
    visible = {application.pk for application in applications}
    unconfirmed: dict[int, list[Resume]] = {}
    for resume in resumes:
        if resume.verified_at is None and resume.sent_with_id in visible:
            unconfirmed.setdefault(resume.sent_with_id, []).append(resume)
    return Profile(
        candidate=candidate,
        applications=applications,
        resumes=[resume for resume in resumes if resume.verified_at is not None],
        unconfirmed_resumes=unconfirmed,
        notes=list(
            scoped(Note.objects.filter(candidate=candidate), viewer).select_related(
                "author", "application__job"
            )
        ),
        tags=list(candidate.tags.all()),
        duplicates=list(scoped(candidate_duplicates(candidate), viewer)[:10]),
        decisions=_decisions_by_application(applications),
        messages=_messages_about(candidate, applications),
        deletion_requests=list(candidate.deletion_requests.order_by("-created_at")[:5]),
    )


def _decisions_by_application(
    applications: list[Application],
) -> dict[int, list[ScreeningDecision]]:
    grouped: dict[int, list[ScreeningDecision]] = {}
    for decision in (
        ScreeningDecision.objects.filter(application__in=[a.pk for a in applications])
        .select_related("version__rule", "decided_by")
        .order_by("-created_at", "-pk")
    ):
        grouped.setdefault(decision.application_id, []).append(decision)
    return grouped


def _messages_about(candidate: Candidate, applications: list[Application]) -> list[OutboxMessage]:
    """Messages about the applications the viewer may see, or about none (a general notice)."""
    about_visible = Q(application_ref__in=[a.pk for a in applications]) | Q(
        application_ref__isnull=True
    )
    messages = list(
        OutboxMessage.objects.filter(about_visible, candidate_ref=candidate.pk).order_by(
            "-created_at", "-pk"
        )[:PROFILE_MESSAGES]
    )
    for message in messages:
        if message.event in EVENTS and EVENTS[message.event].secret:
            # A sign-in link: staff see that it went out, never the link itself.
            message.body = gettext("(a one-time sign-in link; its text is not shown)")
    return messages


def talent_pool(*, viewer: User, q: str = "", reason: str = "") -> QuerySet[Application]:
    """Archived applications (rejected or withdrawn) HR may recall into another job."""
    pool = (
        scoped(Application.objects.in_talent_pool(), viewer)
        .exclude(status=Application.Status.MERGED)
        .filter(candidate__merged_into__isnull=True)
        .select_related("candidate", "job", "stage", "rejection_reason")
    )
    if reason:
        pool = pool.filter(rejection_reason__code=reason)
    if q.strip():
        pool = pool.filter(candidate__in=candidate_matches(viewer=viewer, q=q).values("pk"))
    return pool.order_by("-archived_at", "-pk")


def resume_get(*, viewer: User, pk: int) -> Resume:
    return get_scoped_or_404(Resume.objects.all(), viewer, pk=pk)


def resume_for_application(application: Application) -> Resume | None:
    """The resume to read for this application: the newest of the person's own and of
    the files sent with this very application (confirmed or not); None if none."""
    return (
        Resume.objects.filter(candidate_id=application.candidate_id)
        .filter(Q(verified_at__isnull=False) | Q(sent_with=application))
        .order_by("-created_at", "-pk")
        .first()
    )
