"""Normalise contact details so the same person is found by equality."""

import re
import unicodedata

import phonenumbers
from pypinyin import Style, lazy_pinyin

DEFAULT_PHONE_REGION = "CN"
# A mainland China mobile number, with or without the country code.
CN_MOBILE = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})")
# What people type between digits: "+86 138-0013-8000", "(138) 0013 8000".
PHONE_SEPARATORS = re.compile(r"[\s\-().\u00a0\u3000]")


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


def normalize_mobile(value: str) -> str:
    """A mobile number as E.164, or "" for empty input; ValueError when it is none.

    A Chinese mobile (1[3-9] and nine digits, "+86", spaces and dashes
    allowed) or a number of another country written with "+" (or "00") and
    its country code, of a possible length there. Landlines and +86 numbers
    that are no mobile are refused: the careers site texts applicants.
    """
    # NFKC: a Chinese input method may type full-width digits.
    compact = PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    if not compact:
        return ""
    if match := CN_MOBILE.fullmatch(compact):
        return f"+86{match.group(1)}"
    if compact.startswith("00"):
        compact = f"+{compact[2:]}"
    if not re.fullmatch(r"\+[1-9][0-9]{6,14}", compact) or compact.startswith("+86"):
        raise ValueError("not a mobile number")
    try:
        number = phonenumbers.parse(compact, None)
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
