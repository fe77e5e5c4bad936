"""The one way any page remembers a visitor's language choice in their browser."""

from typing import Literal, cast

from django.conf import settings
from django.http import HttpResponse

SameSite = Literal["Lax", "Strict", "None"]


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Set Django's language cookie with the project's flags (Secure in production)."""
    cookie_set(response, settings.LANGUAGE_COOKIE_NAME, language)


def cookie_set(response: HttpResponse, name: str, value: str) -> None:
    """A language cookie (the language, or when it was picked) with the project's flags."""
    response.set_cookie(
        name,
        value,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(SameSite, settings.LANGUAGE_COOKIE_SAMESITE),
    )
