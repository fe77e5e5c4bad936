"""Row-level scoping: the one way any app asks "which rows may this user see?".

Every model that holds data about people gets a QuerySet subclassing
`ScopedQuerySet` and says, in `scope_for`, what a non-admin user may see. Views,
API views, exports and selectors then call `scoped(queryset, user)` (or
`get_scoped_or_404`). Unknown users see nothing: a model that forgets to
define its scope shows its rows to HR admins only, never to everyone.
"""

from typing import Any, Self, TypeVar, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.http import Http404

AnyUser = AbstractBaseUser | AnonymousUser
ModelT = TypeVar("ModelT", bound=models.Model)


class ScopedQuerySet(models.QuerySet[ModelT]):
    """A QuerySet that knows which of its rows a given user may see."""

    def visible_to(self, user: AnyUser) -> Self:
        from hrflow.accounts.roles import Role
        from hrflow.accounts.selectors import user_roles

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
    guessed id reveals nothing (RELIABILITY.md row 18).
    """
    try:
        return scoped(queryset, user).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
