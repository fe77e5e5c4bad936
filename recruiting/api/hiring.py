"""Hiring through the API: the same hire service as the profile's button and the board."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.models import EmploymentType
from recruiting.api.application_actions import WRITE_RESPONSES, application_for_write
from recruiting.api.fields import IdField, IsoDateField
from recruiting.hiring.services import application_hire


@extend_schema_serializer(component_name="HireOutcome")
class HireOutputSerializer(serializers.Serializer):
    employee_id = serializers.IntegerField()
    employee_number = serializers.CharField()
    created = serializers.BooleanField(
        help_text=_("False when an earlier hire of this application made the employee.")
    )


class ApplicationHireApi(APIView):
    """POST: hire the candidate of an application with an accepted offer (idempotent)."""

    @extend_schema_serializer(component_name="ApplicationHire")
    class InputSerializer(serializers.Serializer):
        start_date = IsoDateField(required=False)
        employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
        position = IdField(required=False)
        manager = IdField(required=False)
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer, responses={200: HireOutputSerializer, **WRITE_RESPONSES}
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_for_write(request.user, pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome = application_hire(
            application=application,
            actor=request.user,
            start_date=data.get("start_date"),
            employment_type=data.get("employment_type", ""),
            position_id=data.get("position"),
            manager_id=data.get("manager"),
            reason=data.get("reason", ""),
        )
        return Response(
            {
                "employee_id": outcome.employee.pk,
                "employee_number": outcome.employee.number,
                "created": outcome.created,
            }
        )
