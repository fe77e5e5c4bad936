"""Reading for the leaving pages: the leavers, one leaver by the number in the URL, and
the offboarding tasks a viewer may see; each at a constant number of queries."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from employees.models import Employee, ExitCertificate, OffboardingTask
from employees.records.selectors import ENCRYPTED
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import scoped
from hrflow.accounts.selectors import user_roles
from hrflow.core.params import parse_id

PAY_ROLES = frozenset({Role.HR_ADMIN, Role.PAYROLL})


def sees_pay(viewer: User) -> bool:
    return bool(PAY_ROLES & user_roles(viewer))


def is_hr(viewer: User) -> bool:
    return Role.HR_ADMIN in user_roles(viewer)


def _leavers() -> QuerySet[Employee]:
    return Employee.objects.filter(left_on__isnull=False).defer(*ENCRYPTED)


def leaver_by_ref(ref: str) -> Employee:
    """The leaver an URL names by number (E000123) or id, or 404. The caller has decided
    the viewer may open leavers' pages at all (HR admins, payroll officers)."""
    ref = (ref or "").strip()
    pk = parse_id(ref)
    found = _leavers().filter(Q(pk=pk) if pk is not None else Q(number=ref[:20].upper())).first()
    if found is None:
        raise Http404
    return found


def leaver_rows() -> QuerySet[Employee]:
    """Every leaver, the latest last day first, with their checklist's progress and their
    final pay (one query a page)."""
    return (
        _leavers()
        .select_related("final_pay")
        .annotate(
            tasks_total=Count("offboarding_tasks"),
            tasks_done=Count(
                "offboarding_tasks", filter=Q(offboarding_tasks__done_at__isnull=False)
            ),
        )
        .order_by("-left_on", "pk")
    )


def checklist_tasks(viewer: User, employee: Employee) -> list[OffboardingTask]:
    """The leaver's tasks the viewer may see: all of them for HR admins, otherwise those
    they own (the manager's, the IT group's, payroll's)."""
    return list(
        scoped(OffboardingTask.objects.filter(employee=employee), viewer).select_related(
            "assignee", "done_by"
        )
    )


def my_open_tasks(viewer: User) -> QuerySet[OffboardingTask]:
    """The open offboarding tasks the viewer owns (HR admins: every open task), earliest
    due first."""
    return (
        scoped(OffboardingTask.objects.open(), viewer)
        .select_related("employee", "assignee")
        .defer(*(f"employee__{name}" for name in ENCRYPTED))
        .order_by("due_on", "employee_id", "order", "pk")
    )


def certificates_issued(employee: Employee) -> list[ExitCertificate]:
    return list(ExitCertificate.objects.filter(employee=employee).select_related("issued_by"))
