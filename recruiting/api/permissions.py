"""Who may write through the API; who may read is `hrflow.accounts.scoping`.

Reading follows the rows' scope (HR admins everything, recruiters and hiring
managers their jobs). Writing needs more: an HR admin, or a recruiter named on
the job (the same rule as the HR pages, `user_can_work_on`). A row the caller
cannot see answers 404 before these checks run, so a 403 only ever says "you
can see this, but not change it".
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from hrflow.accounts.models import User
from hrflow.accounts.roles import WORKSPACE_ROLES, Role
from hrflow.accounts.selectors import user_roles
from recruiting.models import Job
from recruiting.selectors.jobs import user_can_work_on


def is_hr_admin(user: Any) -> bool:
    return Role.HR_ADMIN in user_roles(user)


def require_job_write(user: User, jobs: Job | Iterable[Job]) -> None:
    """Raise 403 unless `user` may change every one of `jobs`."""
    for job in [jobs] if isinstance(jobs, Job) else jobs:
        if not user_can_work_on(user, job):
            raise PermissionDenied(_("Only HR admins and this job's recruiters can change it."))


def require_candidate_write(user: User, candidate_id: int) -> None:
    """Raise 403 unless `user` is an HR admin or recruits for a job the candidate applied to."""
    if user.has_role(Role.HR_ADMIN):
        return
    recruits = Job.objects.filter(applications__candidate_id=candidate_id, recruiters=user.pk)
    if not (user.has_role(Role.RECRUITER) and recruits.exists()):
        raise PermissionDenied(_("Only HR admins and this candidate's recruiters can do this."))


class CanRecruit(BasePermission):
    """Reads for every signed-in caller; writes that start new rows (a job, a
    candidate) for HR admins and recruiters only."""

    message = gettext_lazy("Only HR admins and recruiters can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return bool(user_roles(request.user) & {Role.HR_ADMIN, Role.RECRUITER})


class HasWorkspaceRole(BasePermission):
    """Signed in with a role that works in recruiting (not an employee only, not roleless)."""

    message = gettext_lazy(
        "Only HR staff, recruiters, hiring managers and interviewers can do this."
    )

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(user_roles(request.user) & WORKSPACE_ROLES)
