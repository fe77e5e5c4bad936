"""Encryption at rest for secrets and raw payloads (Fernet, with key rotation).

MultiFernet decrypts with any configured key and encrypts with the first, so
a new key is rolled in by prepending it, re-encrypting, then removing the old.
"""

import base64
import hashlib
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        if not settings.DEBUG and not secret_key.startswith("django-insecure"):
            raise ImproperlyConfigured("set HRFLOW_FIELD_ENCRYPTION_KEYS")
        # Development only: a stable key derived from SECRET_KEY.
        derived = base64.urlsafe_b64encode(hashlib.sha256(secret_key.encode()).digest())
        return MultiFernet([Fernet(derived)])
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(data: bytes) -> str:
    return fernet().encrypt(data).decode("ascii")


def decrypt(token: str) -> bytes:
    try:
        return fernet().decrypt(token.encode("ascii"))
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "a stored secret cannot be decrypted with the configured keys"
        ) from error


def rotate(token: str) -> str:
    """The same plaintext under the newest key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


if TYPE_CHECKING:  # django-stubs types fields by what they store and return
    JSONBase = models.Field[Any, Any]
    BytesBase = models.Field[bytes, bytes]
else:
    JSONBase = BytesBase = models.Field


class EncryptedJSONField(JSONBase):
    """A JSON value stored as Fernet ciphertext; never readable in a database dump."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False).encode())


class EncryptedBytesField(BytesBase):
    """Raw bytes (a vendor payload as received) stored as Fernet ciphertext."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> bytes | None:
        return None if value is None else decrypt(value)

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return encrypt(value if isinstance(value, bytes) else str(value).encode())
