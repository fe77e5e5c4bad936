"""What kind of day a date is, for the whole country, a region and the company.

Order of precedence: the company's own entry, then the region's, then the national
calendar, then the company's usual week. One query for any range.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Q

from employees.models.worktime import CalendarDay, DayKind
from hrflow.org.selectors import company_current


def day_kinds(start: date, end: date, *, region: str = "") -> dict[date, DayKind]:
    """Every day from `start` to `end` inclusive -> its kind, for people working in
    `region` ("" = national rules only)."""
    return day_kinds_by_region(start, end, regions=[region])[region]


def day_kinds_by_region(
    start: date, end: date, *, regions: Iterable[str]
) -> dict[str, dict[date, DayKind]]:
    """`day_kinds` for several regions at once (a team in Beijing and Shanghai), from one
    query for the calendar and one for the company's week."""
    wanted = sorted(set(regions))
    working_days = set(company_current().working_days)
    rows = CalendarDay.objects.filter(day__gte=start, day__lte=end).filter(
        Q(company=True) | Q(region="") | Q(region__in=[r for r in wanted if r])
    )
    national: dict[date, DayKind] = {}
    regional: dict[tuple[str, date], DayKind] = {}
    company: dict[date, DayKind] = {}
    for row in rows.values_list("day", "region", "company", "kind"):
        day, region, is_company, kind = row
        if is_company:
            company[day] = DayKind(kind)
        elif region:
            regional[(region, day)] = DayKind(kind)
        else:
            national[day] = DayKind(kind)
    found: dict[str, dict[date, DayKind]] = {}
    for region in wanted:
        kinds = {}
        day = start
        while day <= end:
            usual = DayKind.WORKDAY if day.isoweekday() in working_days else DayKind.REST_DAY
            kinds[day] = company.get(day) or regional.get((region, day)) or national.get(day, usual)
            day += timedelta(days=1)
        found[region] = kinds
    return found


def is_day_off(kind: DayKind) -> bool:
    return kind != DayKind.WORKDAY


def workdays_between(start: date, end: date, *, region: str = "") -> int:
    """Working days from `start` to `end` inclusive (make-up days in, holidays out)."""
    return sum(
        1 for kind in day_kinds(start, end, region=region).values() if kind == DayKind.WORKDAY
    )


def calendar_days(start: date, end: date, *, region: str = "") -> list[CalendarDay]:
    """The calendar's entries in a range, for the page that lists the year's holidays."""
    return list(
        CalendarDay.objects.filter(day__gte=start, day__lte=end)
        .filter(Q(region="") | Q(region=region) if region else Q(region=""))
        .order_by("day", "region")
    )
