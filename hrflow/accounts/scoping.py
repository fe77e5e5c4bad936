"""Row-level scoping: the one way any app asks "which rows may this user see?".

Every model that holds data about people gets a QuerySet subclassing
`ScopedQuerySet` and says, in `scope_for`, what a non-admin user may see. Views,
API views, exports and selectors then call `scoped(queryset, user)` (or
`get_scoped_or_404`). Unknown users see nothing: a model that forgets to
define its scope shows its rows to HR admins only, never to everyone.
"""

from collections.abc import Iterable
from typing import Any, Self, TypeVar, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.http import Http404

from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.params import parse_ids

AnyUser = AbstractBaseUser | AnonymousUser
ModelT = TypeVar("ModelT", bound=models.Model)


class ScopedQuerySet(models.QuerySet[ModelT]):
    """A QuerySet that knows which of its rows a given user may see."""

    def visible_to(self, user: AnyUser) -> Self:
        roles = user_roles(user)
        if not roles:
            return self.none()
        if Role.HR_ADMIN in roles:
            return self.all()
        # Only signed-in, active users hold roles, so this is a real account.
        return self.scope_for(cast(AbstractBaseUser, user), roles)

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Any]) -> Self:
        """The rows a non-admin with these roles may see; override per model."""
        return self.none()

    def related_scope(
        self, field: str, user: AbstractBaseUser, roles: frozenset[Any]
    ) -> models.QuerySet[Any]:
        """The rows of the model `field` points to (or is pointed at from) that the user
        may see: a model scopes through its parent without importing the parent's module."""
        related = self.model._meta.get_field(field).related_model
        return related._default_manager.all().scope_for(user, roles)  # type: ignore[union-attr]


def scoped(queryset: models.QuerySet[ModelT], user: AnyUser) -> models.QuerySet[ModelT]:
    """Filter `queryset` to what `user` may see; refuse querysets that cannot scope."""
    if not isinstance(queryset, ScopedQuerySet):
        raise ImproperlyConfigured(
            f"{queryset.model.__name__} has no ScopedQuerySet; it cannot be shown to users."
        )
    return queryset.visible_to(user)


def get_scoped_or_404(queryset: models.QuerySet[ModelT], user: AnyUser, **lookup: Any) -> ModelT:
    """Fetch one row the user may see, or 404 as if it did not exist at all.

    A row outside the user's scope answers exactly like a missing one, so a
    guessed id reveals nothing (docs/RELIABILITY.md row 18).
    """
    try:
        return scoped(queryset, user).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def scoped_ids_or_404(
    queryset: models.QuerySet[ModelT], user: AnyUser, values: Iterable[object]
) -> list[int]:
    """Resolve every id a request names through the user's scope, or 404.

    `queryset` also says what the rows must belong to (the job in the URL, the
    decisions still waiting). One id that is malformed, missing, outside the
    user's scope or not of `queryset` refuses the whole request, exactly like an
    unknown id, so a list can never carry a foreign row in with visible ones
    (docs/RELIABILITY.md row 34). Returns the distinct ids in the order given;
    an empty list when none was given, for the caller to answer.
    """
    ids = parse_ids(values)
    if ids is None:
        raise Http404
    if ids and scoped(queryset.filter(pk__in=ids), user).count() != len(ids):
        raise Http404
    return ids
