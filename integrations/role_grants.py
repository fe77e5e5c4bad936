"""Which roles hold integrations' permissions (from `IntegrationsConfig.ready()`)."""

from hrflow.accounts.roles import Role

INTEGRATIONS_GRANTS = {
    # Vendor connections, their health page, mappings and held payloads.
    Role.HR_ADMIN: [
        "integrations.view_vendorconnection",
        "integrations.add_vendorconnection",
        "integrations.change_vendorconnection",
    ],
}
