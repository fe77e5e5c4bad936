"""Who may open the recruiting HR pages (see tests/test_url_authorization.py).

Each is also checked object by object in tests/recruiting/views/test_access_matrix.py.
"""

from hrflow.accounts.roles import Role

WORKSPACE = {Role.HR_ADMIN, Role.RECRUITER, Role.HIRING_MANAGER}
WORKERS = {Role.HR_ADMIN, Role.RECRUITER}

PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
# Pages without an object id: the roles that may open them at all (others: 404).
ROLE_ONLY: dict[str, set[Role]] = {
    "recruiting:job-list": WORKSPACE,
    "recruiting:job-create": WORKERS,
    "recruiting:candidate-list": WORKSPACE,
    "recruiting:talent-pool": WORKSPACE,
    "recruiting:review-queue": WORKERS,
}
# Pages about one object: signed-in only here; the matrix test covers who sees which.
OBJECT_PAGES = {
    "recruiting:job-edit",
    "recruiting:job-status",
    "recruiting:job-stages",
    "recruiting:job-board",
    "recruiting:board-cards",
    "recruiting:board-move",
    "recruiting:board-bulk",
    "recruiting:score-sheet",
    "recruiting:score-weights",
    "recruiting:candidate-detail",
    "recruiting:candidate-note",
    "recruiting:candidate-tags",
    "recruiting:resume-upload",
    "recruiting:candidate-merge",
    "recruiting:resume-download",
    "recruiting:resume-accept",
    "recruiting:resume-field-decide",
    "recruiting:written-test",
    "recruiting:talent-pool-recall",
}
# Screening rules: the job's readers see them, its workers edit and preview them
# (recruiting/screening/views.py; tests/recruiting/screening/test_views.py).
OBJECT_PAGES |= {
    "recruiting:screening-rule-list",
    "recruiting:screening-rule-create",
    "recruiting:screening-rule-preview",
    "recruiting:screening-rule-detail",
}
# Screening questions: the job's readers see them, its workers edit them
# (recruiting/questions/views.py; tests/recruiting/questions/test_views.py).
OBJECT_PAGES |= {"recruiting:job-questions"}
SIGNED_IN |= OBJECT_PAGES
API: set[str] = set()

# Interviews (tests/recruiting/interviews/test_views.py checks who sees which).
ROLE_ONLY["recruiting:interview-list"] = {
    Role.HR_ADMIN,
    Role.RECRUITER,
    Role.HIRING_MANAGER,
    Role.INTERVIEWER,
}
SIGNED_IN |= {
    "recruiting:interview-schedule",
    "recruiting:interview-detail",
    "recruiting:interview-edit",
    "recruiting:interview-cancel",
    "recruiting:interview-scorecard",
    "recruiting:interview-resume",
}
# The candidate's signed link is the key; a bad or old token answers with a message.
PUBLIC |= {"recruiting:interview-respond"}
