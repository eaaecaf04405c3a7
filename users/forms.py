from django import forms
from django.contrib.auth import forms as auth_forms

from users.models import User
from users.time_zones import time_zone_names


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(time_zone_names())]


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeForm(auth_forms.UserChangeForm):
    # A list to pick from rather than a name to type; the model checks it all the same.
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, help_text=User._meta.get_field("time_zone").help_text
    )

    class Meta:
        model = User
        fields = "__all__"
