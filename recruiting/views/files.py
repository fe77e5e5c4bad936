"""Serving an uploaded file to staff: always as a download, never cached or sniffed."""

from django.http import FileResponse

from recruiting.models import Resume


def resume_download(resume: Resume) -> FileResponse:
    """The resume as an attachment: a browser never renders an uploaded file in our origin."""
    response = FileResponse(
        resume.file.open("rb"),
        as_attachment=True,
        filename=resume.original_name,
        content_type=resume.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
