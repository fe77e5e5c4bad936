"""Individual income tax on wages (china-rules.md section 1).

Legal rule rows in employees/legal_data.py's shape, installed with the rest. Money and
rates are decimal strings so no float enters a sum; a band's `up_to` is inclusive and
the top band's is null. employees/pay/income_tax.py computes with these values.
"""

from datetime import date
from typing import Any

WAGE_ANNUAL_TABLE = "tax.wage_annual_table"
BASIC_DEDUCTION_MONTHLY = "tax.basic_deduction_monthly"
FIRST_JOB_FROM_JANUARY = "tax.first_job_deduction_from_january"
LOW_INCOME_PRIOR_YEAR_THRESHOLD = "tax.low_income_prior_year_threshold"
PERSONAL_PENSION_ANNUAL_CAP = "tax.personal_pension_annual_cap"
BONUS_MONTHLY_TABLE = "tax.bonus_monthly_table"
BONUS_SEPARATE_UNTIL = "tax.bonus_separate_until"
SPECIAL_ADDITIONAL_DEDUCTIONS = "tax.special_additional_deductions"
SEVERANCE_EXEMPT = "tax.severance_exempt"

IIT_LAW = "中华人民共和国个人所得税法 (Individual Income Tax Law, 2018 revision)"
IIT_IN_FORCE = date(2019, 1, 1)
STA_2018_61 = (
    "国家税务总局公告2018年第61号 (STA Announcement 2018 No. 61, measures for withholding "
    "and prepaying IIT)"
)
CUMULATIVE_URL = "https://eurobiz.com.cn/cumulative-wage-witholding-system-under-iit"
BONUS_URL = "https://www.my-associate.com/index.php?m=home&c=View&a=index&aid=467&lang=en"
MOF_2018_164 = "财税[2018]164号 (MOF/STA Circular [2018] No. 164), art. 1"
MOF_2018_164_SEVERANCE = "财税[2018]164号 (MOF/STA Circular [2018] No. 164), art. 5(1)"
# The State Taxation Administration's copy of the circular.
MOF_2018_164_URL = "http://www.chinatax.gov.cn/chinatax/n810341/n810755/c3978994/content.html"


def _bands(rows: tuple[tuple[str | None, str, str], ...]) -> dict[str, Any]:
    return {
        "bands": [
            {"up_to": up_to, "rate": rate, "quick_deduction": quick} for up_to, rate, quick in rows
        ]
    }


