"""Kept because migrations name these fields by this path; the code lives in hrflow.core.crypto
(moved down a layer so notifications can encrypt chat-robot keys too)."""

from hrflow.core.crypto import EncryptedBytesField, EncryptedJSONField, fernet

__all__ = ["EncryptedBytesField", "EncryptedJSONField", "fernet"]
