"""Offer forms: they check the shape of input; the offer services judge it."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from recruiting.offers.services import DECLINE_REASON_MAX, MESSAGE_MAX
from recruiting.resumes import MAX_RESUME_BYTES

DATE_INPUT = "%Y-%m-%d"


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATE_INPUT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT),
    )


class OfferForm(forms.Form):
    """HR writes the terms and attaches the letter prepared in the company's template."""

    position_title = forms.CharField(label=_("Position"), max_length=160)
    salary = forms.CharField(
        label=_("Salary"),
        max_length=160,
        help_text=_("As the candidate should read it, e.g. ¥25,000 x 14 months."),
    )
    start_date = _date_field(_("Start date"))
    respond_by = _date_field(
        _("Answer by"),
        required=False,
        help_text=_("Optional. After this day the candidate can no longer answer in the portal."),
    )
    message = forms.CharField(
        label=_("Message to the candidate"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    letter = forms.FileField(
        label=_("Offer letter (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Worded here, not at import, so it follows the language of the request.
        self.fields["letter"].help_text = _("The signed letter as a PDF, up to %(mb)d MB.") % {
            "mb": MAX_RESUME_BYTES // (1024 * 1024)
        }

    def clean_letter(self) -> UploadedFile:
        # Refused before it is read into memory; the service checks the bytes.
        upload: UploadedFile = self.cleaned_data["letter"]
        if upload.size is not None and upload.size > MAX_RESUME_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_RESUME_BYTES // (1024 * 1024)}
            )
        return upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (for the record)"), required=False, max_length=500)


class AnswerForm(forms.Form):
    """The candidate's answer: accept or decline, signed with their typed full name."""

    ACCEPT, DECLINE = "accept", "decline"

    # Sent by the button pressed: "Accept the offer" or "Decline the offer".
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        error_messages={"required": _("Choose to accept or to decline the offer.")},
    )
    signature_name = forms.CharField(
        label=_("Type your full name as your signature"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    read_letter = forms.BooleanField(label=_("I have read the offer letter"), required=False)
    decline_reason = forms.CharField(
        label=_("Reason for declining (optional)"),
        required=False,
        max_length=DECLINE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == self.ACCEPT and not data.get("read_letter"):
            self.add_error("read_letter", _("Confirm that you have read the offer letter."))
        return data

    @property
    def accepts(self) -> bool:
        return self.cleaned_data["answer"] == self.ACCEPT
