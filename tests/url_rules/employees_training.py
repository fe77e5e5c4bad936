"""Who may open the skills and training pages (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

EVERYONE = set(Role)

PUBLIC: set[str] = set()
# POST actions and one object's pages: signed-in only here; tests/employees/training
# covers whose ids each user may name.
SIGNED_IN: set[str] = {
    "employees:training-enrol",
    "employees:training-enrolment-complete",
    "employees:training-enrolment-cancel",
    "employees:training-course",
    "employees:training-course-effect",
    "employees:training-session-add",
    # The signed-in employee's own training: 404 for an account with no employee record.
    "employees:training-mine",
}
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:training-courses": {Role.HR_ADMIN},
    "employees:training-course-create": {Role.HR_ADMIN},
    "employees:training-settings": {Role.HR_ADMIN},
    "employees:skills-requirements": {Role.HR_ADMIN},
    # A manager's direct reports' suggestions; anyone else sees an empty page.
    "employees:training-team": EVERYONE,
}
API: set[str] = {
    "api:course-list",
    "api:course-detail",
    "api:enrolment-list",
    "api:enrolment-complete",
    "api:enrolment-cancel",
    "api:employee-skills",
}
