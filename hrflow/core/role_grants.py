"""Which roles hold core's permissions (registered from `CoreConfig.ready()`)."""

from hrflow.accounts.roles import Role

CORE_GRANTS = {Role.HR_ADMIN: ["core.view_auditevent"]}
