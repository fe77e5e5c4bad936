"""Who may open these URLs (see tests/test_url_authorization.py).

API URLs answer callers without a session or token with 401/403 JSON; which
rows a signed-in caller sees is tested per role in tests/recruiting/api. The
docs are a page people open in a browser, so a signed-out visit goes to the
sign-in page like any staff page (issue 14, point 19).
"""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"api:docs"}
ROLE_ONLY: dict[str, set[Role]] = {}
API: set[str] = {
    "api:root",
    "api:job-list",
    "api:job-detail",
    "api:job-status",
    "api:stage-list",
    "api:stage-detail",
    "api:candidate-list",
    "api:candidate-detail",
    "api:application-list",
    "api:application-detail",
    "api:application-move",
    "api:application-hire",
    "api:application-reject",
    "api:application-bulk-move",
    "api:application-bulk-reject",
    "api:application-written-test",
    "api:transition-list",
    "api:transition-detail",
    "api:assessment-list",
    "api:assessment-detail",
    "api:note-list",
    "api:note-detail",
    "api:employee-list",
    "api:employee-detail",
    "api:employee-job-change",
    "api:employee-contacts",
    "api:position-list",
    "api:position-detail",
    "api:department-list",
    "api:department-detail",
    "api:contract-list",
    "api:contract-detail",
    "api:event-list",
    "api:schema",
}
