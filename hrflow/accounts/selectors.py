"""Reads about users and roles."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from hrflow.accounts.roles import Role

_ROLE_CACHE_ATTR = "_hrflow_roles"


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """Return the user's roles, cached on the instance for the request.

    A superuser holds every role. Inactive and anonymous users hold none.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _ROLE_CACHE_ATTR, None)
    if cached is None:
        if getattr(user, "is_superuser", False):
            cached = frozenset(Role)
        else:
            # .all() rather than values_list so a prefetch_related("groups") is used.
            names = [group.name for group in user.groups.all()]  # type: ignore[attr-defined]
            cached = frozenset(Role(name) for name in names if name in Role.values)
        setattr(user, _ROLE_CACHE_ATTR, cached)
    return cached
