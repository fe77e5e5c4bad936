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
    # Who the account is, when its roles do not say (shown in the banner).
    note: str = ""


# A shift leader (班组长) at the plant: the demo links this account to a lead whose
# team holds hires of last year's drive who scored low on safety awareness in their
# AI interview (recruiting.demo.plant), and names it after that employee. Signed in,
# the team training page suggests the safety course with sessions to book. The
# employee role is all a line manager needs: managing is a fact of the org chart.
SUPERVISOR_EMAIL = "supervisor@hrflow.local"


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin@hrflow.local", "系统管理员 Admin", (Role.HR_ADMIN,), is_superuser=True),
    DemoAccount("hr@hrflow.local", "王芳 Wang Fang", (Role.HR_ADMIN,)),
    DemoAccount("recruiter@hrflow.local", "李娜 Li Na", (Role.RECRUITER,)),
    DemoAccount("manager@hrflow.local", "张伟 Zhang Wei", (Role.HIRING_MANAGER, Role.EMPLOYEE)),
    DemoAccount("interviewer@hrflow.local", "刘洋 Liu Yang", (Role.INTERVIEWER, Role.EMPLOYEE)),
    DemoAccount("employee@hrflow.local", "陈静 Chen Jing", (Role.EMPLOYEE,)),
    DemoAccount("payroll@hrflow.local", "赵敏 Zhao Min", (Role.PAYROLL, Role.EMPLOYEE)),
    DemoAccount(
        SUPERVISOR_EMAIL,
        "班组长 Shift Leader",
        (Role.EMPLOYEE,),
        note="plant shift leader",
    ),
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
