"""Which roles hold accounts' permissions (registered from `AccountsConfig.ready()`)."""

from hrflow.accounts.roles import Role

WORKSPACE = "accounts.access_hr_workspace"

ACCOUNTS_GRANTS = {
    Role.HR_ADMIN: [
        WORKSPACE,
        "accounts.manage_roles",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
    ],
    Role.RECRUITER: [WORKSPACE, "accounts.view_user"],
    Role.HIRING_MANAGER: [WORKSPACE],
    Role.INTERVIEWER: [WORKSPACE],
}
