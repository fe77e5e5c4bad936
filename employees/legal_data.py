"""The legal rules hrflow ships, each with the source it was taken from.

Installed by a data migration and reinstalled by the tests; a row already present
(same code, region and date) is left as HR may have corrected it. Each row is
data, never a constant read by code: code asks `legal_value(code, on=day)`.
"""

from datetime import date
from typing import Any

from employees.pay import legal_final_pay, legal_minimum_wage, legal_social_insurance, legal_tax

LCL = "Labour Contract Law of the PRC (2012 revision)"
LCL_URL = (
    "http://en.shanghaiinvest.com/information-center/laws-policy/item/"
    "107-labor-contract-law-of-the-people-s-republic-of-china-revised-in-2012"
)
LCL_IN_FORCE = date(2008, 1, 1)

ANNUAL_LEAVE_REGULATIONS = "职工带薪年休假条例 (Regulations on Paid Annual Leave of Employees)"
ANNUAL_LEAVE_URL = "https://www.rsa-tax.com/single-post/annual-leave-in-china"
ANNUAL_LEAVE_IN_FORCE = date(2008, 1, 1)
PARENTAL_TITLE = "The provinces' population and family planning regulations (2021 revisions)"
PARENTAL_URL = (
    "https://plainsailinghr.com/hr-news-archives/"
    "chinas-provinces-implement-new-changes-to-parental-leave"
)
PARENTAL_IN_FORCE = date(2021, 11, 26)
MARRIAGE_URL = (
    "http://www.elexica.com/en/legal-topics/employment-and-benefits/29-labour-leader-"
    "shanghai-and-beijing-offer-varied-forms-of-extended-leave-for-newlyweds-and-parents"
)

