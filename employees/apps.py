from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("Employees")

    def ready(self) -> None:
        """Hand the lower layers what employees adds to them: notices, periodic tasks,
        menu items, role permissions and the self-service page's sections."""
        from employees.navigation import EMPLOYEES_NAV_ITEMS
        from employees.notices import notices_register
        from employees.pay.payslip_section import PAYSLIP_SECTION
        from employees.role_grants import EMPLOYEES_GRANTS
        from employees.schedules import EMPLOYEES_SCHEDULE
        from employees.selfservice.contract_section import CONTRACT_SECTION
        from employees.selfservice.sections import selfservice_section_register
        from employees.training.section import TRAINING_SECTION
        from hrflow.accounts.roles import role_permissions_register
        from hrflow.core.schedules import schedule_register
        from hrflow.web.navigation import nav_items_register

        notices_register()
        schedule_register(EMPLOYEES_SCHEDULE)
        nav_items_register(EMPLOYEES_NAV_ITEMS)
        role_permissions_register(EMPLOYEES_GRANTS)
        selfservice_section_register(CONTRACT_SECTION)
        selfservice_section_register(TRAINING_SECTION)
        selfservice_section_register(PAYSLIP_SECTION)
