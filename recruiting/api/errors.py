"""One JSON shape for every API error: {"message": ..., "errors": {"field": ["..."]}}.

Services raise `ApplicationError` (a broken business rule) or Django's
`ValidationError` (from `full_clean`); serializers raise DRF's
`ValidationError`. All three become a 400 with a message per field; other
errors (401, 403, 404, 405, ...) keep their status with an empty `errors`.
Nested fields are flattened to dotted names ("stages.1.kind").
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.errors import ApplicationError

__all__ = ["ErrorSerializer", "exception_handler"]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        named = exc.extra.get("fields")
        if isinstance(named, dict) and named:
            # A refusal naming several fields (the hire's details): each under its own.
            errors = {_api_field(name, context): [str(text)] for name, text in named.items()}
            return _bad_request(errors, message=exc.message)
        field = _api_field(exc.extra.get("field"), context)
        return _bad_request({field: [exc.message]}, message=exc.message)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {
                _api_field(name, context): list(msgs) for name, msgs in exc.message_dict.items()
            }
        else:
            errors = {api_settings.NON_FIELD_ERRORS_KEY: list(exc.messages)}
        return _bad_request(errors)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        errors = _flatten(response.data)
        response.data = _body(errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"message": str(detail), "errors": {}}
    return response


def _api_field(field: str | None, context: dict[str, Any]) -> str:
    """The input field a service's field name stands for, as the view declares it."""
    if not field or field == NON_FIELD_ERRORS:
        return api_settings.NON_FIELD_ERRORS_KEY
    mapping: dict[str, str] = getattr(context.get("view"), "error_fields", {})
    return mapping.get(field, field)


def _bad_request(errors: dict[str, list[str]], message: str | None = None) -> Response:
    body = _body(errors)
    if message is not None:
        body["message"] = message
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def _body(errors: dict[str, list[str]]) -> dict[str, Any]:
    messages = [message for field_messages in errors.values() for message in field_messages]
    summary = messages[0] if len(messages) == 1 else _("Some fields are not valid.")
    return {"message": summary, "errors": errors}


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"dotted.field": [messages]}."""
    key = prefix or api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for name, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else str(name)))
        return flat
    if isinstance(data, list):
        if all(isinstance(item, str) for item in data):
            return {key: [str(item) for item in data]} if data else {}
        flat = {}
        for index, item in enumerate(data):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {key: [str(data)]}
