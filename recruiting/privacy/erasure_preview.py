"""What erasing a candidate would take away, counted before HR confirms.

The confirmation page shows these numbers, so HR sees the size of what cannot be
undone. The counts follow what `candidate_erase` does (see its module
docstring): rows that are only about the person go, rows reports count stay but
lose their text, and whatever is still open (applications, offers waiting for
an answer) ends first. Records merged into the candidate are erased with them,
so they are counted too.
"""

from dataclasses import dataclass

from django.db.models import Q

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


def candidate_and_merged_ids(candidate: Candidate) -> list[int]:
    """The candidate and every record merged into it (at any depth), in pk order."""
    ids, level = {candidate.pk}, [candidate.pk]
    while level:
        level = list(Candidate.objects.filter(merged_into__in=level).values_list("pk", flat=True))
        ids.update(level)
    return sorted(ids)


def erasure_preview(*, candidate: Candidate) -> ErasurePreview:
    ids = candidate_and_merged_ids(candidate)
    applications = Application.objects.filter(candidate__in=ids)
    application_ids = list(applications.values_list("pk", flat=True))
    mine = Q(application__in=application_ids)
    offers = Offer.objects.filter(mine)
    return ErasurePreview(
        resumes=Resume.objects.filter(candidate__in=ids).count(),
        documents=CandidateDocument.objects.filter(candidate__in=ids).count(),
        notes=Note.objects.filter(candidate__in=ids).count(),
        tags=Candidate.tags.through.objects.filter(candidate_id__in=ids).count(),
        applications=len(application_ids),
        assessments=Assessment.objects.filter(mine).count(),
        interviews=Interview.objects.filter(mine).count(),
        offers=offers.count(),
        messages=OutboxMessage.objects.filter(
            Q(candidate_ref__in=ids) | Q(application_ref__in=application_ids)
        ).count(),
        open_applications=applications.filter(status=Application.Status.ACTIVE).count(),
        open_offers=offers.filter(status=Offer.Status.SENT).count(),
    )
