"""`GET /api/v1/events/`: the outbound events, for API clients that pull them.

A client keeps the id of the last event it handled and asks for what came
after it; ids commit in order (see services.py), so nothing is skipped.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.permissions import IsHrAdmin
from hrflow.outbound.models import OutboundEvent
from hrflow.outbound.selectors import outbound_event_list

MAX_LIMIT = 500


class OutboundEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutboundEvent
        fields = ["id", "topic", "key", "occurred_at", "payload"]


class OutboundEventPageSerializer(serializers.Serializer):
    results = OutboundEventSerializer(many=True)
    next_after = serializers.IntegerField(help_text="Pass as `after` to read on.")
    has_more = serializers.BooleanField()


class OutboundEventQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(
        min_value=0,
        max_value=2**63 - 1,
        required=False,
        default=0,
        help_text="The id of the last event you handled (0: from the start).",
    )
    topic = serializers.CharField(
        required=False, max_length=400, help_text="One topic or several, comma-separated."
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, required=False, default=100)


class OutboundEventListApi(APIView):
    """GET the events after `after`, oldest first (HR admins' tokens only)."""

    permission_classes = [IsAuthenticated, IsHrAdmin]

    @extend_schema(
        parameters=[OutboundEventQuerySerializer],
        responses={200: OutboundEventPageSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        query = OutboundEventQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data: dict[str, Any] = query.validated_data
        topics = [t.strip() for t in data.get("topic", "").split(",") if t.strip()]
        rows = list(outbound_event_list(after=data["after"], topics=topics)[: data["limit"] + 1])
        page, has_more = rows[: data["limit"]], len(rows) > data["limit"]
        return Response(
            {
                "results": OutboundEventSerializer(page, many=True).data,
                "next_after": page[-1].id if page else data["after"],
                "has_more": has_more,
            }
        )
