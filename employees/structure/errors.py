"""Service refusals shown on the form that caused them."""

from django import forms

from hrflow.core.errors import ApplicationError


def form_error_add(form: forms.BaseForm, error: ApplicationError) -> None:
    """Put the service's message under the field it names, or above the form."""
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.message)
