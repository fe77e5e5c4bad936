"""REST API settings (DRF, django-filter, drf-spectacular).

Imported at the end of base.py, so this REST_FRAMEWORK replaces the one there.
"""

from typing import Any

REST_FRAMEWORK: dict[str, Any] = {
    # Token first: its "WWW-Authenticate: Token" header makes an anonymous
    # caller get 401 rather than 403. Session auth enforces CSRF on writes.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON nested deeper than recruiting.api.parsers.MAX_JSON_DEPTH is a 400.
    "DEFAULT_PARSER_CLASSES": ["recruiting.api.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "recruiting.api.pagination.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "recruiting.api.filters.AllowlistOrderingFilter",
    ],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "recruiting.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Scores go out as JSON numbers (0-100, two decimals), not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "hrflow API",
    "DESCRIPTION": (
        "Jobs, pipelines, candidates, applications, assessments and notes; employees, "
        "positions, departments, contracts and the outbound events; leave (types, requests and "
        "their decisions, balances), the holiday calendar, shifts and shift patterns, "
        "punches from time clocks and the daily attendance results; pay groups, pay "
        "components and dated salary records (payroll officers and HR admins). "
        "Authenticate with `Authorization: Token <key>` (see `manage.py api_token`) "
        "or a signed-in session (with the CSRF header on writes)."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Every asset is served by the app itself (no CDN), as the CSP requires.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "recruiting.models.jobs.Job.Status",
        "ApplicationStatusEnum": "recruiting.models.applications.Application.Status",
        "AssessmentStatusEnum": "recruiting.models.assessments.Assessment.Status",
        "AssessmentKindEnum": "recruiting.models.assessments.Assessment.Kind",
        "StageKindEnum": "recruiting.models.jobs.StageKind",
        "JobEmploymentTypeEnum": "recruiting.models.jobs.Job.EmploymentType",
        "EmployeeEmploymentTypeEnum": "employees.models.people.EmploymentType",
        "EmployeeStatusEnum": "employees.models.people.EmployeeStatus",
        "ContractStatusEnum": "employees.models.contracts.Contract.Status",
        "ContractKindEnum": "employees.models.contracts.Contract.Kind",
        "ReviewCycleStatusEnum": "employees.models.performance.ReviewCycle.Status",
        "ReviewCycleKindEnum": "employees.models.performance.CycleKind",
        "DayKindEnum": "employees.models.worktime.DayKind",
        "PayComponentKindEnum": "employees.models.pay.PayComponent.Kind",
        "CompanyDayKindEnum": "employees.api.time_leave.COMPANY_DAY_KINDS",
    },
}
