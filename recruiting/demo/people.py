"""Who does what in the demo: the demo recruiter screens, the demo manager interviews."""

from hrflow.accounts.demo import DEMO_ACCOUNTS
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role


def demo_user(role: Role) -> User | None:
    """The demo account holding `role`, when `make demo` created it."""
    for account in DEMO_ACCOUNTS:
        if role in account.roles:
            return User.objects.filter(email__iexact=account.email).first()
    return None
