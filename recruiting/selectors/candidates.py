"""Candidate search and the profile: everything about one person on one page."""

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    Note,
    Resume,
    Tag,
)
from recruiting.models.applications import StageTransition
from recruiting.normalize import normalize_email, normalize_phone


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


def candidate_search(*, viewer: User, q: str = "", tag: str = "") -> QuerySet[Candidate]:
    """Search by name (Chinese, English or pinyin), e-mail, phone, resume text and tags.

    Each way of matching is its own indexed query (full-text on the search
    document, trigram on name and pinyin, substring on resume text, exact
    contacts, tags); their ids are unioned, so no search reads the whole
    candidate table. PostgreSQL has no Chinese word splitter, hence substring
    and trigram matching for Chinese text. Best name matches first.
    """
    candidates = scoped(Candidate.objects.live(), viewer)
    if tag:
        candidates = candidates.filter(tags__name=tag)
    q = " ".join(q.split())
    if not q:
        return candidates.order_by("-created_at")
    query = SearchQuery(q, config="simple", search_type="websearch")
    similarity = Greatest(
        TrigramSimilarity("full_name", q), TrigramSimilarity("name_pinyin", q.lower())
    )
    return (
        candidates.filter(pk__in=_matching_ids(q, query))
        .annotate(similarity=similarity, rank=SearchRank(F("search_vector"), query))
        .order_by("-similarity", "-rank", "-created_at")
    )


PHONE_LIKE = re.compile(r"[+\d][\d\s()\-]{5,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _matching_ids(q: str, query: SearchQuery) -> QuerySet[Any]:
    """Ids of candidates matching `q` in any way, as one UNION of indexed queries."""
    if "@" in q:
        # An address finds its owner, not namesakes whose pinyin looks alike.
        return Candidate.objects.filter(email__iexact=normalize_email(q)).values("pk")
    if PHONE_LIKE.fullmatch(q):
        with contextlib.suppress(ValueError):
            return Candidate.objects.filter(phone=normalize_phone(q)).values("pk")
    # .order_by() drops the model's default ordering: a UNION branch needs no sort.
    parts = [
        Candidate.objects.filter(search_vector=query).values("pk").order_by(),
        Candidate.objects.filter(full_name__icontains=q).values("pk").order_by(),
        Candidate.objects.filter(full_name__trigram_similar=q).values("pk").order_by(),
        Candidate.tags.through.objects.filter(tag__name__iexact=q).values("candidate_id"),
        Resume.objects.filter(text__icontains=q).values("candidate_id").order_by(),
    ]
    if not CJK.search(q):
        # Only Latin letters can be pinyin; a Chinese query skips these two scans.
        pinyin = q.lower().replace(" ", "")
        parts += [
            Candidate.objects.filter(name_pinyin__icontains=pinyin).values("pk").order_by(),
            Candidate.objects.filter(name_pinyin__trigram_similar=pinyin).values("pk").order_by(),
        ]
    return parts[0].union(*parts[1:])


@dataclass(frozen=True)
class Profile:
    candidate: Candidate
    applications: list[Application]
    resumes: list[Resume]
    notes: list[Note]
    tags: list[Tag]
    duplicates: list[Candidate]


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
        )
        .order_by("-applied_at")
    )
    return Profile(
        candidate=candidate,
        applications=applications,
        resumes=list(candidate.resumes.all()),
        notes=list(
            scoped(Note.objects.filter(candidate=candidate), viewer).select_related(
                "author", "application__job"
            )
        ),
        tags=list(candidate.tags.all()),
        duplicates=list(scoped(candidate_duplicates(candidate), viewer)[:10]),
    )


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
        matches = candidate_search(viewer=viewer, q=q).values("pk")
        pool = pool.filter(candidate__in=matches)
    return pool.order_by("-archived_at", "-pk")


def resume_get(*, viewer: User, pk: int) -> Resume:
    return get_scoped_or_404(Resume.objects.all(), viewer, pk=pk)