# (code, region, effective_from, value, description, source title, source url)
RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = (
    (
        "contract.probation_limits",
        "",
        LCL_IN_FORCE,
        {
            # Months of probation allowed by the contract's term (art. 19): a term of at
            # least `min_term_months` and under `below_term_months` allows `max_months`.
            "bands": [
                {"min_term_months": 0, "below_term_months": 3, "max_months": 0},
                {"min_term_months": 3, "below_term_months": 12, "max_months": 1},
                {"min_term_months": 12, "below_term_months": 36, "max_months": 2},
                {"min_term_months": 36, "below_term_months": None, "max_months": 6},
            ],
            "open_ended_max_months": 6,
            "task_max_months": 0,
            "once_per_employee": True,
        },
        "Probation limits by contract term; only once per employee (art. 19)",
        LCL + ", art. 19",
        "http://www.eeo.com.cn/ens/Industry/2007/11/20/87939_1.shtml",
    ),
    (
        "contract.written_within_months",
        "",
        LCL_IN_FORCE,
        1,
        "A written contract within one month of the first day (arts. 10, 82)",
        LCL + ", arts. 10 and 82",
        LCL_URL,
    ),
    (
        "contract.open_ended_after_fixed_terms",
        "",
        LCL_IN_FORCE,
        2,
        "Open-ended on renewal after this many consecutive fixed terms (art. 14)",
        LCL + ", art. 14",
        "https://wechat.estsglobal.com/wechat/law_contents/254",
    ),
    (
        "contract.open_ended_after_years",
        "",
        LCL_IN_FORCE,
        10,
        "Open-ended on renewal after this many consecutive years of service (art. 14)",
        LCL + ", art. 14",
        "https://wechat.estsglobal.com/wechat/law_contents/254",
    ),
    (
        "contract.written_required_employment_types",
        "",
        LCL_IN_FORCE,
        # Dispatched workers sign with the agency (art. 58), part-time work may rest on
        # an oral agreement (art. 69), interns and outsourced staff are not employees
        # under a labour contract: the written-contract warning is for full-time staff.
        ["full_time"],
        "Forms of employment that need our written labour contract (arts. 10, 58, 69)",
        LCL + ", arts. 10, 58 and 69",
        LCL_URL,
    ),
    (
        "contract.double_wage_max_months",
        "",
        LCL_IN_FORCE,
        11,
        "Without a written contract, double wages from the second month to the twelfth "
        "(at most this many months; art. 82)",
        LCL + ", art. 82",
        LCL_URL,
    ),
    (
        "contract.deemed_open_ended_after_months",
        "",
        LCL_IN_FORCE,
        12,
        "Without a written contract for this many months, an open-ended contract is "
        "deemed concluded (art. 14)",
        LCL + ", art. 14",
        LCL_URL,
    ),
    # Working time and overtime (china-rules.md section 4).
    (
        "worktime.standard_hours",
        "",
        date(1995, 5, 1),
        {"per_day": 8, "per_week": 40},
        "Standard working hours: 8 a day, 40 a week, at least one rest day a week",
        "国务院关于职工工作时间的规定 (State Council regulation on working hours), art. 3",
        "https://www.hawksford.com/insights-and-guides/china-work-hour-systems-and-overtime-pay-explained",
    ),
    (
        "worktime.monthly_standard_hours",
        "",
        date(2008, 1, 1),
        166.64,
        "Standard hours a month for comprehensive hours: 20.83 days × 8 (11 holidays)",
        "劳社部发[2008]3号 (MOHRSS notice on annual working days)",
        "https://www.talent-spot.com/chinas-working-hour-system.html",
    ),
    (
        "worktime.monthly_standard_hours",
        "",
        date(2025, 1, 1),
        165.33,
        "Standard hours a month with 13 holidays: (365 − 104 − 13) ÷ 12 = 20.67 days × 8",
        "全国年节及纪念日放假办法 (2024 revision) and the 2008 method; derivation as in "
        "china-rules.md",
        "https://www.talent-spot.com/chinas-working-hour-system.html",
    ),
    (
        "overtime.rates",
        "",
        date(1995, 1, 1),
        {"workday": 1.5, "rest_day": 2.0, "statutory_holiday": 3.0},
        "Overtime pay: workday 150 %, rest day 200 % unless time off is given, "
        "statutory holiday 300 % always",
        "中华人民共和国劳动法 (Labour Law), art. 44",
        "http://enghunan.gov.cn/hneng/Services/Work/LaborRights/202506/t20250628_33722408.html",
    ),
    (
        "overtime.caps",
        "",
        date(1995, 1, 1),
        {"per_day_hours": 3, "per_month_hours": 36},
        "Overtime at most 3 hours a day (for special reasons) and 36 hours a month",
        "中华人民共和国劳动法 (Labour Law), art. 41",
        "http://enghunan.gov.cn/hneng/Services/Work/LaborRights/202506/t20250628_33722408.html",
    ),
    (
        # Attendance is the basis of the wage paid, so its records are kept as long as
        # the wage records. Cited by name: no stable official page of the 1994 text.
        "attendance.retention_years",
        "",
        date(1995, 1, 1),
        2,
        "Attendance records (punches, daily results, overtime, confirmations) are kept at "
        "least this many years, like the wage records they support",
        "工资支付暂行规定 (劳部发[1994]489号, Provisional Regulations on Wage Payment), art. 6",
        "",
    ),
    (
        "pay.wage_divisors",
        "",
        date(2008, 1, 1),
        {"daily": 21.75, "hourly": 174},
        "Daily wage = monthly ÷ 21.75; hourly wage = monthly ÷ 174",
        "劳社部发[2008]3号 (MOHRSS notice on annual working days)",
        "https://www.asiabriefing.com/userfiles/epubs/guides/china/english/CB-2016-08/files/assets/basic-html/page-49.html",
    ),
    # Leave (china-rules.md section 3; docs/TIME.md).
    # The medical treatment period (医疗期): how long a sick employee's job is protected,
    # by total and in-company service, counted over a rolling window.
    (
        "leave.medical_period",
        "",
        date(1995, 1, 1),
        {
            # Months of protection: total service under 10 years by in-company service
            # under 5 / at least 5; 10 years or more by in-company service bands.
            "bands": [
                {"total_below_years": 10, "company_below_years": 5, "months": 3},
                {"total_below_years": 10, "company_below_years": None, "months": 6},
                {"total_below_years": None, "company_below_years": 5, "months": 6},
                {"total_below_years": None, "company_below_years": 10, "months": 9},
                {"total_below_years": None, "company_below_years": 15, "months": 12},
                {"total_below_years": None, "company_below_years": 20, "months": 18},
                {"total_below_years": None, "company_below_years": None, "months": 24},
            ],
            # Months of sick leave are counted within this many months (劳部发[1995]236号).
            "window_months": {"3": 6, "6": 12, "9": 15, "12": 18, "18": 24, "24": 30},
            "days_per_month": 30,
        },
        "Medical treatment period by total and in-company service, and the rolling window "
        "it is counted in; holidays and rest days inside sick leave count",
        "企业职工患病或非因工负伤医疗期规定 (劳部发[1994]479号) art. 3; "
        "劳部发[1995]236号 on counting it",
        "https://wechat.estsglobal.com/wechat/law_contents/38",
    ),
    (
        "leave.annual.bands",
        "",
        ANNUAL_LEAVE_IN_FORCE,
        {
            # Cumulative service with any employer: at least `min_service_months` to
            # qualify; then from `min_years` to below `below_years` gives `days` (art. 3).
            # In the joining and the leaving year: remaining (or worked) calendar days ÷
            # `days_in_year` × days, fractions of a day dropped.
            "min_service_months": 12,
            "bands": [
                {"min_years": 0, "below_years": 10, "days": 5},
                {"min_years": 10, "below_years": 20, "days": 10},
                {"min_years": 20, "below_years": None, "days": 15},
            ],
            "days_in_year": 365,
        },
        "Statutory annual leave: 5 days from 12 months' cumulative service, 10 from 10 "
        "years, 15 from 20 years",
        ANNUAL_LEAVE_REGULATIONS + ", art. 3",
        ANNUAL_LEAVE_URL,
    ),
    (
        "leave.annual.unused",
        "",
        ANNUAL_LEAVE_IN_FORCE,
        # How much unused leave is paid is one legal number kept once, in payroll's
        # `leave.unused_annual_pay_multiple` (employees/pay/legal_final_pay.py).
        {"carry_years": 1},
        "Unused statutory annual leave: carried into the next year only, or paid (the "
        "multiple is the rule leave.unused_annual_pay_multiple)",
        ANNUAL_LEAVE_REGULATIONS + ", art. 5",
        ANNUAL_LEAVE_URL,
    ),
    (
        "leave.maternity.days",
        "",
        date(2012, 4, 28),
        98,
        "Maternity leave: 98 calendar days",
        "女职工劳动保护特别规定 (Special Provisions on Labour Protection of Female Employees), "
        "art. 7",
        PARENTAL_URL,
    ),
    *(
        (
            "leave.maternity.days",
            region,
            PARENTAL_IN_FORCE,
            98 + extra,
            f"Maternity leave: 98 days + {extra} days of the province's own",
            PARENTAL_TITLE,
            PARENTAL_URL,
        )
        for region, extra in (("beijing", 60), ("shanghai", 60), ("guangdong", 80))
    ),
    (
        "leave.paternity.days",
        "",
        date(2012, 4, 28),
        0,
        "Paternity (nursing) leave: none by national law; the provinces set it",
        PARENTAL_TITLE,
        PARENTAL_URL,
    ),
    *(
        (
            "leave.paternity.days",
            region,
            PARENTAL_IN_FORCE,
            days,
            f"Paternity (nursing) leave: {days} days",
            PARENTAL_TITLE,
            PARENTAL_URL,
        )
        for region, days in (("beijing", 15), ("shanghai", 10), ("guangdong", 15))
    ),
    (
        "leave.childcare.days",
        "",
        PARENTAL_IN_FORCE,
        0,
        "Childcare leave: none by national law; the provinces set days a year until the "
        "child is three",
        PARENTAL_TITLE,
        PARENTAL_URL,
    ),
    *(
        (
            "leave.childcare.days",
            region,
            PARENTAL_IN_FORCE,
            days,
            f"Childcare leave: {days} days a year for each parent until the child is three",
            PARENTAL_TITLE,
            PARENTAL_URL,
        )
        for region, days in (("beijing", 5), ("shanghai", 5), ("guangdong", 10))
    ),
    (
        "leave.marriage.days",
        "",
        date(1980, 2, 20),
        3,
        "Marriage leave: 1 to 3 days",
        "国家劳动总局、财政部关于国营企业职工请婚丧假和路程假问题的通知",
        MARRIAGE_URL,
    ),
    (
        "leave.marriage.days",
        "shanghai",
        date(2016, 3, 1),
        10,
        "Marriage leave in Shanghai: 10 days in all (3 national + 7 of the city's)",
        "上海市人口与计划生育条例 (2016 revision)",
        MARRIAGE_URL,
    ),
)

# Payroll's rows live beside the code that reads them.
RULES = (
    RULES
    + legal_tax.RULES
    + legal_social_insurance.RULES
    + legal_final_pay.RULES
    + legal_minimum_wage.RULES
)


def install_legal_rules(apps: Any) -> None:
    """Add the shipped rows that are missing; safe to call again."""
    rule = apps.get_model("employees", "LegalRule")
    for code, region, effective_from, value, description, source, url in RULES:
        rule.objects.get_or_create(
            code=code,
            region=region,
            effective_from=effective_from,
            defaults={
                "value": value,
                "description": description,
                "source_title": source,
                "source_url": url,
            },
        )
