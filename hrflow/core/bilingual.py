"""Rows that carry a Chinese and an English name show the one of the reader's language."""

from django.utils.translation import get_language


def in_reader_language(zh: str, en: str) -> str:
    """English for an English reader, Chinese for everyone else (the site's default)."""
    return en if (get_language() or "").startswith("en") else zh
