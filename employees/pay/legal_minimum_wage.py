"""The cities' monthly minimum wages (最低工资规定, MOHRSS Order No. 21 of 2004): the
payroll review flags pay for normal hours below them.

Legal rule rows in employees/legal_data.py's shape, installed with the rest.
`after_employee_contributions`: Beijing and Shanghai exclude the employee's own social
insurance and housing fund from the minimum (the wage after them must reach it);
Guangdong's cities include them.
"""

from datetime import date
from typing import Any

MINIMUM_WAGE = "pay.minimum_wage"
REGULATION = "最低工资规定 (MOHRSS Order No. 21, 2004)"

RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = (
    (
        MINIMUM_WAGE,
        "beijing",
        date(2023, 9, 1),
        {"monthly": "2420.00", "after_employee_contributions": True},
        "Beijing monthly minimum wage from 1 September 2023 (full-time)",
        REGULATION + "; Beijing HRSS Bureau, 2023",
        "https://www.talent-spot.com/key-adjustments-in-chinese-cities.html",
    ),
    (
        MINIMUM_WAGE,
        "beijing",
        date(2025, 9, 1),
        {"monthly": "2540.00", "after_employee_contributions": True},
        "Beijing monthly minimum wage from 1 September 2025 (full-time)",
        REGULATION + "; Beijing HRSS Bureau notice No. 7 [2025]",
        "https://www.talent-spot.com/key-adjustments-in-chinese-cities.html",
    ),
    (
        MINIMUM_WAGE,
        "shanghai",
        date(2023, 7, 1),
        {"monthly": "2690.00", "after_employee_contributions": True},
        "Shanghai monthly minimum wage from 1 July 2023",
        REGULATION + "; Shanghai HRSS Bureau, 2023",
        "https://www.10100.com/article/1972071",
    ),
    (
        MINIMUM_WAGE,
        "shanghai",
        date(2025, 7, 1),
        {"monthly": "2740.00", "after_employee_contributions": True},
        "Shanghai monthly minimum wage from 1 July 2025",
        REGULATION + "; Shanghai HRSS Bureau, 2025",
        "https://www.10100.com/article/1972071",
    ),
    (
        MINIMUM_WAGE,
        "shenzhen",
        date(2022, 12, 1),
        {"monthly": "2360.00", "after_employee_contributions": False},
        "Shenzhen monthly minimum wage (reported for 2023 by MOHRSS); a newer figure is "
        "added as a new row when the city publishes one",
        REGULATION + "; MOHRSS provincial minimum wage table, May 2024",
        "https://kuwait.chongwenmenhotelbeijing.com/html-49b199878.html",
    ),
)
