"""Notes on candidates (optionally about one application): list, detail, add."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from recruiting.api.errors import ErrorSerializer
from recruiting.api.filters import NoteFilter
from recruiting.api.jobs import PersonRefSerializer
from recruiting.api.permissions import require_candidate_write, require_job_write
from recruiting.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    ScopedPrimaryKeyRelatedField,
    get_body_target_or_404,
)
from recruiting.models import Application, Candidate, Note
from recruiting.services.candidates import note_add


def notes_for_output() -> QuerySet[Note]:
    return Note.objects.select_related("author")


class NoteOutputSerializer(serializers.ModelSerializer):
    author = PersonRefSerializer(allow_null=True)

    class Meta:
        model = Note
        fields = ["id", "candidate", "application", "author", "body", "created_at", "updated_at"]


class NoteListCreateApi(ScopedListApi):
    """GET notes on the caller's candidates (HR admins: all)."""

    queryset = notes_for_output()
    serializer_class = NoteOutputSerializer
    filterset_class = NoteFilter
    ordering_fields = ("created_at",)

    @extend_schema_serializer(component_name="NoteCreate")
    class InputSerializer(serializers.Serializer):
        candidate = serializers.IntegerField()
        application = ScopedPrimaryKeyRelatedField(
            queryset=Application.objects.select_related("job"), required=False, allow_null=True
        )
        body = serializers.CharField(max_length=10_000)

    @extend_schema(
        description=(
            "Add a note to a candidate, optionally about one application (HR admins, and "
            "recruiters of a job the candidate applied to)."
        ),
        request=InputSerializer,
        responses={
            201: NoteOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        candidate = get_body_target_or_404(request, Candidate.objects.all(), "candidate")
        require_candidate_write(request.user, candidate.pk)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = data.get("application")
        if application is not None:
            require_job_write(request.user, application.job)
        note = note_add(
            candidate=candidate, application=application, body=data["body"], author=request.user
        )
        output = NoteOutputSerializer(notes_for_output().get(pk=note.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


class NoteDetailApi(ScopedDetailApi):
    queryset = notes_for_output()
    serializer_class = NoteOutputSerializer
