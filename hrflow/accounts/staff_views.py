"""HR's account pages: who can sign in, with which roles; invite, change, deactivate."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.accounts.services import staff_account_update, user_invite, user_invite_again
from hrflow.accounts.staff_forms import StaffAccountForm, StaffInviteForm
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_choice, parse_page

MANAGE = "accounts.manage_roles"
PER_PAGE = 50


def _role_groups() -> Prefetch:
    return Prefetch("groups", queryset=Group.objects.filter(name__in=Role.values).order_by("name"))


@permission_view(MANAGE)
@require_http_methods(["GET"])
def staff_list_view(request: HttpRequest) -> HttpResponse:
    """Every account, filtered by name, address or role: two queries a page."""
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    role = parse_choice(request.GET.get("role"), ["", *Role.values], "")
    users = scoped(User.objects.all(), request.user).prefetch_related(_role_groups())
    if q:
        users = users.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if role:
        users = users.filter(groups__name=role)
    page = Paginator(users.order_by("full_name", "email"), PER_PAGE).get_page(
        parse_page(request.GET.get("page"))
    )
    rows = [
        (user, [Role(group.name).label for group in user.groups.all()]) for user in page.object_list
    ]
    return render(
        request,
        "accounts/staff/list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "role": role,
            "roles": Role.choices,
            "nav_current": "accounts:staff-list",
        },
    )


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def staff_invite_view(request: HttpRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST or None, initial={"language": User.Language.ZH_HANS})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_invite(
                email=data["email"],
                full_name=data["full_name"],
                roles=[Role(role) for role in data["roles"]],
                language=data["language"],
                actor=cast(User, request.user),
            )
        except ApplicationError as error:
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(email)s was invited: an e-mail asks them to choose a password.")
                % {"email": user.email},
            )
            return redirect("accounts:staff-list")
    return render(
        request,
        "accounts/staff/form.html",
        {"form": form, "account": None, "nav_current": "accounts:staff-list"},
    )


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def staff_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_scoped_or_404(User.objects.all(), request.user, pk=pk)
    initial = {
        "full_name": account.full_name,
        "roles": sorted(account.roles),
        "is_active": account.is_active,
    }
    form = StaffAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff_account_update(
                user=account,
                full_name=data["full_name"],
                roles=[Role(role) for role in data["roles"]],
                is_active=data["is_active"],
                actor=cast(User, request.user),
            )
        except ApplicationError as error:
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:staff-list")
    return render(
        request,
        "accounts/staff/form.html",
        {"form": form, "account": account, "nav_current": "accounts:staff-list"},
    )


@permission_view(MANAGE)
@require_POST
def staff_invite_again_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_scoped_or_404(User.objects.all(), request.user, pk=pk)
    try:
        user_invite_again(user=account, actor=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new link was sent to %(email)s.") % {"email": account.email})
    return redirect("accounts:staff-edit", pk=account.pk)
