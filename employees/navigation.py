"""The employees app's sections of the staff menu, registered from `EmployeesConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.web.navigation import NavItem

EMPLOYEES_NAV_ITEMS = (
    NavItem(
        _("Onboarding"),
        "employees:onboarding-plans",
        "clipboard-list",
        permission="employees.view_onboardingplan",
        order=210,
    ),
    # Everyone who can have an onboarding task (managers, buddies, IT): no permission.
    NavItem(_("My onboarding tasks"), "employees:onboarding-my-tasks", "list-checks", order=220),
    NavItem(
        _("Leavers"),
        "employees:leavers",
        "user-minus",
        permission="employees.view_finalpay",
        order=212,
    ),
    NavItem(
        _("Offboarding checklist"),
        "employees:offboarding-template",
        "list-todo",
        permission="employees.change_offboardingtemplatetask",
        order=213,
    ),
    # A leaver's manager, IT and payroll own offboarding tasks: no permission.
    NavItem(_("My offboarding tasks"), "employees:offboarding-my-tasks", "log-out", order=221),
    NavItem(
        _("Labour contracts"),
        "employees:contract-list",
        "file-signature",
        permission="employees.view_contract",
        order=320,
    ),
    NavItem(
        _("Missing contracts"),
        "employees:contract-unwritten",
        "file-warning",
        permission="employees.add_contract",
        order=321,
    ),
    NavItem(
        _("Probation reviews"),
        "employees:probation-list",
        "user-check",
        permission="employees.view_probationreview",
        order=322,
    ),
    NavItem(
        _("Review cycles"),
        "employees:performance-cycles",
        "gauge",
        permission="employees.change_reviewcycle",
        order=340,
    ),
    NavItem(
        _("Review templates"),
        "employees:performance-templates",
        "layout-list",
        permission="employees.change_reviewcycle",
        order=343,
    ),
    # Everyone may have a review of their own or reviews to write: no permission.
    NavItem(_("My reviews"), "employees:performance-my-reviews", "star", order=341),
    NavItem(
        _("Legal rules"),
        "employees:legal-rule-list",
        "scale",
        permission="employees.add_legalrule",
        order=330,
    ),
    NavItem(
        _("KPI data"),
        "employees:metric-list",
        "chart-line",
        permission="employees.change_metric",
        order=342,
    ),
    NavItem(
        _("Employees"),
        "employees:employee-list",
        "id-card",
        permission="employees.view_employee",
        order=200,
    ),
    # Scoped values: an employee sees their own, a line manager also their reports'.
    NavItem(
        _("KPI values"),
        "employees:metric-value-list",
        "activity",
        permission="employees.use_self_service",
        order=905,
    ),
    NavItem(
        _("My record"),
        "employees:me",
        "circle-user-round",
        permission="employees.use_self_service",
        order=900,
    ),
    # The org's structure: everyone reads the chart and their own team; HR shapes it.
    NavItem(
        _("Org chart"),
        "employees:org-chart",
        "network",
        permission="employees.view_position",
        order=600,
    ),
    NavItem(
        _("My team"),
        "employees:my-team",
        "contact-round",
        permission="employees.view_position",
        order=610,
    ),
    NavItem(
        _("Positions"),
        "employees:position-list",
        "armchair",
        permission="employees.change_position",
        order=620,
    ),
    NavItem(
        _("Team training"),
        "employees:training-team",
        "graduation-cap",
        permission="employees.view_position",
        order=615,
    ),
    NavItem(
        _("Training courses"),
        "employees:training-courses",
        "book-open",
        permission="employees.change_course",
        order=630,
    ),
    NavItem(
        _("Competency requirements"),
        "employees:skills-requirements",
        "target",
        permission="employees.change_competencyrequirement",
        order=640,
    ),
    # Time (issue 18): the employee's own page and check-in; approvals and the team
    # calendar for everyone (a person with no one to approve sees an empty list).
    NavItem(
        _("My time"),
        "employees:time-me",
        "calendar-clock",
        permission="employees.use_self_service",
        order=901,
    ),
    NavItem(
        _("Check in"),
        "employees:time-checkin",
        "fingerprint",
        permission="employees.use_self_service",
        order=902,
    ),
    NavItem(
        _("Approvals"),
        "employees:time-approvals",
        "stamp",
        permission="employees.view_position",
        order=612,
    ),
    NavItem(
        _("Team calendar"),
        "employees:time-calendar",
        "calendar-range",
        permission="employees.view_position",
        order=613,
    ),
    # Pay (issue 19): payroll officers and HR admins only.
    NavItem(
        _("Salaries"),
        "employees:pay-salaries",
        "wallet",
        permission="employees.view_salaryrecord",
        order=700,
    ),
    NavItem(
        _("Payroll settings"),
        "employees:pay-components",
        "sliders-horizontal",
        permission="employees.change_paycomponent",
        order=710,
    ),
    # Payroll (issue 19): runs for payroll officers and HR admins; the employee's payslips.
    NavItem(
        _("Payroll runs"),
        "employees:payroll-runs",
        "calculator",
        permission="employees.view_payrollrun",
        order=705,
    ),
    NavItem(
        _("My payslips"),
        "employees:my-payslips",
        "receipt-text",
        permission="employees.use_self_service",
        order=903,
    ),
    NavItem(
        _("Attendance import"),
        "employees:attendance-import",
        "file-up",
        permission="employees.add_punch",
        order=614,
    ),
)
