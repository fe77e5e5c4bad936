"""Form fields the apps' forms share."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from hrflow.core.params import parse_id


class IdChoiceField(forms.ModelChoiceField):
    """A row chosen by its id, which a browser sends in the ASCII digits 0-9.

    Django's lookup reads the value as int() does, and int() reads "١٢" (Arabic-Indic
    digits) as 12: a row nobody picked from the list. Whatever `parse_id` does not
    read is not one of the choices.
    """

    def to_python(self, value: Any) -> Any:
        if (
            value not in self.empty_values
            and not isinstance(value, self.queryset.model)  # type: ignore[union-attr]
            and parse_id(str(value)) is None
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)
