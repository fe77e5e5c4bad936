"""The candidate profile (everything about one person on one page), duplicates, talent pool."""

import contextlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.notifications.events import EVENTS
from hrflow.notifications.models import OutboxMessage
from integrations.models import SOURCE_KEY_PREFIX, VendorConnection
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    DeletionRequest,
    DocumentRequest,
    Interview,
    Note,
    Offer,
    Resume,
    ScreeningAnswer,
    ScreeningDecision,
    Tag,
)
from recruiting.models.applications import StageTransition
from recruiting.normalize import normalize_email, normalize_phone
from recruiting.selectors.search import candidate_match_condition
from recruiting.services.assessments import RESUME_MATCH_SOURCE


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

    @staticmethod
    def has(application: Application, kind: str) -> bool:
        """Whether the application has rows of a kind in APPLICATION_FLAGS ("interviews")."""
        return _flag(application, f"has_{kind}")


PROFILE_MESSAGES = 100


def candidate_profile(*, viewer: User, pk: int) -> Profile:
    """The person, every application the viewer may see with its timeline and assessments.

    One query per kind of thing the person has, none for kinds they have none of:
    the candidate and the applications each come with EXISTS flags saying which
    lists hold rows (most people have no offer, document request, decision,
    interview, resume or duplicate), so the page costs five queries of its own for
    someone who only applied, and one more per kind they do have.
    """
    candidate = get_scoped_or_404(
        _with_flags(Candidate.objects.defer("search_vector")), viewer, pk=pk
    )
    applications = list(
        scoped(Application.objects.filter(candidate=candidate), viewer)
        .exclude(status=Application.Status.MERGED)
        .select_related("job", "job__department", "stage", "rejection_reason", "referrer")
        .annotate(
            **{
                flag: _exists(model, "application_id", Application)
                for flag, model in APPLICATION_FLAGS.items()
            }
        )
        .order_by("-applied_at")
    )
    prefetch_related_objects(applications, *_application_lists(applications))
    _vendor_names_attach(applications)
    resumes = list(candidate.resumes.all()) if _flag(candidate, "has_resumes") else []
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
        )
        if _flag(candidate, "has_notes")
        else [],
        tags=list(candidate.tags.all()) if _flag(candidate, "has_tags") else [],
        duplicates=list(scoped(candidate_duplicates(candidate), viewer)[:10])
        if _flag(candidate, "has_duplicates")
        else [],
        decisions=_decisions_by_application([a for a in applications if _flag(a, "has_decisions")]),
        messages=_messages_about(candidate, applications)
        if _flag(candidate, "has_messages")
        else [],
        deletion_requests=list(candidate.deletion_requests.order_by("-created_at")[:5])
        if _flag(candidate, "has_deletion_requests")
        else [],
    )


def _vendor_names_attach(applications: list[Application]) -> None:
    """Name each vendor's assessment by its connection ("VueSim"), one query when any
    assessment came from a connection; HR's own entries have none."""
    assessments = [a for application in applications for a in application.assessments.all()]
    uuids = {
        a.source.removeprefix(SOURCE_KEY_PREFIX)
        for a in assessments
        if a.source.startswith(SOURCE_KEY_PREFIX)
    }
    names: dict[str, str] = {}
    if uuids:
        with contextlib.suppress(ValidationError):  # a key that is no uuid names nothing
            names = {
                f"{SOURCE_KEY_PREFIX}{uuid}": name
                for uuid, name in VendorConnection.objects.filter(uuid__in=uuids).values_list(
                    "uuid", "name"
                )
            }
    for assessment in assessments:
        assessment.vendor_name = names.get(assessment.source, "")  # type: ignore[attr-defined]


