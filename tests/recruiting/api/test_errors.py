"""Every API error has one shape: {"message": ..., "errors": {"field": ["..."]}}."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from hrflow.core.errors import ApplicationError
from recruiting.api.errors import exception_handler


class _View:
    error_fields = {"score": "overall_score"}


@pytest.mark.parametrize(
    ("error", "context", "errors"),
    [
        (ApplicationError("Closed.", extra={"field": "job"}), {}, {"job": ["Closed."]}),
        (ApplicationError("Closed."), {}, {"non_field_errors": ["Closed."]}),
        (
            ApplicationError("Out of range.", extra={"field": "score"}),
            {"view": _View()},
            {"overall_score": ["Out of range."]},
        ),
        (
            DjangoValidationError({"email": ["Enter a valid e-mail."], "__all__": ["Twice."]}),
            {},
            {"email": ["Enter a valid e-mail."], "non_field_errors": ["Twice."]},
        ),
        (DjangoValidationError("Just wrong."), {}, {"non_field_errors": ["Just wrong."]}),
        (
            serializers.ValidationError({"stages": [{}, {"kind": ["Unknown."]}]}),
            {},
            {"stages.1.kind": ["Unknown."]},
        ),
    ],
)
def test_rule_and_validation_errors_are_400_with_a_message_per_field(
    error: Exception, context: dict[str, object], errors: dict[str, list[str]]
) -> None:
    response = exception_handler(error, context)

    assert response is not None
    assert response.status_code == 400
    assert response.data["errors"] == errors
    assert response.data["message"]


def test_several_errors_get_a_summary_message() -> None:
    response = exception_handler(serializers.ValidationError({"a": ["One."], "b": ["Two."]}), {})

    assert response is not None
    assert response.data["message"] not in ("One.", "Two.")
    assert response.data["errors"] == {"a": ["One."], "b": ["Two."]}


def test_other_api_errors_keep_their_status_with_empty_errors() -> None:
    response = exception_handler(NotFound("Gone."), {})

    assert response is not None
    assert response.status_code == 404
    assert response.data == {"message": "Gone.", "errors": {}}


def test_unexpected_errors_are_left_to_django() -> None:
    """A bug stays a 500 with Django's logging, not a tidy 400."""
    assert exception_handler(KeyError("bug"), {}) is None
