"""The names the employees app's periodic tasks are scheduled by (stable across refactors)."""

CONTRACTS_UNWRITTEN_REMIND = "employees.contracts_unwritten_remind"
CONTRACTS_EXPIRY_REMIND = "employees.contracts_expiry_remind"
PROBATION_REVIEWS_OPEN = "employees.probation_reviews_open"
ONBOARDING_OVERDUE_REMIND = "employees.onboarding_overdue_remind"
CERTIFICATES_EXPIRY_WARN = "employees.certificates_expiry_warn"
ATTENDANCE_RECOMPUTE = "employees.attendance_recompute"
LEAVER_ACCOUNTS_DEACTIVATE = "employees.leaver_accounts_deactivate"
