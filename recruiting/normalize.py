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
    """Pinyin spellings and initials of a Chinese name, for search: 张伟 -> "zhangwei zw".

    A surname may read differently from the same character in a word (曾 is
    "zeng" as a name, "ceng" in 曾经), so every reading of the first character
    is kept: "zengzhiwei cengzhiwei zzw czw". Non-Chinese names get "".
    """
    compact = name.replace(" ", "")
    if not any("\u4e00" <= char <= "\u9fff" for char in compact):
        return ""
    surname, given = compact[0], compact[1:]
    given_full = "".join(lazy_pinyin(given))
    given_initials = "".join(lazy_pinyin(given, style=Style.FIRST_LETTER))
    readings = _surname_readings(surname) or lazy_pinyin(surname)
    spellings = [f"{reading}{given_full}" for reading in readings]
    initials = [f"{reading[0]}{given_initials}" for reading in readings if reading]
    return " ".join(dict.fromkeys([*spellings, *initials])).lower()


# Surname readings that differ from the character's everyday reading.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "仇": "qiu",
    "解": "xie",
    "查": "zha",
    "朴": "piao",
    "区": "ou",
    "乐": "yue",
    "尉": "yu",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "于": "yu",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "柏": "bai",
    "秘": "bi",
}


def _surname_readings(surname: str) -> list[str]:
    readings = []
    if surname in SURNAME_READINGS:
        readings.append(SURNAME_READINGS[surname])
    readings += lazy_pinyin(surname)
    return list(dict.fromkeys(readings))
