"""Which roles hold the reports' permissions (from `AnalyticsConfig.ready()`).

Recruiters and hiring managers see the recruiting reports of their own jobs (the
filters scope every figure); whether the AI scores predicted performance and the
fairness audit are HR admins' matters: the first reads employees' reviews, the second
voluntary self-identification, which no one else reads even in aggregate.
"""

from hrflow.accounts.roles import Role

ANALYTICS_GRANTS = {
    Role.HR_ADMIN: [
        "analytics.view_reports",
        "analytics.view_validity",
        "analytics.view_fairness",
        "analytics.change_reportsettings",
        "analytics.view_reportsettings",
    ],
    Role.RECRUITER: ["analytics.view_reports"],
    Role.HIRING_MANAGER: ["analytics.view_reports"],
}
