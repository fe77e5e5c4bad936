"""Who may open the candidate portal and HR's pages behind it (tests/test_url_authorization.py).

CANDIDATE pages need a portal session: anyone else, staff included, is sent to
the portal's sign-in. tests/portal/test_idor.py opens each of
them with another candidate's ids (404, nothing leaked).
"""

from hrflow.accounts.roles import Role

PUBLIC = {
    "portal:sign-in",
    "portal:link",
    "portal:sign-out",  # POST only; signs nobody out but the caller
}
CANDIDATE = {
    "portal:home",
    "portal:application",
    "portal:withdraw",
    "portal:survey",
    "portal:messages",
    "portal:interview",
    "portal:interview-calendar",
    "portal:document-upload",
    "portal:document-file",
    "portal:offer",
    "portal:offer-letter",
    "portal:offer-answer",
    "portal:my-data",
    "portal:data-export",
    "portal:data-erase",
}
# HR's side: object pages scoped to the application's job (404 outside it).
SIGNED_IN = {
    "recruiting:candidate-message",
    "recruiting:offer-create",
    "recruiting:application-hire",
    "recruiting:offer-letter",
    "recruiting:offer-withdraw",
    "recruiting:document-request",
    "recruiting:document-review",
    "recruiting:document-file",
    "recruiting:deletion-decide",
}
ROLE_ONLY: dict[str, set[Role]] = {
    "recruiting:deletion-requests": {Role.HR_ADMIN, Role.RECRUITER},
}
API: set[str] = set()
