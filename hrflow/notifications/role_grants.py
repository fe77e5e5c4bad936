"""Which roles hold notifications' permissions (from `NotificationsConfig.ready()`)."""

from hrflow.accounts.roles import Role

NOTIFICATIONS_GRANTS = {
    Role.HR_ADMIN: [
        "notifications.view_outboxmessage",
        # Wording of each message, the sending policy (quiet hours, rejection delay).
        "notifications.view_notificationtemplate",
        "notifications.change_notificationtemplate",
        "notifications.change_notificationsettings",
    ],
}
