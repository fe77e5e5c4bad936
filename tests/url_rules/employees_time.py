"""Who may open the time pages (see tests/test_url_authorization.py); whose requests
each user may name is checked in tests/employees/timepages/."""

from hrflow.accounts.roles import Role

EVERYONE = set(Role)

PUBLIC: set[str] = set()
# The signed-in employee's own pages (404 for an account with no employee record) and
# the decisions, each resolved among what the user may decide (else 404).
SIGNED_IN: set[str] = {
    "employees:time-me",
    "employees:time-ledger",
    "employees:time-leave-new",
    "employees:time-leave-change",
    "employees:time-leave-cancel",
    "employees:time-overtime-new",
    "employees:time-correction-new",
    "employees:time-month-confirm",
    "employees:time-checkin",
    "employees:time-location-consent",
    "employees:time-decide-leave",
    "employees:time-decide-overtime",
    "employees:time-decide-correction",
    # A manager's own delegations: 404 for anyone who manages nobody, and an id is
    # looked up among the user's own delegations.
    "employees:time-delegations",
    "employees:time-delegation-end",
    # The approver's one-tap link: the token names the one user it works for.
    "employees:time-approval-link",
}
ROLE_ONLY: dict[str, set[Role]] = {
    # What waits for the user, and who is away: empty for someone with nobody to see.
    "employees:time-approvals": EVERYONE,
    "employees:time-calendar": EVERYONE,
}
API: set[str] = set()
