"""django-axes (the sign-in lockouts) in our admin, named in the admin's language.

axes ships no Chinese catalogue, so a Chinese admin showed its section and models in
English. The section's name is set here, and the names axes gives its models and
their admin are listed below so that `makemessages` keeps them in our catalogue,
which Django reads before axes' own (LOCALE_PATHS come first).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class LockoutsConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockouts")


# axes' own msgids, translated in locale/zh_Hans (never called: only extracted).
AXES_MSGIDS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("User Agent"),
    gettext_noop("Path"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("Not set"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
)
