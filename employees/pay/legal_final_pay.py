"""Final pay: severance and the city average wages its cap uses (china-rules.md section 5),
and the multiple unused statutory annual leave is paid at (section 3).

Legal rule rows in employees/legal_data.py's shape, installed with the rest. Money and
multiples are decimal strings so no float enters a sum.
"""

from datetime import date
from typing import Any

LCL = "中华人民共和国劳动合同法 (Labour Contract Law of the PRC, 2012 revision)"
LCL_URL = (
    "http://en.shanghaiinvest.com/information-center/laws-policy/item/"
    "107-labor-contract-law-of-the-people-s-republic-of-china-revised-in-2012"
)
LCL_IN_FORCE = date(2008, 1, 1)

ANNUAL_LEAVE_MEASURES = (
    "企业职工带薪年休假实施办法 (人力资源和社会保障部令第1号, Implementing Measures for "
    "Paid Annual Leave of Enterprise Employees)"
)
ANNUAL_LEAVE_MEASURES_URL = "https://www.gov.cn/zhengce/2022-08/31/content_5711300.htm"
ANNUAL_LEAVE_MEASURES_IN_FORCE = date(2008, 9, 18)

# Consultancies' and law firms' summaries of the cities' announcements: the statistics
# bureaus' own pages were not at hand. Re-check a figure against the city's notice.
AVERAGES_2022_URL = (
    "https://wolterskluwer.com/en-my/expert-insights/"
    "severance-unfair-termination-damages-and-social-insurance-costs-set-to-rise-for-many-employers"
)
AVERAGES_2022_TITLE = (
    "Wolters Kluwer, 'Severance, unfair termination damages and social insurance costs set "
    "to rise' (8 Aug 2023), table of the cities' announcements"
)
AVERAGES_2023_URL = (
    "https://prod.hsf-prod.magnolia-platform.com/notes/employment/2024-posts/"
    "prc-updates-on-local-average-salary-and-their-impacts"
)
AVERAGES_2023_TITLE = (
    "Herbert Smith Freehills, 'PRC: updates on local average salary and their impacts' (2024)"
)
AVERAGES_2024_URL = (
    "https://www.mondaq.com/china/employee-benefits-compensation/1689490/"
    "prc-updates-on-average-salaries-in-major-cities"
)
AVERAGES_2024_TITLE = (
    "Mondaq, 'PRC updates on average salaries in major cities' (data as of 24 Sep 2025; "
    "Beijing's 2024 figure not yet published then)"
)

# (region, in force from, monthly average, the year it measures, how the date was set,
#  source title, source url). The cap uses the figure of the year before leaving that is
# published when the employee leaves (art. 47: 上年度职工月平均工资).
CITY_AVERAGES: tuple[tuple[str, date, str, int, str, str, str], ...] = (
    ("beijing", date(2023, 6, 1), "14873", 2022, "in force as the source states",
     AVERAGES_2022_TITLE, AVERAGES_2022_URL),
    ("beijing", date(2024, 7, 1), "15701", 2023, "published late June 2024, day not sourced",
     AVERAGES_2023_TITLE, AVERAGES_2023_URL),
    ("shanghai", date(2023, 7, 1), "12183", 2022, "in force as the source states",
     AVERAGES_2022_TITLE, AVERAGES_2022_URL),
    ("shanghai", date(2024, 7, 1), "12307", 2023, "published late June 2024, day not sourced",
     AVERAGES_2023_TITLE, AVERAGES_2023_URL),
    ("shanghai", date(2025, 7, 1), "12434", 2024, "published from July 2025, day not sourced",
     AVERAGES_2024_TITLE, AVERAGES_2024_URL),
    ("shenzhen", date(2023, 6, 29), "13730", 2022, "in force as the source states",
     AVERAGES_2022_TITLE, AVERAGES_2022_URL),
    ("shenzhen", date(2024, 7, 1), "14553", 2023, "published late June 2024, day not sourced",
     AVERAGES_2023_TITLE, AVERAGES_2023_URL),
    ("shenzhen", date(2025, 9, 24), "14755", 2024,
     "published July–September 2025: dated the day the source confirms it",
     AVERAGES_2024_TITLE, AVERAGES_2024_URL),
)  # fmt: skip

RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = (
    (
        "severance.rules",
        "",
        LCL_IN_FORCE,
        {
            # One month's wage per year of service; a remainder of at least
            # `half_month_below_months` months counts as a year, a shorter one as half.
            # A wage above `cap_multiple` × the city's average is paid at that and for
            # at most `cap_years` years.
            "months_per_year": "1",
            "half_month_below_months": 6,
            "cap_multiple": "3",
            "cap_years": 12,
            # The monthly wage is the average of this many months before the contract
            # ends (para. 3), fewer when employed less.
            "average_wage_months": 12,
        },
        "Severance (经济补偿): a month's wage a year of service, 6 months or more count as a "
        "year, less as half; a wage above 3× the city's average is capped at 3× and 12 years",
        LCL + ", art. 47",
        LCL_URL,
    ),
    (
        "severance.due_by_reason",
        "",
        LCL_IN_FORCE,
        {
            "resignation": False,  # art. 37
            "employee_terminates_for_employer_fault": True,  # art. 38 → 46(1)
            "mutual_agreement_employer_proposed": True,  # art. 36 → 46(2)
            "mutual_agreement_employee_proposed": False,
            "dismissal_for_misconduct": False,  # art. 39
            "dismissal_with_notice": True,  # art. 40 → 46(3)
            "redundancy": True,  # art. 41(1) → 46(4)
            "fixed_term_ended_not_renewed_by_employer": True,  # art. 44(1) → 46(5)
            "fixed_term_ended_renewal_offered_on_worse_terms": True,  # 46(5)
            "fixed_term_ended_employee_declined_same_or_better_terms": False,  # 46(5)
            "employer_closed": True,  # art. 44(4), (5) → 46(6)
            "retirement": False,  # art. 44(2)
            "death": False,  # art. 44(3)
        },
        "Whether severance is due by why the contract ended (art. 46): due on the employer's "
        "initiative or fault, not on resignation, misconduct, retirement or death",
        LCL + ", arts. 36–41, 44 and 46",
        LCL_URL,
    ),
    *(
        (
            "wage.city_average_monthly",
            region,
            effective_from,
            amount,
            f"{region.capitalize()}: average monthly wage of {year} (CNY {amount}), the "
            f"base of the severance cap; {how}",
            f"{source} ({LCL}, art. 47 para. 2)",
            url,
        )
        for region, effective_from, amount, year, how, source, url in CITY_AVERAGES
    ),
    (
        "leave.unused_annual_pay_multiple",
        "",
        ANNUAL_LEAVE_MEASURES_IN_FORCE,
        # 300 % of the daily wage (条例 art. 5), of which 100 % is the normal wage the
        # employee already earned by working the day (实施办法 art. 10): 200 % is owed.
        # The daily wage is the average monthly wage of `average_wage_months` months
        # before, overtime pay taken out, ÷ 21.75 (art. 11).
        {"statutory_multiple": "3", "paid_with_normal_wage": "1", "average_wage_months": 12},
        "Unused statutory annual leave: 300 % of the daily wage (monthly ÷ 21.75), which "
        "includes the normal wage already paid for the day worked, so 200 % is payable",
        ANNUAL_LEAVE_MEASURES + ", arts. 10–12; 职工带薪年休假条例 art. 5",
        ANNUAL_LEAVE_MEASURES_URL,
    ),
)
