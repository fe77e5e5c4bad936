"""What erasing a candidate would take away, counted before HR confirms.

The confirmation page shows these numbers, so HR sees the size of what cannot be
undone. The counts follow what `candidate_erase` does (see its module
docstring): rows that are only about the person go, rows reports count stay but
lose their text, and whatever is still open (applications, offers waiting for
an answer) ends first. Records merged into the candidate are erased with them,
so they are counted too.

Counted within the viewer's scope, like every page: a recruiter sees the numbers of
their own jobs and, when the person has records elsewhere, only that those go too
(`elsewhere`), never how many.
"""

from dataclasses import dataclass

from django.db.models import Q

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from hrflow.notifications.models import OutboxMessage
from recruiting.models import (
    Application,
    Assessment,
    Candidate,
    CandidateDocument,
    Interview,
    Note,
    Offer,
    Resume,
)


@dataclass(frozen=True)
class ErasurePreview:
    # Deleted with their files.
    resumes: int
    documents: int
    # Deleted.
    notes: int
    tags: int
    # Kept nameless for the counts, their free text and vendor payloads blanked.
    applications: int
    assessments: int
    interviews: int
    offers: int
    messages: int
    # Ended (withdrawn) before the erasure.
    open_applications: int
    open_offers: int
    # The person has applications the viewer may not see: erased too, not counted here.
    elsewhere: bool


def candidate_and_merged_ids(candidate: Candidate) -> list[int]:
    """The candidate and every record merged into it (at any depth), in pk order."""
    ids, level = {candidate.pk}, [candidate.pk]
    while level:
        level = list(Candidate.objects.filter(merged_into__in=level).values_list("pk", flat=True))
        ids.update(level)
    return sorted(ids)


def erasure_preview(*, candidate: Candidate, viewer: User) -> ErasurePreview:
    ids = candidate_and_merged_ids(candidate)
    everyone = Application.objects.filter(candidate__in=ids)
    applications = scoped(everyone, viewer)
    application_ids = list(applications.values_list("pk", flat=True))
    mine = Q(application__in=application_ids)
    offers = scoped(Offer.objects.filter(mine), viewer)
    return ErasurePreview(
        resumes=Resume.objects.filter(candidate__in=ids).count(),
        documents=CandidateDocument.objects.filter(candidate__in=ids).count(),
        notes=scoped(Note.objects.filter(candidate__in=ids), viewer).count(),
        tags=Candidate.tags.through.objects.filter(candidate_id__in=ids).count(),
        applications=len(application_ids),
        assessments=scoped(Assessment.objects.filter(mine), viewer).count(),
        interviews=scoped(Interview.objects.filter(mine), viewer).count(),
        offers=offers.count(),
        messages=OutboxMessage.objects.filter(
            Q(candidate_ref__in=ids, application_ref__isnull=True)
            | Q(application_ref__in=application_ids)
        ).count(),
        open_applications=applications.filter(status=Application.Status.ACTIVE).count(),
        open_offers=offers.filter(status=Offer.Status.SENT).count(),
        elsewhere=everyone.exclude(pk__in=application_ids).exists(),
    )
