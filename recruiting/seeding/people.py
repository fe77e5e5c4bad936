"""Made-up candidates: Chinese and English names, unique contacts, work and schooling."""

import random
from dataclasses import dataclass
from itertools import accumulate

from recruiting.normalize import name_pinyin, normalize_email
from recruiting.seeding import vocabulary as words

CHINESE_NAME_SHARE = 0.82
# Multiplying by a number coprime with 10**8 permutes the eight-digit
# subscriber numbers, so each serial gets its own number that still looks random.
_PHONE_STEP = 61_803_399
_PHONE_OFFSET = 31_415_926


@dataclass(frozen=True, slots=True)
class Person:
    full_name: str
    name_pinyin: str
    email: str
    phone: str
    city: str
    current_company: str
    current_title: str
    education: str
    language: str


class PersonMaker:
    """Draw people from one random stream; `serial` makes e-mail and phone unique."""

    def __init__(self, rng: random.Random, *, class_of: int) -> None:
        self._rng = rng
        self._class_of = class_of
        self._surnames = [name for names, _weight in words.CHINESE_SURNAMES for name in names]
        self._surname_weights = list(
            accumulate(weight for names, weight in words.CHINESE_SURNAMES for _name in names)
        )
        self._degree_weights = list(accumulate(weight for *_names, weight in words.DEGREES))
        # pypinyin takes ~0.2 ms a name; names repeat a lot, so convert each once.
        self._pinyin: dict[str, str] = {}

    def make(self, *, serial: int, student: bool) -> Person:
        rng = self._rng
        if rng.random() < CHINESE_NAME_SHARE:
            return self._chinese(serial, student)
        return self._english(serial, student)

    def _chinese(self, serial: int, student: bool) -> Person:
        rng = self._rng
        surname = rng.choices(self._surnames, cum_weights=self._surname_weights)[0]
        full_name = surname + rng.choice(words.CHINESE_GIVEN_NAMES)
        pinyin = self._pinyin.get(full_name)
        if pinyin is None:
            pinyin = self._pinyin[full_name] = name_pinyin(full_name)
        # name_pinyin lists every surname reading's spelling, then their initials;
        # the first of each is the usual reading.
        parts = pinyin.split()
        syllables, initials = parts[0], parts[len(parts) // 2]
        local = rng.choice((f"{syllables}{serial}", f"{syllables}.{serial}", f"{initials}{serial}"))
        degree = rng.choices(words.DEGREES, cum_weights=self._degree_weights)[0][0]
        education = " · ".join(
            (rng.choice(words.CHINESE_UNIVERSITIES), rng.choice(words.CHINESE_MAJORS), degree)
        )
        return Person(
            full_name=full_name,
            name_pinyin=pinyin,
            email=self._email(local),
            phone=self._phone(serial),
            city=rng.choice(words.CHINESE_CITIES),
            current_company="" if student else rng.choice(words.CHINESE_COMPANIES),
            current_title="" if student else rng.choice(words.CHINESE_TITLES),
            education=f"{education} · {self._class_of}届" if student else education,
            language="zh-hans",
        )

    def _english(self, serial: int, student: bool) -> Person:
        rng = self._rng
        given, surname = rng.choice(words.ENGLISH_GIVEN_NAMES), rng.choice(words.ENGLISH_SURNAMES)
        local = rng.choice((f"{given}.{surname}{serial}", f"{given[0]}{surname}{serial}"))
        degree = rng.choices(words.DEGREES, cum_weights=self._degree_weights)[0][1]
        university = rng.choice(words.ENGLISH_UNIVERSITIES)
        education = f"{degree} {rng.choice(words.ENGLISH_MAJORS)}, {university}"
        abroad = rng.random() < 0.3
        return Person(
            full_name=f"{given} {surname}",
            name_pinyin="",
            email=self._email(local),
            phone=self._phone(serial),
            city=rng.choice(words.ABROAD_CITIES if abroad else words.CHINESE_CITIES),
            current_company="" if student else rng.choice(words.ENGLISH_COMPANIES),
            current_title="" if student else rng.choice(words.ENGLISH_TITLES),
            education=f"{education} ({self._class_of})" if student else education,
            language="en",
        )

    def _email(self, local: str) -> str:
        return normalize_email(f"{local}@{self._rng.choice(words.EMAIL_DOMAINS)}")

    def _phone(self, serial: int) -> str:
        """A CN mobile number in E.164, unique for serials below 10**8."""
        subscriber = (serial * _PHONE_STEP + _PHONE_OFFSET) % 10**8
        return f"+86{self._rng.choice(words.CN_MOBILE_PREFIXES)}{subscriber:08d}"
