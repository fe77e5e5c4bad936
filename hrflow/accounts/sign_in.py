"""The one normalisation of a sign-in address, for finding the account and for the lockout.

Sign-in is case-insensitive on the address, so the lockout has to count on
the same form of it: were it to count on what was typed, every spelling of one
address (emp@, EmP@, " EMP@ ") would get its own tries, and an account
locked under one spelling would open under another. Both use `address_key`:
the account lookup (UserManager.get_by_natural_key) and django-axes
(AXES_USERNAME_CALLABLE below).
"""

import unicodedata
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def address_key(value: str | None) -> str:
    """`value` as sign-in compares it: NFKC, no surrounding space, lower case.

    NFKC folds full-width letters (as a Chinese input method may type them)
    and other compatibility forms into plain ones, as Django's own username field
    does. lower(), not casefold(): stored addresses are lower()ed (User.clean)
    and PostgreSQL's lower() agrees with it, while casefold() would turn a
    stored "ß" into "ss" and never match it again.
    """
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username django-axes counts failures on: the address key (AXES_USERNAME_CALLABLE).

    Axes asks with the credentials given to authenticate() when it has them, else
    with the request alone (its middleware), so both are read the same way.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials is not None:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field)
    if not isinstance(typed, str):
        return None
    return address_key(typed) or None
