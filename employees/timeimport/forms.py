"""The attendance import form: it checks the file's shape (size, kind, formulas); the
service judges the rows."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.core.tabular import ACCEPT, MAX_TABLE_BYTES


class AttendanceFileForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance export (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("The punch records exported from WeCom (企业微信), DingTalk (钉钉) or "
                    "Feishu (飞书), as the app writes them."),
    )  # fmt: skip
    override_reason = forms.CharField(
        label=_("Reason to add to confirmed months"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the file holds punches of a confirmed month; it is audited."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB."), params={"mb": MAX_TABLE_BYTES >> 20}
            )
        return upload
