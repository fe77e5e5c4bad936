"""A candidate's files as downloads: shared by the staff pages and the candidate portal.

Whoever calls these has already checked that the user may see the file.
"""

from django.http import FileResponse

from hrflow.core.private_files import private_file
from recruiting.models import CandidateDocument, Offer, Resume


def resume_download(resume: Resume) -> FileResponse:
    return private_file(resume.file, name=resume.original_name, content_type=resume.content_type)


def document_download(document: CandidateDocument) -> FileResponse:
    return private_file(
        document.file, name=document.original_name, content_type=document.content_type
    )


def offer_letter_download(offer: Offer, *, inline: bool = False) -> FileResponse:
    """Inline for the candidate's own reading (a checked PDF, sandboxed), else an attachment."""
    return private_file(
        offer.letter, name=offer.letter_name, content_type="application/pdf", inline=inline
    )
