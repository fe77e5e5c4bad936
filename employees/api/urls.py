"""The employees resources of /api/v1/, included by the API's url module."""

from django.urls import URLPattern, path

from employees.api.contracts import ContractDetailApi, ContractListApi
from employees.api.departments import DepartmentDetailApi, DepartmentListApi
from employees.api.employees import (
    EmployeeContactsApi,
    EmployeeDetailApi,
    EmployeeJobChangeApi,
    EmployeeListApi,
)
from employees.api.metrics import MetricListApi, MetricValueListApi
from employees.api.pay_setup import (
    PayComponentDetailApi,
    PayComponentListCreateApi,
    PayGroupListApi,
)
from employees.api.payroll import (
    MyPayslipAcknowledgeApi,
    MyPayslipDetailApi,
    MyPayslipListApi,
    PayrollRunApproveApi,
    PayrollRunDetailApi,
    PayrollRunListApi,
    PayrollRunPayslipListApi,
    PayslipDetailApi,
)
from employees.api.payroll_reports import PayrollReportApi
from employees.api.positions import PositionDetailApi, PositionListCreateApi
from employees.api.review_actions import (
    ReviewAcknowledgeApi,
    ReviewCalibrateApi,
    ReviewCycleCalibrationApi,
    ReviewCycleCloseApi,
    ReviewManagerApi,
    ReviewSelfApi,
)
from employees.api.reviews import (
    ReviewCycleDetailApi,
    ReviewCycleListApi,
    ReviewDetailApi,
    ReviewListApi,
)
from employees.api.salaries import EmployeeSalaryRecordListCreateApi, SalaryRecordDetailApi
from employees.api.time_attendance import (
    DailyResultListApi,
    PunchListCreateApi,
    ShiftDetailApi,
    ShiftListCreateApi,
    ShiftPatternDetailApi,
    ShiftPatternListCreateApi,
)
from employees.api.time_leave import (
    CalendarDayDetailApi,
    CalendarDayListCreateApi,
    LeaveBalanceApi,
    LeaveRequestApproveApi,
    LeaveRequestCancelApi,
    LeaveRequestDeclineApi,
    LeaveRequestDetailApi,
    LeaveRequestListCreateApi,
    LeaveTypeListApi,
)
from employees.api.training import (
    CourseDetailApi,
    CourseListCreateApi,
    EmployeeSkillsApi,
    EnrolmentCancelApi,
    EnrolmentCompleteApi,
    EnrolmentListCreateApi,
)

