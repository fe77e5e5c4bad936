"""Employee numbers: E000001, E000002 ... from a database sequence (no race, no reuse)."""

from django.db import connection

PREFIX = "E"
WIDTH = 6


def employee_number_next() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('employees_number_seq')")
        (value,) = cursor.fetchone()
    return f"{PREFIX}{value:0{WIDTH}d}"


def employee_numbers_next(count: int) -> list[str]:
    """`count` numbers in one round trip (seeding and bulk hires)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval('employees_number_seq') FROM generate_series(1, %s)", [count]
        )
        return [f"{PREFIX}{value:0{WIDTH}d}" for (value,) in cursor.fetchall()]
