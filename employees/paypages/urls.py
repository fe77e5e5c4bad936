"""Pay pages at /employees/pay/ and /employees/<number>/pay/."""

from django.urls import path

from employees.paypages import views_salary, views_setup

urlpatterns = [
    path("pay/groups/", views_setup.pay_group_list_view, name="pay-groups"),
    path("pay/groups/new/", views_setup.pay_group_create_view, name="pay-group-create"),
    path("pay/groups/<int:pk>/", views_setup.pay_group_edit_view, name="pay-group-edit"),
    path("pay/components/", views_setup.pay_component_list_view, name="pay-components"),
    path(
        "pay/components/new/",
        views_setup.pay_component_create_view,
        name="pay-component-create",
    ),
    path(
        "pay/components/<int:pk>/",
        views_setup.pay_component_edit_view,
        name="pay-component-edit",
    ),
    path("pay/salaries/", views_salary.salary_list_view, name="pay-salaries"),
    path("<str:ref>/pay/", views_salary.employee_pay_view, name="employee-pay"),
    path(
        "<str:ref>/pay/change/", views_salary.employee_pay_change_view, name="employee-pay-change"
    ),
]