# Which lists an application has rows in: annotated as EXISTS on the
# applications query, so a list nobody has rows in costs no query.
APPLICATION_FLAGS: dict[str, type[Model]] = {
    "has_offers": Offer,
    "has_document_requests": DocumentRequest,
    "has_screening_answers": ScreeningAnswer,
    "has_decisions": ScreeningDecision,
    "has_interviews": Interview,
}
# The same for the person's own lists: (model, its column naming the candidate).
CANDIDATE_FLAGS: dict[str, tuple[type[Model], str]] = {
    "has_resumes": (Resume, "candidate_id"),
    "has_notes": (Note, "candidate_id"),
    "has_tags": (Candidate.tags.through, "candidate_id"),
    "has_deletion_requests": (DeletionRequest, "candidate_id"),
    "has_messages": (OutboxMessage, "candidate_ref"),
}


def _flag(row: Model, name: str) -> bool:
    """An EXISTS flag annotated on a row (see _with_flags and APPLICATION_FLAGS)."""
    return bool(getattr(row, name))


def _exists(model: type[Model], column: str, outer: type[Model]) -> RawSQL:
    """EXISTS (a row of `model` whose `column` holds the outer row's id), written out.

    Raw SQL from the models' own table names, no input in it: eleven ORM-built
    Exists() cost the profile several milliseconds of cloning and compiling
    subqueries on every request, more than PostgreSQL takes to answer them.
    """
    table, outer_table = model._meta.db_table, outer._meta.db_table
    return RawSQL(  # noqa: S611 - table and column names from our models, never input
        f'EXISTS (SELECT 1 FROM "{table}" WHERE "{table}"."{column}" = "{outer_table}"."id")',  # noqa: S608
        (),
        output_field=BooleanField(),
    )


def _with_flags(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Annotate which of the profile's lists about the person hold rows (EXISTS each)."""
    return candidates.annotate(
        **{
            flag: _exists(model, column, Candidate)
            for flag, (model, column) in CANDIDATE_FLAGS.items()
        },
        has_duplicates=Exists(
            Candidate.objects.live()
            .filter(
                # As candidate_duplicates: the same e-mail or phone, blanks never match.
                (Q(email=OuterRef("email")) & ~Q(email=""))
                | (Q(phone=OuterRef("phone")) & ~Q(phone=""))
            )
            .exclude(pk=OuterRef("pk"))
        ),
    )


def _application_lists(applications: list[Application]) -> list[Prefetch]:
    """The per-application lists to load: every one in one query each, an empty one
    (a none() queryset, which Django answers without the database) where no
    application has rows."""

    def wanted(flag: str, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset if any(_flag(a, flag) for a in applications) else queryset.none()

    return [
        Prefetch(
            "transitions",
            queryset=StageTransition.objects.select_related(
                "from_stage", "to_stage", "actor", "rejection_reason"
            ).order_by("created_at", "pk"),
        ),
        Prefetch(
            "assessments",
            # Not the vendor's raw payload: the page shows the parsed result, and decoding
            # each attempt's payload cost more than the rest of the query.
            # hrflow's own resume match is shown with its keywords by its own panel.
            queryset=Assessment.objects.defer("raw")
            .exclude(source=RESUME_MATCH_SOURCE)
            .order_by("-completed_at", "-pk")
            .prefetch_related(
                Prefetch(
                    "dimension_scores",
                    queryset=AssessmentDimensionScore.objects.select_related("dimension").order_by(
                        "dimension__code"
                    ),
                )
            ),
        ),
        Prefetch("offers", queryset=wanted("has_offers", Offer.objects.select_related("sent_by"))),
        Prefetch(
            "document_requests",
            queryset=wanted(
                "has_document_requests", DocumentRequest.objects.prefetch_related("documents")
            ),
        ),
        Prefetch(
            "screening_answers",
            # The question's kind says how to show the answer (yes/no in words).
            queryset=wanted(
                "has_screening_answers",
                ScreeningAnswer.objects.select_related("question").order_by("pk"),
            ),
        ),
    ]


def _decisions_by_application(
    applications: list[Application],
) -> dict[int, list[ScreeningDecision]]:
    grouped: dict[int, list[ScreeningDecision]] = {}
    if not applications:
        return grouped
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
        pool = pool.filter(candidate_match_condition(viewer=viewer, q=q))
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
