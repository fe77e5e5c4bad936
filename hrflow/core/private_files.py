"""Serving an uploaded file: only through a view that checked who asks, never cached or sniffed.

Uploads (resumes, documents, offer letters, and later an employee's files) live under
random names outside any public path; these responses are the only way out.
"""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_file(
    stored: FieldFile, *, name: str, content_type: str, inline: bool = False
) -> FileResponse:
    """The file as an attachment (a browser never renders an upload in our origin), or,
    for a checked PDF, inline; either way in a sandbox where it cannot run anything of ours."""
    response = FileResponse(
        stored.open("rb"), as_attachment=not inline, filename=name, content_type=content_type
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
