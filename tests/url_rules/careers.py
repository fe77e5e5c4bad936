"""Who may open the public careers site (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

# Anyone: open jobs only; tests/careers/test_pages.py checks
# that drafts and closed jobs are 404 and that nothing reveals who applied.
PUBLIC = {
    "careers:job-list",
    "careers:job-detail",
    "careers:job-thanks",
}
SIGNED_IN: set[str] = set()
ROLE_ONLY: dict[str, set[Role]] = {}
API: set[str] = set()
