"""Which roles hold the employees app's permissions (from `EmployeesConfig.ready()`).

Line managers are found by the org (Assignment.manager), not by a role: they see
their reports' contracts and probation reviews through the scoped querysets
whatever their role. The hiring-manager role gets the read permissions so the
menu shows them the pages.
"""

from hrflow.accounts.roles import Role

# Positions are the org's structure: every role reads them, and with them the org chart
# and their own team page; HR admins shape them.
POSITIONS_READ = ["employees.view_position"]
POSITIONS_WRITE = [f"employees.{verb}_position" for verb in ("add", "change", "view")]

# KPI data: HR keeps the catalogue and records values (file, hand, API); everyone else
# reads the values of whom they may see through the scoped list, with no permission.
METRICS_WRITE = [
    "employees.view_metric",
    "employees.add_metric",
    "employees.change_metric",
    "employees.view_metricvalue",
    "employees.add_metricvalue",
    "employees.change_metricvalue",
    "employees.add_metricimport",
]

# HR runs the catalogue, enrols anyone and marks anyone's course completed; line managers
# do the same for their reports through the org, not a permission.
TRAINING_MANAGE = [
    "employees.view_course",
    "employees.add_course",
    "employees.change_course",
    "employees.view_enrolment",
    "employees.add_enrolment",
    "employees.change_enrolment",
    "employees.view_competencyrequirement",
    "employees.change_competencyrequirement",
]

# Working time in Django admin (employees/worktime/admin.py): HR adds calendar days,
# shifts, patterns and arrangements, each saved through its service.
WORKTIME_MANAGE = [
    "employees.view_calendarday",
    "employees.add_calendarday",
    "employees.delete_calendarday",
    "employees.view_shift",
    "employees.add_shift",
    "employees.change_shift",
    "employees.view_shiftpattern",
    "employees.add_shiftpattern",
    "employees.change_shiftpattern",
    "employees.view_workarrangement",
    "employees.add_workarrangement",
    # The attendance import page (punches are added through punches_record only).
    "employees.add_punch",
]

# Monthly runs and their payslips (employees/pay/views_runs.py): payroll officers and HR
# admins compute, approve and read them, with the review and reports; an employee reads
# their own through self-service.
PAYROLL_RUNS = [
    "employees.view_payrollrun",
    "employees.add_payrollrun",
    "employees.change_payrollrun",
    "employees.view_payslip",
]
# Payroll settings and salaries (employees/pay/): payroll officers' and HR admins' alone.
# The rows are scoped the same way (employees.models.pay.PayrollQuerySet).
PAY_MANAGE = [
    f"employees.{verb}_{model}"
    for model in ("paygroup", "paycomponent", "salaryrecord")
    for verb in ("view", "add", "change")
]
# Final pay (employees/leaving/): severance and unused leave pay are payroll's and HR
# admins'; the checklist template and the exit certificate are HR's.
FINAL_PAY = ["employees.view_finalpay", "employees.change_finalpay"]
LEAVING_HR = [
    *FINAL_PAY,
    "employees.view_offboardingtask",
    "employees.change_offboardingtemplatetask",
    "employees.add_exitcertificate",
]

EMPLOYEES_GRANTS: dict[Role, list[str]] = {
    Role.HR_ADMIN: [
        "employees.view_onboardingplan",
        "employees.change_onboardingplan",
        "employees.view_onboardingtemplate",
        "employees.add_onboardingtemplate",
        "employees.change_onboardingtemplate",
        "employees.view_policy",
        "employees.view_contract",
        "employees.add_contract",
        "employees.change_contract",
        "employees.view_probationreview",
        "employees.change_probationreview",
        "employees.view_legalrule",
        "employees.add_legalrule",
        "employees.view_employee",
        "employees.change_employee",
        "employees.add_assignment",
        "employees.change_assignment",
        "employees.add_employeenote",
        "employees.view_sensitiveaccess",
        # Review cycles: open, calibrate, close (employees/performance/).
        "employees.view_reviewcycle",
        "employees.change_reviewcycle",
        *POSITIONS_WRITE,
        *METRICS_WRITE,
        *TRAINING_MANAGE,
        *WORKTIME_MANAGE,
        *PAYROLL_RUNS,
        *PAY_MANAGE,
        *LEAVING_HR,
    ],
    Role.HIRING_MANAGER: [
        "employees.view_contract",
        "employees.view_probationreview",
        *POSITIONS_READ,
    ],
    Role.RECRUITER: POSITIONS_READ,
    Role.INTERVIEWER: POSITIONS_READ,
    Role.EMPLOYEE: ["employees.use_self_service", *POSITIONS_READ],
    Role.PAYROLL: [*POSITIONS_READ, *PAY_MANAGE, *PAYROLL_RUNS, *FINAL_PAY],
}
