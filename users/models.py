from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from coaching import vocabulary
from coachsite.choices import text_choices
from users.time_zones import default_time_zone, validate_time_zone

Goal = text_choices(vocabulary.Goal, module=__name__)
Level = text_choices(vocabulary.Level, module=__name__)


def normalize_email_address(email: str) -> str:
    """Emails are compared case-insensitively, so they are stored lower-cased and trimmed."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> "User":
        # Logging in with "Ana@Example.com" finds the account registered as "ana@example.com".
        return self.get(email__iexact=normalize_email_address(username))

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email_address(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """An athlete (or a coach, if staff). The email address is the login."""

    username = None
    email = models.EmailField("email address", unique=True)
    goal = models.CharField(max_length=20, choices=Goal.choices, default=Goal.GENERAL_FITNESS)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.BEGINNER)
    equipment = models.ManyToManyField(
        "exercises.Equipment",
        blank=True,
        related_name="users",
        help_text="Equipment at hand; bodyweight movements are always allowed.",
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="IANA name, e.g. Europe/Paris: the athlete's days, and so their daily WOD, "
        "follow this clock.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        # AbstractUser.clean() lower-cases only the domain; forms (the admin's) must store
        # the same lower-cased address as the manager and the services do.
        super().clean()
        self.email = normalize_email_address(self.email)
