"""A service's refusal shown on the form that caused it.

Services refuse with an ApplicationError naming the field at fault in
`extra["field"]` (or a model's ValidationError from full_clean); a page shows the
message under that field when the form has it, else above the form.
"""

from django import forms
from django.core.exceptions import ValidationError

from hrflow.core.errors import ApplicationError


def refusal_add(form: forms.BaseForm, error: ApplicationError | ValidationError) -> None:
    """Put the refusal under the field it names, or above the form."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, problems in error.error_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            form.add_error(None, error)
        return
    named = error.extra.get("field")
    form.add_error(named if named in form.fields else None, error.message)
