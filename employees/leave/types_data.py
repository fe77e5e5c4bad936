"""The leave types hrflow ships, as data (docs/TIME.md).

Installed by a data migration and again by `install_leave_types` (safe to repeat: a type
already present is left as HR may have changed it). How many days a type gives is not
here: those are legal rules per region (`employees/legal_data.py`, `leave.*`), read
through `LeaveType.entitlement_rule`.
"""

from typing import Any

ANNUAL = "annual"
COMPANY_ANNUAL = "company_annual"
LIEU = "lieu"

REGULATIONS_URL = "https://www.rsa-tax.com/single-post/annual-leave-in-china"
PARENTAL_URL = (
    "https://plainsailinghr.com/hr-news-archives/"
    "chinas-provinces-implement-new-changes-to-parental-leave"
)
MARRIAGE_URL = (
    "http://www.elexica.com/en/legal-topics/employment-and-benefits/29-labour-leader-"
    "shanghai-and-beijing-offer-varied-forms-of-extended-leave-for-newlyweds-and-parents"
)

# code: (zh, en, unit, counting, paid rate, tracks balance, entitlement rule,
#        needs document, document is health, statutory, source)
LEAVE_TYPES: dict[str, tuple[str, str, str, str, str, bool, str, bool, bool, bool, str]] = {
    ANNUAL: (
        "法定年休假", "Statutory annual leave", "day", "working_days", "1.00", True, "",
        False, False, True, REGULATIONS_URL,
    ),
    COMPANY_ANNUAL: (
        "公司年假", "Company annual leave", "day", "working_days", "1.00", True, "",
        False, False, False, "",
    ),
    # Sick pay during the medical treatment period is set by each province (at least
    # 80 % of the minimum wage); the rate here is the company's, HR may change it.
    "sick": (
        "病假", "Sick leave", "day", "working_days", "0.80", False, "",
        True, True, True, "",
    ),
    "marriage": (
        "婚假", "Marriage leave", "day", "working_days", "1.00", False, "leave.marriage.days",
        True, False, True, MARRIAGE_URL,
    ),
    "maternity": (
        "产假", "Maternity leave", "day", "calendar_days", "1.00", False,
        "leave.maternity.days", True, True, True, PARENTAL_URL,
    ),
    "paternity": (
        "陪产假/护理假", "Paternity (nursing) leave", "day", "working_days", "1.00", False,
        "leave.paternity.days", True, False, True, PARENTAL_URL,
    ),
    "childcare": (
        "育儿假", "Childcare leave", "day", "working_days", "1.00", False,
        "leave.childcare.days", False, False, True, PARENTAL_URL,
    ),
    "bereavement": (
        "丧假", "Bereavement leave", "day", "working_days", "1.00", False, "",
        False, False, True, "",
    ),
    "personal": (
        "事假", "Personal leave (unpaid)", "hour", "working_days", "0.00", False, "",
        False, False, False, "",
    ),
    # Credited by the overtime module when rest-day overtime is given as time off.
    LIEU: (
        "调休", "Time off in lieu", "hour", "working_days", "1.00", True, "",
        False, False, False, "",
    ),
}  # fmt: skip


def install_leave_types(apps: Any) -> None:
    """Add the shipped types that are missing; safe to call again."""
    leave_type = apps.get_model("employees", "LeaveType")
    for code, row in LEAVE_TYPES.items():
        zh, en, unit, counting, rate, tracks, rule, document, health, statutory, url = row
        leave_type.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "unit": unit,
                "counting": counting,
                "paid_rate": rate,
                "tracks_balance": tracks,
                "entitlement_rule": rule,
                "needs_document": document,
                "document_is_health": health,
                "statutory": statutory,
                "source_url": url,
            },
        )
