"""Normalise contact details so the same person is found by equality."""

import phonenumbers
from pypinyin import Style, lazy_pinyin

DEFAULT_PHONE_REGION = "CN"


def normalize_email(value: str) -> str:
    return value.strip().lower()


def normalize_phone(value: str, region: str = DEFAULT_PHONE_REGION) -> str:
    """E.164 ("+8613800138000"), or "" for empty input; ValueError when it is no number."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as error:
        raise ValueError(str(error)) from error
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def name_pinyin(name: str) -> str:
    """Full pinyin and initials of a Chinese name: 张伟 -> "zhangwei zw"; others unchanged."""
    if not any("\u4e00" <= char <= "\u9fff" for char in name):
        return ""
    syllables = lazy_pinyin(name.replace(" ", ""))
    initials = lazy_pinyin(name.replace(" ", ""), style=Style.FIRST_LETTER)
    return f"{''.join(syllables)} {''.join(initials)}".lower()
