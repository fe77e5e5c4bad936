"""Where applications come from: the codes stored on Application.source, and their names.

The code stays free text (an API caller or an import may bring its own); the
pages show a known code by its name and any other as it was given.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SOURCE_LABELS: dict[str, Promise] = {
    "careers_site": _("Careers site"),
    "campus_site": _("Campus careers site"),
    "campus_talk": _("Campus talk"),
    "wechat": _("WeChat"),
    "referral": _("Referral"),
    "job_board": _("Job board"),
    "agency": _("Agency"),
    "linkedin": _("LinkedIn"),
    "talent_pool": _("Recalled from the talent pool"),
}


def source_label(code: str) -> str:
    return str(SOURCE_LABELS.get(code, code))
