from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import WORKSPACE_ROLES, Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.accounts.selectors import user_roles
from hrflow.accounts.sign_in import address_key


class UserQuerySet(ScopedQuerySet["User"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "UserQuerySet":
        # Recruiters pick interviewers and hiring managers, so they see the
        # people who work in the HR pages; everyone else sees only themselves.
        if Role.RECRUITER in roles:
            return self.filter(
                models.Q(pk=user.pk)
                | models.Q(is_active=True, groups__name__in=list(WORKSPACE_ROLES))
            ).distinct()
        return self.filter(pk=user.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Sign-in is case-insensitive on the address, like every mail system, and
        # compares exactly what the lockout counts on (hrflow.accounts.sign_in):
        # each account answers to one key, so no spelling escapes the count. The
        # unique index on Lower(email) serves the lookup.
        return self.alias(email_key=Lower("email")).get(email_key=address_key(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: HR staff, managers, interviewers, employees.

    Signs in with the e-mail address. Roles are Django groups (see roles.py);
    `is_staff` means access to Django admin only, not to the HR pages.
    """

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", _("Simplified Chinese")
        EN = "en", _("English")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    # When the user last picked a language themselves; empty while `language` is only
    # the default or the language of the page they last signed in from. A pick wins
    # over the sign-in page's language (hrflow.accounts.sign_in_language).
    language_chosen_at = models.DateTimeField(_("language chosen at"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Whether the user can sign in to Django admin."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unselect this instead of deleting accounts."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        permissions = [
            ("access_hr_workspace", _("Can use the HR workspace")),
            ("manage_roles", _("Can give and take roles")),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read once per instance (see selectors.user_roles)."""
        return user_roles(self)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))
