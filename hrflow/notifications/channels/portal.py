"""Messages in the candidate portal: the outbox row itself is the message.

"Sending" makes it visible: the portal lists a candidate's portal-channel rows
whose status is sent. Nothing leaves the database, so it cannot fail halfway.
"""

from datetime import datetime

from hrflow.notifications.channels.base import Outgoing, Receipt


class PortalChannel:
    def send(self, message: Outgoing) -> Receipt:
        return Receipt(detail="shown in the candidate portal")

    def was_sent(self, message: Outgoing, since: datetime) -> bool | None:
        return False  # nothing was shown until the row says sent: show it now
