"""The read side every resource shares: scoped querysets, cursor lists, 404 details.

Every queryset a view reads goes through `scoped()` here, so no endpoint can
forget it. A row outside the caller's scope answers 404, exactly like a
missing one; ids given in a request body resolve through the same scope and
fail like a missing id ("object does not exist").
"""

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import generics, serializers
from rest_framework.fields import empty

from hrflow.accounts.scoping import get_scoped_or_404, scoped


class _ScopedMixin:
    """`queryset` (or `unscoped_queryset()`), narrowed to the caller's scope."""

    request: Any
    queryset: QuerySet[Any] | None = None

    def unscoped_queryset(self) -> QuerySet[Any]:
        """Override to adapt the query to the request (the scope is added afterwards)."""
        assert self.queryset is not None
        return self.queryset.all()

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(self.unscoped_queryset(), self.request.user)


class ScopedListApi(_ScopedMixin, generics.ListAPIView):
    """GET a cursor-paginated, filtered, allowlist-ordered list of what the caller may see.

    Subclasses set `queryset` (with select/prefetch_related, so the number of
    queries does not grow with the page), `serializer_class`, `filterset_class`,
    `ordering_fields` and `ordering` (ending in the primary key).
    """

    ordering_fields: tuple[str, ...] = ("created_at",)
    ordering: tuple[str, ...] = ("-created_at", "-id")


class ScopedDetailApi(_ScopedMixin, generics.RetrieveAPIView):
    """GET one row the caller may see, else 404."""

    filter_backends: list[Any] = []
    pagination_class = None

    def get_object(self) -> Model:
        instance = get_scoped_or_404(
            self.unscoped_queryset(), self.request.user, pk=self.kwargs["pk"]
        )
        self.check_object_permissions(self.request, instance)
        return instance


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id in a request body, looked up among the rows the caller may see."""

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(super().get_queryset(), self.context["request"].user)


def get_body_target_or_404(request: Any, queryset: QuerySet[Any], field: str) -> Any:
    """The row a write changes, named by id in the request body: 404 unless visible.

    Checked before the rest of the input, so a caller learns nothing about a
    row outside their scope, whatever else the request holds.
    """
    data = request.data if isinstance(request.data, dict) else {}
    try:
        pk = serializers.IntegerField(min_value=1).run_validation(data.get(field, empty))
    except serializers.ValidationError as error:
        raise serializers.ValidationError({field: error.detail}) from error
    return get_scoped_or_404(queryset, request.user, pk=pk)
