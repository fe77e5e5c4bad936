"""The REST API: /api/v1/<resource>/, the OpenAPI schema and its docs."""

from django.urls import URLPattern, path

from employees.api.urls import urlpatterns as employees_urlpatterns
from hrflow.outbound.api import OutboundEventListApi
from recruiting.api.application_actions import (
    ApplicationBulkMoveApi,
    ApplicationBulkRejectApi,
    ApplicationMoveApi,
    ApplicationRejectApi,
)
from recruiting.api.applications import (
    ApplicationDetailApi,
    ApplicationListCreateApi,
    TransitionDetailApi,
    TransitionListApi,
)
from recruiting.api.assessments import (
    AssessmentDetailApi,
    AssessmentListRecordApi,
    WrittenTestEnterApi,
)
from recruiting.api.candidates import CandidateDetailApi, CandidateListCreateApi
from recruiting.api.docs import ApiRootApi, DocsApi, SchemaApi
from recruiting.api.hiring import ApplicationHireApi
from recruiting.api.jobs import (
    JobDetailApi,
    JobListCreateApi,
    JobSetStatusApi,
    StageDetailApi,
    StageListApi,
)
from recruiting.api.notes import NoteDetailApi, NoteListCreateApi

app_name = "api"

v1 = "v1/"
urlpatterns: list[URLPattern] = [
    path(v1, ApiRootApi.as_view(), name="root"),
    path(f"{v1}jobs/", JobListCreateApi.as_view(), name="job-list"),
    path(f"{v1}jobs/<int:pk>/", JobDetailApi.as_view(), name="job-detail"),
    path(f"{v1}jobs/<int:pk>/status/", JobSetStatusApi.as_view(), name="job-status"),
    path(f"{v1}stages/", StageListApi.as_view(), name="stage-list"),
    path(f"{v1}stages/<int:pk>/", StageDetailApi.as_view(), name="stage-detail"),
    path(f"{v1}candidates/", CandidateListCreateApi.as_view(), name="candidate-list"),
    path(f"{v1}candidates/<int:pk>/", CandidateDetailApi.as_view(), name="candidate-detail"),
    path(f"{v1}applications/", ApplicationListCreateApi.as_view(), name="application-list"),
    path(
        f"{v1}applications/bulk-move/",
        ApplicationBulkMoveApi.as_view(),
        name="application-bulk-move",
    ),
    path(
        f"{v1}applications/bulk-reject/",
        ApplicationBulkRejectApi.as_view(),
        name="application-bulk-reject",
    ),
    path(f"{v1}applications/<int:pk>/", ApplicationDetailApi.as_view(), name="application-detail"),
    path(f"{v1}applications/<int:pk>/move/", ApplicationMoveApi.as_view(), name="application-move"),
    path(f"{v1}applications/<int:pk>/hire/", ApplicationHireApi.as_view(), name="application-hire"),
    path(
        f"{v1}applications/<int:pk>/reject/",
        ApplicationRejectApi.as_view(),
        name="application-reject",
    ),
    path(
        f"{v1}applications/<int:pk>/written-test/",
        WrittenTestEnterApi.as_view(),
        name="application-written-test",
    ),
    path(f"{v1}transitions/", TransitionListApi.as_view(), name="transition-list"),
    path(f"{v1}transitions/<int:pk>/", TransitionDetailApi.as_view(), name="transition-detail"),
    path(f"{v1}assessments/", AssessmentListRecordApi.as_view(), name="assessment-list"),
    path(f"{v1}assessments/<int:pk>/", AssessmentDetailApi.as_view(), name="assessment-detail"),
    path(f"{v1}notes/", NoteListCreateApi.as_view(), name="note-list"),
    path(f"{v1}notes/<int:pk>/", NoteDetailApi.as_view(), name="note-detail"),
    *employees_urlpatterns,
    path(f"{v1}events/", OutboundEventListApi.as_view(), name="event-list"),
    path("schema/", SchemaApi.as_view(), name="schema"),
    path("docs/", DocsApi.as_view(), name="docs"),
]