v1 = "v1/"
urlpatterns: list[URLPattern] = [
    path(f"{v1}employees/", EmployeeListApi.as_view(), name="employee-list"),
    path(f"{v1}employees/<int:pk>/", EmployeeDetailApi.as_view(), name="employee-detail"),
    path(
        f"{v1}employees/<int:pk>/job-changes/",
        EmployeeJobChangeApi.as_view(),
        name="employee-job-change",
    ),
    path(
        f"{v1}employees/<int:pk>/contacts/",
        EmployeeContactsApi.as_view(),
        name="employee-contacts",
    ),
    path(f"{v1}positions/", PositionListCreateApi.as_view(), name="position-list"),
    path(f"{v1}positions/<int:pk>/", PositionDetailApi.as_view(), name="position-detail"),
    path(f"{v1}departments/", DepartmentListApi.as_view(), name="department-list"),
    path(f"{v1}departments/<int:pk>/", DepartmentDetailApi.as_view(), name="department-detail"),
    path(f"{v1}contracts/", ContractListApi.as_view(), name="contract-list"),
    path(f"{v1}contracts/<int:pk>/", ContractDetailApi.as_view(), name="contract-detail"),
    path(f"{v1}review-cycles/", ReviewCycleListApi.as_view(), name="review-cycle-list"),
    path(
        f"{v1}review-cycles/<int:pk>/",
        ReviewCycleDetailApi.as_view(),
        name="review-cycle-detail",
    ),
    path(
        f"{v1}review-cycles/<int:pk>/calibration/",
        ReviewCycleCalibrationApi.as_view(),
        name="review-cycle-calibration",
    ),
    path(
        f"{v1}review-cycles/<int:pk>/close/",
        ReviewCycleCloseApi.as_view(),
        name="review-cycle-close",
    ),
    path(f"{v1}reviews/", ReviewListApi.as_view(), name="review-list"),
    path(f"{v1}reviews/<int:pk>/", ReviewDetailApi.as_view(), name="review-detail"),
    path(f"{v1}reviews/<int:pk>/self/", ReviewSelfApi.as_view(), name="review-self"),
    path(f"{v1}reviews/<int:pk>/manager/", ReviewManagerApi.as_view(), name="review-manager"),
    path(f"{v1}reviews/<int:pk>/calibrate/", ReviewCalibrateApi.as_view(), name="review-calibrate"),
    path(
        f"{v1}reviews/<int:pk>/acknowledge/",
        ReviewAcknowledgeApi.as_view(),
        name="review-acknowledge",
    ),
    path(f"{v1}metrics/", MetricListApi.as_view(), name="metric-list"),
    path(
        f"{v1}payroll/runs/<int:pk>/reports/<slug:report>/",
        PayrollReportApi.as_view(),
        name="payroll-run-report",
    ),
    path(f"{v1}metric-values/", MetricValueListApi.as_view(), name="metric-value-list"),
    path(f"{v1}courses/", CourseListCreateApi.as_view(), name="course-list"),
    path(f"{v1}courses/<int:pk>/", CourseDetailApi.as_view(), name="course-detail"),
    path(f"{v1}enrolments/", EnrolmentListCreateApi.as_view(), name="enrolment-list"),
    path(
        f"{v1}enrolments/<int:pk>/complete/",
        EnrolmentCompleteApi.as_view(),
        name="enrolment-complete",
    ),
    path(
        f"{v1}enrolments/<int:pk>/cancel/",
        EnrolmentCancelApi.as_view(),
        name="enrolment-cancel",
    ),
    path(f"{v1}employees/<int:pk>/skills/", EmployeeSkillsApi.as_view(), name="employee-skills"),
    path(f"{v1}leave-types/", LeaveTypeListApi.as_view(), name="leave-type-list"),
    path(f"{v1}leave-requests/", LeaveRequestListCreateApi.as_view(), name="leave-request-list"),
    path(
        f"{v1}leave-requests/<int:pk>/",
        LeaveRequestDetailApi.as_view(),
        name="leave-request-detail",
    ),
    path(
        f"{v1}leave-requests/<int:pk>/approve/",
        LeaveRequestApproveApi.as_view(),
        name="leave-request-approve",
    ),
    path(
        f"{v1}leave-requests/<int:pk>/decline/",
        LeaveRequestDeclineApi.as_view(),
        name="leave-request-decline",
    ),
    path(
        f"{v1}leave-requests/<int:pk>/cancel/",
        LeaveRequestCancelApi.as_view(),
        name="leave-request-cancel",
    ),
    path(f"{v1}leave-balances/", LeaveBalanceApi.as_view(), name="leave-balance-list"),
    path(f"{v1}holidays/", CalendarDayListCreateApi.as_view(), name="holiday-list"),
    path(f"{v1}holidays/<int:pk>/", CalendarDayDetailApi.as_view(), name="holiday-detail"),
    path(f"{v1}shifts/", ShiftListCreateApi.as_view(), name="shift-list"),
    path(f"{v1}shifts/<int:pk>/", ShiftDetailApi.as_view(), name="shift-detail"),
    path(f"{v1}shift-patterns/", ShiftPatternListCreateApi.as_view(), name="shift-pattern-list"),
    path(
        f"{v1}shift-patterns/<int:pk>/",
        ShiftPatternDetailApi.as_view(),
        name="shift-pattern-detail",
    ),
    path(f"{v1}punches/", PunchListCreateApi.as_view(), name="punch-list"),
    path(f"{v1}pay-groups/", PayGroupListApi.as_view(), name="pay-group-list"),
    path(f"{v1}pay-components/", PayComponentListCreateApi.as_view(), name="pay-component-list"),
    path(
        f"{v1}pay-components/<int:pk>/",
        PayComponentDetailApi.as_view(),
        name="pay-component-detail",
    ),
    path(
        f"{v1}employees/<int:pk>/salary-records/",
        EmployeeSalaryRecordListCreateApi.as_view(),
        name="employee-salary-records",
    ),
    path(
        f"{v1}salary-records/<int:pk>/",
        SalaryRecordDetailApi.as_view(),
        name="salary-record-detail",
    ),
    path(f"{v1}daily-results/", DailyResultListApi.as_view(), name="daily-result-list"),
    path(f"{v1}payroll-runs/", PayrollRunListApi.as_view(), name="payroll-run-list"),
    path(f"{v1}payroll-runs/<int:pk>/", PayrollRunDetailApi.as_view(), name="payroll-run-detail"),
    path(
        f"{v1}payroll-runs/<int:pk>/approve/",
        PayrollRunApproveApi.as_view(),
        name="payroll-run-approve",
    ),
    path(
        f"{v1}payroll-runs/<int:pk>/payslips/",
        PayrollRunPayslipListApi.as_view(),
        name="payroll-run-payslip-list",
    ),
    path(f"{v1}payslips/<int:pk>/", PayslipDetailApi.as_view(), name="payslip-detail"),
    path(f"{v1}me/payslips/", MyPayslipListApi.as_view(), name="my-payslip-list"),
    path(f"{v1}me/payslips/<int:pk>/", MyPayslipDetailApi.as_view(), name="my-payslip-detail"),
    path(
        f"{v1}me/payslips/<int:pk>/acknowledge/",
        MyPayslipAcknowledgeApi.as_view(),
        name="my-payslip-acknowledge",
    ),
]
