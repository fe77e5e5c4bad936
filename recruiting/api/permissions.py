"""Who may write through the API; who may read is `hrflow.accounts.scoping`.

Reading follows the rows' scope (HR admins everything, recruiters and hiring
managers their jobs). Writing needs more: an HR admin, or a recruiter named on
the job. A row the caller cannot see answers 404 before these checks run, so a
403 only ever says "you can see this, but not change it".
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import AnyUser
from hrflow.accounts.selectors import user_roles
from recruiting.models import Job


def is_hr_admin(user: AnyUser) -> bool:
    return Role.HR_ADMIN in user_roles(user)


def job_is_writable(user: AnyUser, job: Job) -> bool:
    """HR admins change every job; recruiters the jobs they are named on."""
    roles = user_roles(user)
    if Role.HR_ADMIN in roles:
        return True
    return Role.RECRUITER in roles and job.recruiters.filter(pk=user.pk).exists()


def require_job_write(user: AnyUser, jobs: Job | Iterable[Job]) -> None:
    """Raise 403 unless `user` may change every one of `jobs`."""
    for job in [jobs] if isinstance(jobs, Job) else jobs:
        if not job_is_writable(user, job):
            raise PermissionDenied(_("Only HR admins and this job's recruiters can change it."))


class CanRecruit(BasePermission):
    """HR admins and recruiters: for writes that start new rows (a job, a candidate)."""

    message = gettext_lazy("Only HR admins and recruiters can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return bool(request.user and request.user.is_authenticated)
        return bool(user_roles(request.user) & {Role.HR_ADMIN, Role.RECRUITER})
