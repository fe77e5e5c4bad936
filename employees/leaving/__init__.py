"""Leaving: the final pay page, the offboarding checklist and the exit certificate."""
