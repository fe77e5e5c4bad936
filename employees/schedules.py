"""The employees app's periodic tasks, registered from `EmployeesConfig.ready()`."""

from employees.task_names import (
    CERTIFICATES_EXPIRY_WARN,
    CONTRACTS_EXPIRY_REMIND,
    CONTRACTS_UNWRITTEN_REMIND,
    LEAVER_ACCOUNTS_DEACTIVATE,
    ONBOARDING_OVERDUE_REMIND,
    PROBATION_REVIEWS_OPEN,
)
from hrflow.core.schedules import PeriodicTaskSpec

EMPLOYEES_SCHEDULE = (
    PeriodicTaskSpec(
        name="Onboarding reminders",
        task=ONBOARDING_OVERDUE_REMIND,
        # Every day at 08:30: https://crontab.guru/#30_8_*_*_*
        minute="30",
        hour="8",
        local_time=True,
        description="Reminds the owners of overdue onboarding tasks, once per task and day.",
    ),
    PeriodicTaskSpec(
        name="Missing labour contracts",
        task=CONTRACTS_UNWRITTEN_REMIND,
        # 08:10 every day: https://crontab.guru/#10_8_*_*_*
        minute="10",
        hour="8",
        local_time=True,
        description="Tells HR of employees whose written-contract month runs out or ran out.",
    ),
    PeriodicTaskSpec(
        name="Labour contracts ending",
        task=CONTRACTS_EXPIRY_REMIND,
        # 08:15 every day: https://crontab.guru/#15_8_*_*_*
        minute="15",
        hour="8",
        local_time=True,
        description="Tells HR of contracts ending in 60 and in 30 days (each once).",
    ),
    PeriodicTaskSpec(
        name="Probation reviews",
        task=PROBATION_REVIEWS_OPEN,
        # 08:20 every day: https://crontab.guru/#20_8_*_*_*
        minute="20",
        hour="8",
        local_time=True,
        description="Opens the manager's review two weeks before a probation ends.",
    ),
    PeriodicTaskSpec(
        name="Certificates expiring",
        task=CERTIFICATES_EXPIRY_WARN,
        # 08:25 every day: https://crontab.guru/#25_8_*_*_*
        minute="25",
        hour="8",
        local_time=True,
        description="Warns holders and their managers of certificates lapsing in 30 days (once).",
    ),
    PeriodicTaskSpec(
        name="Leavers' sign-in accounts",
        task=LEAVER_ACCOUNTS_DEACTIVATE,
        # 23:50 every day, the end of a last working day: https://crontab.guru/#50_23_*_*_*
        minute="50",
        hour="23",
        local_time=True,
        description="Closes the sign-in accounts of employees whose last day is today or past.",
    ),
)
