"""The demo accounts: one per role, for `make demo` only."""

from dataclasses import dataclass

from django.db import transaction

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.services import (
    user_create,
    user_set_admin_access,
    user_set_password,
    user_set_roles,
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    roles: tuple[Role, ...]
    is_superuser: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin@hrflow.local", "系统管理员 Admin", (Role.HR_ADMIN,), is_superuser=True),
    DemoAccount("hr@hrflow.local", "王芳 Wang Fang", (Role.HR_ADMIN,)),
    DemoAccount("recruiter@hrflow.local", "李娜 Li Na", (Role.RECRUITER,)),
    DemoAccount("manager@hrflow.local", "张伟 Zhang Wei", (Role.HIRING_MANAGER, Role.EMPLOYEE)),
    DemoAccount("interviewer@hrflow.local", "刘洋 Liu Yang", (Role.INTERVIEWER, Role.EMPLOYEE)),
    DemoAccount("employee@hrflow.local", "陈静 Chen Jing", (Role.EMPLOYEE,)),
)


@transaction.atomic
def demo_accounts_ensure(*, password: str) -> list[tuple[DemoAccount, bool]]:
    """Create the missing demo accounts and reset every one's password and roles.

    Safe to run on each `make demo`: existing accounts are updated, not duplicated.
    """
    results = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        created = user is None
        if user is None:
            user = user_create(
                email=account.email,
                full_name=account.full_name,
                password=password,
                roles=account.roles,
            )
        else:
            user_set_roles(user=user, roles=account.roles, actor=None)
            user_set_password(user=user, password=password, actor=None)
        if account.is_superuser:
            user_set_admin_access(user=user, is_staff=True, is_superuser=True, actor=None)
        results.append((account, created))
    return results
