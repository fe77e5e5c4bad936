"""Moving applications through the pipeline: move, reject, and both in bulk.

The rows being changed are looked up in the caller's scope first (404 if any
is missing or out of scope), then the caller must be allowed to change their
jobs (403), then the input is checked (400), then one service runs. The bulk
endpoints take their ids from the body, so its shape is checked before that.
"""

from collections.abc import Sequence

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped_ids_or_404
from recruiting.api.applications import ApplicationOutputSerializer, application_output
from recruiting.api.errors import ErrorSerializer
from recruiting.api.permissions import require_job_write
from recruiting.models import Application, Job, RejectionReason, Stage
from recruiting.services.applications import (
    application_bulk_move,
    application_bulk_reject,
    application_move,
    application_reject,
)

# One request changes at most this many applications (a board selection).
BULK_LIMIT = 1000

WRITE_RESPONSES = {
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
}


def _reasons() -> QuerySet[RejectionReason]:
    return RejectionReason.objects.filter(is_active=True)


def application_for_write(user: User, pk: int) -> Application:
    application = get_scoped_or_404(Application.objects.select_related("job"), user, pk=pk)
    require_job_write(user, application.job)
    return application


def _applications_for_write(user: User, ids: Sequence[int]) -> None:
    """404 unless every id is an application the caller sees; 403 unless they may change it."""
    try:
        scoped_ids_or_404(Application.objects.all(), user, ids)
    except Http404 as error:
        raise NotFound(_("Some of these applications were not found.")) from error
    require_job_write(user, Job.objects.filter(applications__in=ids).distinct())


class ApplicationMoveApi(APIView):
    """POST: move one active application to another stage of its job."""

    @extend_schema_serializer(component_name="ApplicationMove")
    class InputSerializer(serializers.Serializer):
        to_stage = serializers.IntegerField()
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer, responses={200: ApplicationOutputSerializer, **WRITE_RESPONSES}
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_for_write(request.user, pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        to_stage = application.job.stages.filter(pk=serializer.validated_data["to_stage"]).first()
        if to_stage is None:
            raise serializers.ValidationError(
                {"to_stage": [_("This stage is not part of the application's job.")]}
            )
        application_move(
            application=application,
            to_stage=to_stage,
            actor=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(application_output(application))


class ApplicationRejectApi(APIView):
    """POST: end one active application with a reason from the catalogue (by code)."""

    @extend_schema_serializer(component_name="ApplicationReject")
    class InputSerializer(serializers.Serializer):
        reason = serializers.SlugRelatedField(slug_field="code", queryset=_reasons())
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer, responses={200: ApplicationOutputSerializer, **WRITE_RESPONSES}
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_for_write(request.user, pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application_reject(
            application=application,
            reason=serializer.validated_data["reason"],
            note=serializer.validated_data.get("note", ""),
            actor=request.user,
        )
        return Response(application_output(application))


class ApplicationIdsField(serializers.ListField):
    def __init__(self) -> None:
        super().__init__(
            child=serializers.IntegerField(min_value=1), min_length=1, max_length=BULK_LIMIT
        )


class ApplicationBulkMoveApi(APIView):
    """POST: move many applications of one job to one of its stages; answer how many moved.

    Applications already in that stage or no longer active are left alone.
    """

    @extend_schema_serializer(component_name="ApplicationBulkMove")
    class InputSerializer(serializers.Serializer):
        application_ids = ApplicationIdsField()
        to_stage = serializers.IntegerField()
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema_serializer(component_name="ApplicationBulkMoveResult")
    class OutputSerializer(serializers.Serializer):
        moved = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, **WRITE_RESPONSES})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        stage = get_scoped_or_404(
            Stage.objects.select_related("job"), request.user, pk=data["to_stage"]
        )
        _applications_for_write(request.user, data["application_ids"])
        require_job_write(request.user, stage.job)
        moved = application_bulk_move(
            application_ids=data["application_ids"],
            to_stage=stage,
            actor=request.user,
            reason=data.get("reason", ""),
        ).moved
        return Response(self.OutputSerializer({"moved": moved}).data)


class ApplicationBulkRejectApi(APIView):
    """POST: reject many applications with one reason; answer how many were rejected."""

    @extend_schema_serializer(component_name="ApplicationBulkReject")
    class InputSerializer(serializers.Serializer):
        application_ids = ApplicationIdsField()
        reason = serializers.SlugRelatedField(slug_field="code", queryset=_reasons())
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema_serializer(component_name="ApplicationBulkRejectResult")
    class OutputSerializer(serializers.Serializer):
        rejected = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, **WRITE_RESPONSES})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _applications_for_write(request.user, data["application_ids"])
        rejected = application_bulk_reject(
            application_ids=data["application_ids"],
            reason=data["reason"],
            note=data.get("note", ""),
            actor=request.user,
        )
        return Response(self.OutputSerializer({"rejected": rejected}).data)
