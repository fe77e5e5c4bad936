"""Audit sign-ins and sign-outs (ASVS 16.3.1).

Django announces these only through its auth signals, and the admin's and the
API's sign-in paths send them too, so a receiver is the one place that sees
every one. It only records; it decides nothing. Failed sign-ins are counted and
logged by django-axes.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from hrflow.core.audit import audit_record
from hrflow.core.client_ip import client_ip


@receiver(user_logged_in, dispatch_uid="hrflow-audit-login")
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    ip = client_ip(request) if request is not None else None
    audit_record(actor=user, action="accounts.login", target=user, changes={"ip": ip})


@receiver(user_logged_out, dispatch_uid="hrflow-audit-logout")
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        ip = client_ip(request) if request is not None else None
        audit_record(actor=user, action="accounts.logout", target=user, changes={"ip": ip})
