"""People who sign in, and the roles they hold."""

from collections.abc import Iterable

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
    _user_has_module_perms,
    _user_has_perm,
)
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    INVOLVEMENT_TEAM = "involvement_team", "Involvement team"
    PROJECT_LEAD = "project_lead", "Project lead"
    QI_STAFF = "qi_staff", "QI staff"
    POOL_MEMBER = "pool_member", "Patient or carer"
    FINANCE = "finance", "Finance"


ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: "Manages people, roles, the organisation structure and settings.",
    Role.INVOLVEMENT_TEAM: "Runs the pool of patients and carers, matching, training and support.",
    Role.PROJECT_LEAD: "Leads QI projects and records who is involved at each stage.",
    Role.QI_STAFF: "Works on QI projects as a team member.",
    Role.POOL_MEMBER: "A patient or carer in the involvement pool.",
    Role.FINANCE: "Pays approved claims and exports payment batches.",
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_superuser", True)
        user = self._create_user(email, password, **extra)
        RoleGrant.objects.get_or_create(user=user, role=Role.ADMINISTRATOR)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: staff, finance, administrators, and patients and carers in the pool."""

    email = models.EmailField("Email address", unique=True)
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What we call you on screen and in emails."
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    job_title = models.CharField(max_length=200, blank=True)
    # Where a member of staff works; the people lists and imports use it. Patients and carers
    # have none.
    directorate = models.ForeignKey(
        "organisations.Directorate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_perm(self, perm: str, obj: object = None) -> bool:
        # No blanket pass for superusers (Django's default): every decision is a rule in
        # accounts/rules.py, and `createsuperuser` makes an administrator by role. Otherwise the
        # first administrator would pass rules meant for pool members, finance and the rest, and
        # be shown pages built for them.
        return self.is_active and _user_has_perm(self, perm, obj)

    def has_perms(self, perm_list: Iterable[str], obj: object = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and _user_has_module_perms(self, app_label)

    @property
    def is_staff(self) -> bool:
        # Django's own admin site is not used; nobody needs its staff flag.
        return False

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name.split(" ")[0] or self.email

    def role_set(self) -> frozenset[str]:
        """The roles this person holds, cached for the life of the object."""
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = (
                frozenset(self.role_grants.values_list("role", flat=True))
                if self.pk
                else frozenset()
            )
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_set() & set(roles))

    def forget_roles(self) -> None:
        self._role_cache = None


class RoleGrant(models.Model):
    """One role held by one person. A person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()}"


class SignInSettings(models.Model):
    """How a trust's people sign in: switched by the trust's administrators, each change audited."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="sign_in_settings"
    )
    create_accounts_on_first_sign_in = models.BooleanField(
        "Create accounts on first sign-in",
        default=False,
        help_text=(
            "Staff the identity provider knows but Coproduce does not get an account with no role "
            "when they first sign in. An administrator then gives them a role."
        ),
    )
    two_factor_for_all_staff = models.BooleanField(
        "Ask every member of staff for two-factor authentication",
        default=False,
        help_text=(
            "Administrators and finance always need it when they sign in with a password. "
            "Patients and carers are never made to use it."
        ),
    )

    class Meta:
        verbose_name_plural = "sign-in settings"

    def __str__(self) -> str:
        return f"Sign-in settings for {self.organisation}"

    @classmethod
    def for_organisation(cls, organisation: object) -> "SignInSettings":
        """The trust's settings, or the defaults (not saved) when it has none yet."""
        if organisation is None:
            return cls()
        found = cls.objects.filter(organisation=organisation).first()
        return found or cls(organisation=organisation)  # type: ignore[misc]


class IdentityProvider(models.Model):
    """A trust's own OpenID Connect provider, set up by the trust's administrators.

    The client secret is never stored here: `client_secret_source` names the environment
    variable (or the file) on the server that holds it. One provider per trust and audience;
    a provider for patients and carers (NHS login) would be another audience (ADR 0810).
    """

    class Audience(models.TextChoices):
        STAFF = "staff", "Staff"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="identity_providers"
    )
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.STAFF)
    enabled = models.BooleanField(
        "Offer sign-in through this provider",
        default=True,
        help_text="Untick to stop offering it without losing its settings.",
    )
    issuer = models.URLField(
        "Issuer address",
        max_length=300,
        help_text="For Microsoft Entra ID, like https://login.microsoftonline.com/<tenant>/v2.0",
    )
    client_id = models.CharField("Client ID", max_length=200)
    client_secret_source = models.CharField(
        "Where the client secret is kept",
        max_length=300,
        help_text=(
            "The name of the environment variable on the server that holds it, like "
            "TRUST_OIDC_SECRET, or the full path of a file that holds it. Never the secret itself."
        ),
    )
    button_label = models.CharField(
        "Button text", max_length=100, default="Sign in with your NHS account"
    )
    scopes = models.CharField(max_length=200, default="openid profile email")
    email_domains = models.TextField(
        "Email domains",
        blank=True,
        help_text=(
            "People whose email address ends with one of these are offered this provider. "
            "One a line, like trust.nhs.uk."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "audience"], name="one_identity_provider_per_audience"
            )
        ]

    def __str__(self) -> str:
        return f"Identity provider for {self.organisation}"

    @property
    def provider_id(self) -> str:
        """allauth's id for it, in its sign-in and callback addresses: stable, never reused."""
        return f"{self.audience}-{self.organisation_id}"

    def domain_list(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split() if d.strip()]

    def scope_list(self) -> list[str]:
        return self.scopes.replace(",", " ").split()

    def client_secret(self) -> str:
        """The secret from where the server keeps it; "" when it is not there."""
        import os  # noqa: PLC0415
        from pathlib import Path  # noqa: PLC0415

        source = self.client_secret_source.strip()
        if source.startswith("/"):
            try:
                return Path(source).read_text(encoding="utf-8").strip()
            except OSError:
                return ""
        return os.environ.get(source, "").strip()
