"""Social insurance and housing fund (五险一金) per city: one `social_insurance.policy` row
per city and contribution year, read by employees/pay/social_insurance.py.

Legal rule rows in employees/legal_data.py's shape, installed with the rest.

The shape of a policy value (money and rates are decimal strings). Every city's row has
the same keys, so HR can add next year's row of any city in the form of the latest:

- `insurances`: one entry per insurance, each with `base_floor` and `base_cap` (the base
  is clamped to them per insurance: Shenzhen's differ). Pension, medical and
  unemployment have `employer_rate` and `employee_rate`, the same for an employee
  without the city's hukou in `employer_rate_non_local` and `employee_rate_non_local`
  (Shenzhen's pension: 16 % and 15 %), and `employer_fixed` and `employee_fixed`, an
  amount added to that side (Beijing's 3 yuan on the employee's medical part).
  `work_injury` has `employer_rate_range`: the company's rate, set by its industry, must
  lie inside it (`employer_rate` is the rate used when none is chosen).
  `housing_fund` has `rate_range` and `default_rate`: the company chooses one rate inside
  the range for both sides.
  Maternity is no entry of its own: it has been part of medical insurance since 2019
  (国办发[2019]10号); a city that still collects another insurance lists it too.
- `rounding`: for `social_insurance` and for `housing_fund` (different agencies, rounded
  differently), `places` (2 to the fen, 1 to the jiao, 0 to the yuan) and `mode`
  (`half_up`, `half_even`, `down` or `up`), applied to each side's amount.
- `contribution_months`: which months a joiner and a leaver contribute for.
  `joiner_start_day_at_most`: the month of joining counts if the first day is on or
  before this day; `leaver_end_day_at_least`: the month of leaving counts if the last
  day is on or after this day; null: the month counts whatever the day. The law has no
  cut-off: the employer registers the employee within 30 days of the first day and pays
  for every month of employment (Social Insurance Law arts. 58 and 60), and stops with
  the month after the contract ends (it transfers the insurance within 15 days, Labour
  Contract Law art. 50). A 15th-of-the-month cut-off some companies use is their own
  practice, hence data a city's or company's row may set.
"""

from datetime import date
from typing import Any

POLICY = "social_insurance.policy"

# The bases and rates for July 2024 – June 2025 are from Forvis Mazars' summary of the
# three cities' announcements (Beijing's and Shanghai's social-insurance and housing-fund
# bases agree with public salary calculators). The housing fund is rounded to the yuan in
# Beijing and Shanghai: Beijing's largest 2021 contribution was announced as 6,774 for
# both sides (28,221 × 12 % = 3,386.52 → 3,387 each; i-admin, "China statutory update:
# adjustments for social insurance & housing fund from July 2021",
# https://www.i-admin.com/news/china-statutory-update-adjustments-for-social-insurance-housing-fund-from-july-2021/
# ), Shanghai's 2025 ones as 5,222 and 376 (2,611.14 → 2,611 and 188.30 → 188 each;
# AAStocks, 19 September 2025,
# https://secure.aastocks.com/en/mobile/News.aspx?NewsID=NOW.1471493&NewsSource=HK6 ).
# Shenzhen's housing-fund method (minimum wage to 3 × the average wage, 5–12 %):
# Kaizen, "Adjustment of Contribution Base and Rates for Housing Provident Fund for 2021
# in Shenzhen", https://kaizencpa.com/News/info/id/212.html
FORVIS_MAZARS = "Forvis Mazars China, Social insurance base of 2024 (newsletter, Dec. 2024)"
FORVIS_MAZARS_URL = (
    "https://forvismazars.com/cn/en/insights/our-publications/"
    "accounting-outsourcing-newsletters/dec.-2024-social-insurance-base-of-2024"
)
CONTRIBUTION_YEAR_2024 = date(2024, 7, 1)

ROUNDING_TO_THE_FEN = {"places": 2, "mode": "half_up"}
ROUNDING_TO_THE_YUAN = {"places": 0, "mode": "half_up"}
EVERY_MONTH_OF_EMPLOYMENT = {"joiner_start_day_at_most": None, "leaver_end_day_at_least": None}


def _insurance(
    floor: str,
    cap: str,
    employer: str,
    employee: str,
    *,
    employer_non_local: str | None = None,
    employee_fixed: str = "0",
) -> dict[str, str]:
    return {
        "base_floor": floor,
        "base_cap": cap,
        "employer_rate": employer,
        "employee_rate": employee,
        "employer_rate_non_local": employer_non_local or employer,
        "employee_rate_non_local": employee,
        "employer_fixed": "0",
        "employee_fixed": employee_fixed,
    }


