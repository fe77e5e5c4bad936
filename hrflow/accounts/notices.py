"""What accounts tells staff: the password reset link and a new account's welcome,
registered from `ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.notifications.events import Audience, Event, events_register

PASSWORD_RESET = Event(
    code="password_reset",
    label=_("Password reset link (staff)"),
    audience=Audience.STAFF,
    variables=("user_name", "reset_link"),
    subject=_("Reset your hrflow password"),
    body=_(
        "Hello {{ user_name }},\n\nsomeone asked to reset the password of your hrflow "
        "account. If it was you, open this link to choose a new one:\n{{ reset_link }}"
        "\n\nIf it was not you, ignore this e-mail: your password stays as it is."
    ),
    # Whoever reads the link can choose the account's password.
    secret=True,
)

ACCOUNT_INVITE = Event(
    code="account_invite",
    label=_("New account: choose a password"),
    audience=Audience.STAFF,
    variables=("user_name", "set_password_link"),
    subject=_("Your hrflow account is ready"),
    body=_(
        "Hello {{ user_name }},\n\nan hrflow account was made for you. Open this link to "
        "choose your password and sign in:\n{{ set_password_link }}\n\nThe link works once "
        "and expires in a few days; ask HR for a new one if it has."
    ),
    # Whoever reads the link can choose the account's password.
    secret=True,
)

SAMPLES = {
    "user_name": "王芳 / Wang Fang",
    "reset_link": "https://hr.example.com/accounts/reset/…",
    "set_password_link": "https://hr.example.com/accounts/reset/…",
}


def notices_register() -> None:
    events_register([PASSWORD_RESET, ACCOUNT_INVITE], samples=SAMPLES)
