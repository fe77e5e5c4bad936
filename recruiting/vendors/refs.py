"""The reference we give a vendor for an application, and reading it back.

Names the application and nothing personal; the vendor echoes it on results
(VueSim `candidate.external_id`, 面试宝 `outUserId`), which is how a result
finds its application.
"""

from hrflow.core.params import parse_digits
from recruiting.models import Application

CANDIDATE_REF_PREFIX = "hrflow-app-"


def candidate_ref(application: Application) -> str:
    return f"{CANDIDATE_REF_PREFIX}{application.pk}"


def reference_pk(reference: str) -> int | None:
    """The application's key in a reference we gave, or None for anything else (the
    vendor echoes what it likes: `hrflow-app-²` is no reference of ours)."""
    if not reference.startswith(CANDIDATE_REF_PREFIX):
        return None
    return parse_digits(reference[len(CANDIDATE_REF_PREFIX) :])