# (code, region, effective_from, value, description, source title, source url)
RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = (
    (
        WAGE_ANNUAL_TABLE,
        "",
        IIT_IN_FORCE,
        _bands(
            (
                ("36000", "0.03", "0"),
                ("144000", "0.10", "2520"),
                ("300000", "0.20", "16920"),
                ("420000", "0.25", "31920"),
                ("660000", "0.30", "52920"),
                ("960000", "0.35", "85920"),
                (None, "0.45", "181920"),
            )
        ),
        "Wage withholding rates on the year-to-date taxable income (3 % to 45 %), with "
        "quick deductions",
        IIT_LAW + ", art. 3; " + STA_2018_61 + ", table 1",
        "https://en.xiaoai.me/pages/daily-income-tax-calculator",
    ),
    (
        BASIC_DEDUCTION_MONTHLY,
        "",
        IIT_IN_FORCE,
        "5000",
        "Basic deduction: 5,000 a month employed here this year, counted cumulatively "
        "(60,000 a year)",
        IIT_LAW + ", art. 6; " + STA_2018_61 + ", art. 6",
        CUMULATIVE_URL,
    ),
    # Whether a first wage income of the year counts the basic deduction from January;
    # before the announcement only the months employed here counted.
    (
        FIRST_JOB_FROM_JANUARY,
        "",
        IIT_IN_FORCE,
        False,
        "First wage income of the year: basic deduction only for the months employed here",
        STA_2018_61 + ", art. 6",
        CUMULATIVE_URL,
    ),
    (
        FIRST_JOB_FROM_JANUARY,
        "",
        date(2020, 7, 1),
        True,
        "First wage income of the year: basic deduction 5,000 × the months from January",
        "国家税务总局公告2020年第13号 (STA Announcement 2020 No. 13)",
        "https://kaizencpa.com/Knowledge/info/id/835.html",
    ),
    # Announced 2020-12-04, in force from the 2021 tax year.
    (
        LOW_INCOME_PRIOR_YEAR_THRESHOLD,
        "",
        date(2021, 1, 1),
        "60000",
        "Withheld here every month of last year on wages of at most this: the whole "
        "year's 60,000 basic deduction from January",
        "国家税务总局公告2020年第19号 (STA Announcement 2020 No. 19)",
        "https://www.rsa-tax.com/single-post/new-optimized-iit-withholding-method-for-lower-income-taxpayers",
    ),
    (
        PERSONAL_PENSION_ANNUAL_CAP,
        "",
        date(2022, 1, 1),
        "12000",
        "Personal pension (个人养老金) contributions deductible up to this a year",
        "财政部 税务总局公告2022年第34号 (MOF/STA Announcement 2022 No. 34)",
        "https://phcadvisory.com/index/Lists/show/catid/5/id/316.html",
    ),
    (
        BONUS_MONTHLY_TABLE,
        "",
        IIT_IN_FORCE,
        _bands(
            (
                ("3000", "0.03", "0"),
                ("12000", "0.10", "210"),
                ("25000", "0.20", "1410"),
                ("35000", "0.25", "2660"),
                ("55000", "0.30", "4410"),
                ("80000", "0.35", "7160"),
                (None, "0.45", "15160"),
            )
        ),
        "Annual one-off bonus taxed separately: the band of bonus ÷ 12 in the monthly "
        "table (the annual table ÷ 12)",
        MOF_2018_164,
        BONUS_URL,
    ),
    # The separate taxation of the annual bonus was a transitional option, extended twice;
    # each row is the last day of the option as known from its date on.
    (
        BONUS_SEPARATE_UNTIL,
        "",
        IIT_IN_FORCE,
        "2021-12-31",
        "The annual one-off bonus may be taxed separately until this day",
        MOF_2018_164,
        BONUS_URL,
    ),
    (
        BONUS_SEPARATE_UNTIL,
        "",
        date(2022, 1, 1),
        "2023-12-31",
        "The annual one-off bonus may be taxed separately until this day (extended)",
        "财政部 税务总局公告2021年第42号 (MOF/STA Announcement 2021 No. 42)",
        BONUS_URL,
    ),
    (
        BONUS_SEPARATE_UNTIL,
        "",
        date(2024, 1, 1),
        "2027-12-31",
        "The annual one-off bonus may be taxed separately until this day (extended)",
        "财政部 税务总局公告2023年第30号 (MOF/STA Announcement 2023 No. 30)",
        BONUS_URL,
    ),
    # One-off compensation on the end of a labour contract (经济补偿金, 生活补助费 and
    # other subsidies): the part within `average_wage_multiple` × the local average
    # annual wage of the year before is exempt; the rest is not merged into the year's
    # comprehensive income but taxed on its own by the annual table (tax.wage_annual_table).
    (
        SEVERANCE_EXEMPT,
        "",
        IIT_IN_FORCE,
        {"average_wage_multiple": "3"},
        "Severance: exempt up to 3 × the local average annual wage of the year before; the "
        "excess taxed on its own by the annual comprehensive-income table",
        MOF_2018_164_SEVERANCE,
        MOF_2018_164_URL,
    ),
    # Amounts a month unless named otherwise. Withholding deducts what the employee
    # declares to the employer; serious illness is settled only in the annual return.
    (
        SPECIAL_ADDITIONAL_DEDUCTIONS,
        "",
        date(2023, 1, 1),
        {
            "children_education": {"monthly_per_child": "2000", "parent_shares": ["1", "0.5"]},
            "infant_care": {"monthly_per_child": "2000", "parent_shares": ["1", "0.5"]},
            "elderly_support": {"monthly_only_child": "3000", "monthly_shared_max_each": "1500"},
            "continuing_education": {
                "monthly_academic": "400",
                "academic_max_months": 48,
                "certificate_in_year": "3600",
            },
            "housing_loan_interest": {"monthly": "1000", "max_months": 240},
            "rent": {
                # Municipalities, provincial capitals, cities specially designated in the
                # state plan and others the State Council names; other cities over a
                # million registered residents; the rest.
                "monthly_by_city": {
                    "capital_or_designated": "1500",
                    "over_1m": "1100",
                    "up_to_1m": "800",
                },
                "not_with": "housing_loan_interest",
            },
            "serious_illness": {
                "in_withholding": False,
                "annual_above": "15000",
                "annual_cap": "80000",
            },
        },
        "Special additional deductions (专项附加扣除) a month per item; serious illness only "
        "in the annual reconciliation",
        "国发[2023]13号 (State Council notice raising the special additional deductions) "
        "and 国发[2018]41号 (interim measures)",
        "https://greatwaylimited.com/whats-new/update-on-special-additional-deductions-for-individual-income-tax",
    ),
)
