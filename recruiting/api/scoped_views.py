"""The shared read side lives in core now (employees' API uses it too)."""

from hrflow.core.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    ScopedPrimaryKeyRelatedField,
    get_body_target_or_404,
)

__all__ = [
    "ScopedDetailApi",
    "ScopedListApi",
    "ScopedPrimaryKeyRelatedField",
    "get_body_target_or_404",
]
