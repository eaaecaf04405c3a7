from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from users.forms import UserChangeForm, UserCreationForm
from users.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with the email as the login instead of a username."""

    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "goal", "level", "time_zone", "is_active", "is_staff", "date_joined"]
    list_filter = [
        "goal",
        "level",
        "training_days_per_week",
        "rx_category",
        "is_active",
        "is_staff",
        "is_superuser",
    ]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["equipment", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {"fields": ["first_name", "last_name", "goal", "level", "equipment", "time_zone"]},
        ),
        (
            "Training",
            {
                "fields": [
                    "session_minutes",
                    "training_days_per_week",
                    "rx_category",
                    "has_wall",
                    "has_open_space",
                ]
            },
        ),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
