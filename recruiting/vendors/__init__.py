"""The vendor path: connections, pulls and their lanes, webhooks and their inbox,
results, invitations."""
