"""Who may open the review pages and the review API (see tests/test_url_authorization.py).

Object pages are signed-in only here; tests/employees/performance/test_pages.py opens
them as HR, the employee, the manager the review names, another manager and another
employee (404 outside scope)."""

from hrflow.accounts.roles import Role

EVERYONE = set(Role)

PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "employees:performance-cycle",
    "employees:performance-calibration",
    "employees:performance-calibration-start",  # POST only
    "employees:performance-cycle-close",  # POST only
    "employees:performance-review-calibrate",  # POST only
    "employees:performance-review",
    "employees:performance-review-self",  # POST only
    "employees:performance-review-manager",  # POST only
    "employees:performance-review-acknowledge",  # POST only
    "employees:performance-reviewer-assign",  # POST only, HR
    "employees:performance-reviewer-answer",  # the person asked only
    # HR only (tests/employees/performance/test_template_pages.py opens it as each role).
    "employees:performance-template",
}
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:performance-cycles": {Role.HR_ADMIN},
    "employees:performance-cycle-open": {Role.HR_ADMIN},
    "employees:performance-templates": {Role.HR_ADMIN},
    "employees:performance-template-create": {Role.HR_ADMIN},
    # Anyone may have a review of their own or reviews to write.
    "employees:performance-my-reviews": EVERYONE,
}
API: set[str] = {
    "api:review-cycle-list",
    "api:review-cycle-detail",
    "api:review-list",
    "api:review-detail",
    # POST only; HR (403 for anyone else).
    "api:review-cycle-calibration",
    "api:review-cycle-close",
    "api:review-calibrate",
    # POST only; the employee, the manager the review names (404 outside the scope).
    "api:review-self",
    "api:review-manager",
    "api:review-acknowledge",
}
