"""Which roles hold the organisation's permissions (registered from `OrgConfig.ready()`)."""

from hrflow.accounts.roles import Role

_READ = ["org.view_department", "org.view_location"]
_WRITE = [
    f"org.{verb}_{model}"
    for model in ("department", "location")
    for verb in ("add", "change", "view")
]
# The company's name, time zone and working week (one row, never added or deleted).
_COMPANY = ["org.change_companysettings"]

ORG_GRANTS = {
    Role.HR_ADMIN: _WRITE + _COMPANY,
    Role.RECRUITER: _READ,
    Role.HIRING_MANAGER: _READ,
    Role.EMPLOYEE: _READ,
}
