"""The national holiday calendars hrflow ships (国务院办公厅 notices), as data.

Installed by a data migration and again by `install_calendars` (safe to repeat: a day
already present is left as HR may have corrected it). A new year's notice comes every
November: HR admins add its days in Django admin, or a release adds them here.

Statutory holidays are the 13 days of the 2024 revision of 全国年节及纪念日放假办法 (art. 2):
New Year's Day 1, Spring Festival 4 (the eve and the first three days), Qingming 1,
Labour Day 2, Dragon Boat 1, Mid-Autumn 1, National Day 3. The other days off of a break
are rest days moved by 调休 (worked, they pay 200 % or time off, not 300 %).
"""

from datetime import date, timedelta
from typing import Any

NOTICE_2025 = "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"  # noqa: RUF001 - the notice number as printed
NOTICE_2025_URL = "https://m.gmw.cn/2024-11/12/content_1303894933.htm"
NOTICE_2026 = "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）"
NOTICE_2026_URL = "https://politics.gmw.cn/2025-11/04/content_38391083.htm"

# (first day off, last day off, statutory days, make-up workdays, zh name, en name)
Break = tuple[date, date, tuple[date, ...], tuple[date, ...], str, str]

BREAKS_2025: tuple[Break, ...] = (
    (date(2025, 1, 1), date(2025, 1, 1), (date(2025, 1, 1),), (), "元旦", "New Year's Day"),
    (
        date(2025, 1, 28),
        date(2025, 2, 4),
        (date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30), date(2025, 1, 31)),
        (date(2025, 1, 26), date(2025, 2, 8)),
        "春节",
        "Spring Festival",
    ),
    (date(2025, 4, 4), date(2025, 4, 6), (date(2025, 4, 4),), (), "清明节", "Qingming Festival"),
    (
        date(2025, 5, 1),
        date(2025, 5, 5),
        (date(2025, 5, 1), date(2025, 5, 2)),
        (date(2025, 4, 27),),
        "劳动节",
        "Labour Day",
    ),
    (
        date(2025, 5, 31),
        date(2025, 6, 2),
        (date(2025, 5, 31),),
        (),
        "端午节",
        "Dragon Boat Festival",
    ),
    (
        date(2025, 10, 1),
        date(2025, 10, 8),
        (date(2025, 10, 1), date(2025, 10, 2), date(2025, 10, 3), date(2025, 10, 6)),
        (date(2025, 9, 28), date(2025, 10, 11)),
        "国庆节、中秋节",
        "National Day and Mid-Autumn Festival",
    ),
)

BREAKS_2026: tuple[Break, ...] = (
    (
        date(2026, 1, 1),
        date(2026, 1, 3),
        (date(2026, 1, 1),),
        (date(2026, 1, 4),),
        "元旦",
        "New Year's Day",
    ),
    (
        date(2026, 2, 15),
        date(2026, 2, 23),
        (date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19)),
        (date(2026, 2, 14), date(2026, 2, 28)),
        "春节",
        "Spring Festival",
    ),
    (date(2026, 4, 4), date(2026, 4, 6), (date(2026, 4, 5),), (), "清明节", "Qingming Festival"),
    (
        date(2026, 5, 1),
        date(2026, 5, 5),
        (date(2026, 5, 1), date(2026, 5, 2)),
        (date(2026, 5, 9),),
        "劳动节",
        "Labour Day",
    ),
    (
        date(2026, 6, 19),
        date(2026, 6, 21),
        (date(2026, 6, 19),),
        (),
        "端午节",
        "Dragon Boat Festival",
    ),
    (
        date(2026, 9, 25),
        date(2026, 9, 27),
        (date(2026, 9, 25),),
        (),
        "中秋节",
        "Mid-Autumn Festival",
    ),
    (
        date(2026, 10, 1),
        date(2026, 10, 7),
        (date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)),
        (date(2026, 9, 20), date(2026, 10, 10)),
        "国庆节",
        "National Day",
    ),
)

CALENDARS: tuple[tuple[tuple[Break, ...], str, str], ...] = (
    (BREAKS_2025, NOTICE_2025, NOTICE_2025_URL),
    (BREAKS_2026, NOTICE_2026, NOTICE_2026_URL),
)


def calendar_rows() -> list[dict[str, Any]]:
    """Every shipped day: the statutory holidays, the other days off, the make-up days."""
    rows = []
    for breaks, source, url in CALENDARS:
        for first, last, statutory, makeup, zh, en in breaks:
            day = first
            while day <= last:
                kind = "statutory_holiday" if day in statutory else "rest_day"
                rows.append(_row(day, kind, zh, en, source, url))
                day += timedelta(days=1)
            for workday in makeup:
                rows.append(
                    _row(workday, "workday", f"{zh}调休上班", f"{en} make-up workday", source, url)
                )
    return rows


def _row(day: date, kind: str, zh: str, en: str, source: str, url: str) -> dict[str, Any]:
    return {
        "day": day, "kind": kind, "name_zh": zh, "name_en": en,
        "source_title": source, "source_url": url,
    }  # fmt: skip


def install_calendars(apps: Any) -> None:
    """Add the shipped national days that are missing; safe to call again (the tests call
    it before each test, so it is one query when nothing is missing)."""
    calendar_day = apps.get_model("employees", "CalendarDay")
    present = set(
        calendar_day.objects.filter(region="", company=False).values_list("day", flat=True)
    )
    calendar_day.objects.bulk_create(
        calendar_day(region="", company=False, **row)
        for row in calendar_rows()
        if row["day"] not in present
    )
