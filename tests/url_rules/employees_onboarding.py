"""Who may open the onboarding pages and the new hire's pre-boarding (test_url_authorization).

NEW_HIRE pages need a pre-boarding session (opened by a one-time link): anyone
else, staff included, gets the page that asks for the link (403).
tests/employees/test_preboarding.py opens them with another person's ids (404).
"""

from hrflow.accounts.roles import Role

PUBLIC = {
    "employees:welcome-link",
    "employees:welcome-renew",  # POST only; tells HR once per link
    "employees:welcome-sign-out",
}
NEW_HIRE = {
    "employees:welcome-home",
    "employees:welcome-edit",
    "employees:welcome-documents",
    "employees:welcome-document-file",
    "employees:welcome-policies",
    "employees:welcome-policy",
    "employees:welcome-first-day",
    "employees:welcome-finish",
}
# Object pages: scoped (HR admins all; the new hire's manager, buddy and the person).
SIGNED_IN = {
    "employees:onboarding-my-tasks",
    "employees:onboarding-plan",
    "employees:onboarding-task-done",
    "employees:onboarding-invite",
    "employees:onboarding-buddy",
    "employees:onboarding-template",
    "employees:onboarding-template-task-add",
    "employees:onboarding-template-task",
    "employees:onboarding-template-task-delete",
}
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:onboarding-plans": {Role.HR_ADMIN},
    "employees:onboarding-templates": {Role.HR_ADMIN},
    "employees:onboarding-template-create": {Role.HR_ADMIN},
}
API: set[str] = set()
