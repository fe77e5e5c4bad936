"""Made-up people: names (with pinyin for e-mail), sex, phone, ID numbers, birthdays."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from employees.seeding.vocabulary import GIVEN_FEMALE, GIVEN_MALE, STREETS, SURNAMES

CITY_AREAS = {
    "sh-hq": ("上海", "310115"),
    "sz-plant": ("深圳", "440306"),
    "bj-office": ("北京", "110108"),
}
MOBILE_PREFIXES = ("138", "139", "150", "151", "158", "186", "188", "135", "177", "199")
# ISO 7064 MOD 11-2, as GB 11643 uses for the last character of a resident ID number.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Person:
    full_name: str
    sex: str
    email_name: str
    phone: str
    id_number: str
    address: str
    city: str


class People:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = [(name, py) for name, py, _w in SURNAMES]
        self.weights = [w for _n, _p, w in SURNAMES]

    def person(self, *, location_code: str, born: date) -> Person:
        rng = self.rng
        sex = "female" if rng.random() < 0.45 else "male"
        (surname, surname_py) = rng.choices(self.surnames, self.weights)[0]
        pool = GIVEN_FEMALE if sex == "female" else GIVEN_MALE
        given = [rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2)]
        city, area = CITY_AREAS.get(location_code, ("上海", "310115"))
        return Person(
            full_name=surname + "".join(ch for ch, _py in given),
            sex=sex,
            email_name=f"{''.join(py for _ch, py in given)}.{surname_py}",
            phone=rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
            id_number=id_number(area, born, rng.randrange(500) * 2 + (sex == "male")),
            address=f"{city}市{rng.choice(STREETS)}{rng.randint(1, 999)}号",
            city=city,
        )

    def birthday(self, hire: date) -> date:
        return hire - timedelta(days=self.rng.randint(21 * 365, 42 * 365))


def id_number(area: str, born: date, sequence: int) -> str:
    """A well-formed 18-character resident ID number (made up: the area and day are real
    codes, the sequence is not anyone's)."""
    body = f"{area}{born:%Y%m%d}{sequence:03d}"
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
