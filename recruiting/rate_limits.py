"""Moved to hrflow.core.rate_limits, where the staff password reset reaches it too.

Kept so that callers not yet switched (the careers form) import the same function.
"""

from hrflow.core.rate_limits import rate_limit_hit

__all__ = ["rate_limit_hit"]
