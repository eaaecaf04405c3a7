from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from coaching import vocabulary
from coachsite.choices import text_choices
from users.time_zones import default_time_zone, validate_time_zone

Goal = text_choices(vocabulary.Goal, module=__name__)
Level = text_choices(vocabulary.Level, module=__name__)
RxCategory = text_choices(vocabulary.RxCategory, module=__name__)

# What a session may last, warm-up to cool-down, and how many days a week an athlete trains.
SESSION_MINUTES = (20, 120)
TRAINING_DAYS_PER_WEEK = (3, 6)


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
    session_minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(SESSION_MINUTES[0]), MaxValueValidator(SESSION_MINUTES[1])],
        help_text="The whole session, warm-up to cool-down, in minutes (20 to 120).",
    )
    training_days_per_week = models.PositiveSmallIntegerField(
        default=5,
        validators=[
            MinValueValidator(TRAINING_DAYS_PER_WEEK[0]),
            MaxValueValidator(TRAINING_DAYS_PER_WEEK[1]),
        ],
        help_text="Training days in a week (3 to 6); the others are rest days.",
    )
    rx_category = models.CharField(
        "Rx category",
        max_length=20,
        choices=RxCategory.choices,
        default=RxCategory.UNSPECIFIED,
        help_text="Which Rx load column is shown first; unspecified shows women's and men's.",
    )
    has_wall = models.BooleanField(
        default=True, help_text="A wall to train against (wall balls, handstands, wall walks)."
    )
    has_open_space = models.BooleanField(
        default=True, help_text="A clear lane to run, shuttle and carry in."
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_user_email_ci_unique"),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=SESSION_MINUTES[0])
                & Q(session_minutes__lte=SESSION_MINUTES[1]),
                name="users_user_session_minutes_20_to_120",
            ),
            models.CheckConstraint(
                condition=Q(training_days_per_week__gte=TRAINING_DAYS_PER_WEEK[0])
                & Q(training_days_per_week__lte=TRAINING_DAYS_PER_WEEK[1]),
                name="users_user_training_days_3_to_6",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        # AbstractUser.clean() lower-cases only the domain; forms (the admin's) must store
        # the same lower-cased address as the manager and the services do.
        super().clean()
        self.email = normalize_email_address(self.email)
