"""Serializer fields the API's input serializers share."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.utils import humanize_datetime

from hrflow.core.params import parse_id


class JSONObjectField(serializers.DictField):
    """A free-form JSON object (stored as jsonb): anything but U+0000.

    PostgreSQL stores no NUL character in text or jsonb, so one anywhere in the
    object, in a key or a string, would fail the INSERT with a 500. DRF's
    CharField refuses it for plain text; free-form objects get the same rule here.
    """

    default_error_messages = {
        "null_characters_not_allowed": _("Text may not contain the NUL character (U+0000)."),
    }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        value = super().to_internal_value(data)
        if holds_nul(value):
            self.fail("null_characters_not_allowed")
        return value


def holds_nul(value: Any) -> bool:
    """Whether a key or string anywhere in `value` holds U+0000 (no recursion)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class IdField(serializers.IntegerField):
    """A row's id: a JSON integer, or a string of the ASCII digits 0-9.

    DRF reads a string as int() does, and int() reads "١٢" (Arabic-Indic digits) as
    12: a row the client never named in the digits ids are written in.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and parse_id(data) is None:
            self.fail("invalid")
        return super().to_internal_value(data)


class IsoDateField(serializers.DateField):
    """A day as ISO 8601 writes it, in ASCII digits (Django's parser also reads others')."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            formats = getattr(self, "input_formats", api_settings.DATE_INPUT_FORMATS)
            self.fail("invalid", format=humanize_datetime.date_formats(formats))
        return super().to_internal_value(value)