def _work_injury(floor: str, cap: str, low: str, high: str) -> dict[str, Any]:
    # The lowest rate, that of the least risky industries (offices, software), is the
    # default; the company's own is chosen inside the range.
    return {
        "base_floor": floor,
        "base_cap": cap,
        "employer_rate": low,
        "employer_rate_range": [low, high],
        "employee_rate": "0",
    }


def _housing_fund(floor: str, cap: str, low: str, high: str, default: str) -> dict[str, Any]:
    return {
        "base_floor": floor,
        "base_cap": cap,
        "rate_range": [low, high],
        "default_rate": default,
    }


BEIJING = {
    "insurances": {
        "pension": _insurance("6821", "35283", "0.16", "0.08"),
        # 9.8 % includes maternity's 0.8 %; the employee's 3 yuan is the large-medical-
        # expense mutual fund (大额医疗费用互助资金).
        "medical": _insurance("6821", "35283", "0.098", "0.02", employee_fixed="3"),
        "unemployment": _insurance("6821", "35283", "0.005", "0.005"),
        "work_injury": _work_injury("6821", "35283", "0.002", "0.019"),
        "housing_fund": _housing_fund("2420", "35283", "0.05", "0.12", "0.12"),
    },
    "rounding": {"social_insurance": ROUNDING_TO_THE_FEN, "housing_fund": ROUNDING_TO_THE_YUAN},
    "contribution_months": EVERY_MONTH_OF_EMPLOYMENT,
}

SHANGHAI = {
    "insurances": {
        "pension": _insurance("7384", "36921", "0.16", "0.08"),
        "medical": _insurance("7384", "36921", "0.09", "0.02"),
        "unemployment": _insurance("7384", "36921", "0.005", "0.005"),
        "work_injury": _work_injury("7384", "36921", "0.0016", "0.0152"),
        # The basic housing fund; the supplementary one (补充公积金) is voluntary.
        "housing_fund": _housing_fund("2690", "36921", "0.05", "0.07", "0.07"),
    },
    "rounding": {"social_insurance": ROUNDING_TO_THE_FEN, "housing_fund": ROUNDING_TO_THE_YUAN},
    "contribution_months": EVERY_MONTH_OF_EMPLOYMENT,
}

SHENZHEN = {
    "insurances": {
        # Pension bases are Guangdong's; the employer pays 16 % for Shenzhen hukou, 15 %
        # for other employees.
        "pension": _insurance("3523", "26421", "0.16", "0.08", employer_non_local="0.15"),
        "medical": _insurance("6475", "32376", "0.05", "0.02"),
        "unemployment": _insurance("2360", "43659", "0.008", "0.002"),
        # Work injury on unemployment's bases (an assumption the source does not state).
        "work_injury": _work_injury("2360", "43659", "0.002", "0.014"),
        # The city's minimum wage to three times its average wage, 5–12 % (the Shenzhen
        # Housing Provident Fund Centre's method; the cap of 44,265 is 3 × the 2023
        # average wage of 14,755 and is not confirmed by the source above, nor is any
        # rounding to the yuan, so Shenzhen's housing fund is rounded to the fen).
        "housing_fund": _housing_fund("2360", "44265", "0.05", "0.12", "0.05"),
    },
    "rounding": {"social_insurance": ROUNDING_TO_THE_FEN, "housing_fund": ROUNDING_TO_THE_FEN},
    "contribution_months": EVERY_MONTH_OF_EMPLOYMENT,
}

RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = (
    (
        POLICY,
        "beijing",
        CONTRIBUTION_YEAR_2024,
        BEIJING,
        "Beijing, July 2024 – June 2025: bases 6,821–35,283; pension 16/8 %, medical "
        "9.8/2 % + 3 yuan, unemployment 0.5/0.5 %, work injury 0.2–1.9 %; housing fund "
        "2,420–35,283 at 5–12 %, to the yuan",
        FORVIS_MAZARS,
        FORVIS_MAZARS_URL,
    ),
    (
        POLICY,
        "shanghai",
        CONTRIBUTION_YEAR_2024,
        SHANGHAI,
        "Shanghai, July 2024 – June 2025: bases 7,384–36,921; pension 16/8 %, medical "
        "9/2 %, unemployment 0.5/0.5 %, work injury 0.16–1.52 %; housing fund "
        "2,690–36,921 at 5–7 %, to the yuan",
        FORVIS_MAZARS,
        FORVIS_MAZARS_URL,
    ),
    (
        POLICY,
        "shenzhen",
        CONTRIBUTION_YEAR_2024,
        SHENZHEN,
        "Shenzhen, July 2024 – June 2025: pension 3,523–26,421 at 16 % (15 % non-local) "
        "/ 8 %, medical 6,475–32,376 at 5/2 %, unemployment 2,360–43,659 at 0.8/0.2 %, "
        "work injury 0.2–1.4 %; housing fund 5–12 %",
        FORVIS_MAZARS,
        FORVIS_MAZARS_URL,
    ),
)
