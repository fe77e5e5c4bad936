"""Writes about users: create accounts and give or take roles, with an audit row each."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from hrflow.accounts.invitations import account_invite_send
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    roles: Iterable[Role] = (),
    language: str = User.Language.ZH_HANS,
    actor: User | None = None,
) -> User:
    """Create an account with the given roles; an e-mail already in use is refused."""
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise ApplicationError(
            _("A user with this e-mail address already exists."), extra={"field": "email"}
        )
    user = User.objects.create_user(
        email=email.strip(), password=password, full_name=full_name.strip(), language=language
    )
    role_list = sorted(set(roles))
    user.groups.set(Group.objects.filter(name__in=role_list))
    audit_record(
        actor=actor, action="accounts.user_create", target=user, changes={"roles": role_list}
    )
    return user


@transaction.atomic
def user_invite(
    *,
    email: str,
    full_name: str,
    roles: Iterable[Role],
    language: str = User.Language.ZH_HANS,
    actor: User | None,
) -> User:
    """Create an account without a password and e-mail its owner a link to choose one."""
    if not full_name.strip():
        raise ApplicationError(_("Give the person's name."), extra={"field": "full_name"})
    user = user_create(
        email=email, full_name=full_name, roles=roles, language=language, actor=actor
    )
    account_invite_send(user=user)
    return user


@transaction.atomic
def user_invite_again(*, user: User, actor: User | None) -> User:
    """Send a new set-password link to an active account that has not chosen a password."""
    if not user.is_active:
        raise ApplicationError(_("This account is deactivated."))
    if user.has_usable_password():
        raise ApplicationError(
            _("This person has chosen a password; they can reset it from the sign-in page.")
        )
    account_invite_send(user=user)
    audit_record(actor=actor, action="accounts.user_invite_again", target=user)
    return user


@transaction.atomic
def user_set_active(*, user: User, is_active: bool, actor: User | None) -> User:
    """Deactivate an account (it can no longer sign in; its history stays) or restore it."""
    if not is_active and actor is not None and actor.pk == user.pk:
        raise ApplicationError(
            _("You cannot deactivate your own account."), extra={"field": "is_active"}
        )
    changes = diff_fields(user, {"is_active": is_active})
    if changes:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
        action = "accounts.user_reactivate" if is_active else "accounts.user_deactivate"
        audit_record(actor=actor, action=action, target=user, changes=changes)
    return user


@transaction.atomic
def user_rename(*, user: User, full_name: str, actor: User | None) -> User:
    """Change the name an account shows; audited."""
    name = full_name.strip()
    if not name:
        raise ApplicationError(_("Give the person's name."), extra={"field": "full_name"})
    changes = diff_fields(user, {"full_name": name})
    if changes:
        user.full_name = name
        user.full_clean(exclude=["password"])
        user.save(update_fields=["full_name"])
        audit_record(actor=actor, action="accounts.user_rename", target=user, changes=changes)
    return user


@transaction.atomic
def staff_account_update(
    *, user: User, full_name: str, roles: Iterable[Role], is_active: bool, actor: User | None
) -> User:
    """HR's account page in one step: name, roles and whether it may sign in."""
    user_rename(user=user, full_name=full_name, actor=actor)
    user_set_roles(user=user, roles=roles, actor=actor)
    return user_set_active(user=user, is_active=is_active, actor=actor)


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role], actor: User | None) -> User:
    """Replace the user's roles; the change and its before/after go to the audit trail."""
    wanted = sorted(set(roles))
    before = sorted(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    if before == wanted:
        return user
    own = actor is not None and actor.pk == user.pk
    if own and Role.HR_ADMIN in before and Role.HR_ADMIN not in wanted:
        # Nobody locks themselves out of the page that gives roles back.
        raise ApplicationError(
            _("You cannot take the HR admin role from yourself."), extra={"field": "roles"}
        )
    other_groups = list(user.groups.exclude(name__in=Role.values))
    user.groups.set([*other_groups, *Group.objects.filter(name__in=wanted)])
    # Drop the cached roles so the instance reflects the change at once.
    user.__dict__.pop("_hrflow_roles", None)
    audit_record(
        actor=actor,
        action="accounts.user_set_roles",
        target=user,
        changes={"roles": [before, wanted]},
    )
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str, chosen_at: datetime | None) -> User:
    """Remember the user's language: `chosen_at` when they picked it themselves (it then
    wins at the next sign-in), None when it is only the one they last used."""
    if language not in User.Language.values:
        raise ApplicationError(_("Unknown language."), extra={"field": "language"})
    fields = []
    if user.language != language:
        user.language = language
        fields.append("language")
    if chosen_at is not None and user.language_chosen_at != chosen_at:
        user.language_chosen_at = chosen_at
        fields.append("language_chosen_at")
    if fields:
        user.save(update_fields=fields)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User | None) -> User:
    """Set a new password (validated against the password rules) and audit it."""
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="accounts.user_set_password", target=user)
    return user


@transaction.atomic
def user_set_admin_access(
    *, user: User, is_staff: bool, is_superuser: bool, actor: User | None
) -> User:
    """Grant or take Django-admin access and superuser status; audited."""
    changes = diff_fields(user, {"is_staff": is_staff, "is_superuser": is_superuser})
    if changes:
        user.is_staff, user.is_superuser = is_staff, is_superuser
        user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(
            actor=actor, action="accounts.user_set_admin_access", target=user, changes=changes
        )
    return user
