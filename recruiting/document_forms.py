"""Forms around requested documents: HR asks and reviews, the candidate uploads.

They check shape only; recruiting/services/documents.py decides what is allowed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from recruiting.documents import ACCEPT
from recruiting.models import DocumentRequest
from recruiting.services.documents import NOTE_MAX


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentRequest.Kind.choices)
    label = forms.CharField(label=_("What we ask for"), max_length=160)
    note = forms.CharField(
        label=_("Note to the candidate"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentReviewForm(forms.Form):
    """HR's verdict: the button pressed says which; a return carries what to fix."""

    ACCEPT, RETURN = "accept", "return"

    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (RETURN, _("Return"))])
    note = forms.CharField(
        label=_("What needs fixing"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
