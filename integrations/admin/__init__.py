"""Django admin for the vendor connections and what flows through them, all read-only.

Connections are created, re-keyed, paused and resumed in the HR integrations
pages, through services that check the vendor and write the audit trail;
everything else here is written by the sync and the webhook inbox. Importing
the modules registers their admins.
"""

from integrations.admin import connections, inbox, sync

__all__ = ["connections", "inbox", "sync"]
