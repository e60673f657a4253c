from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from jsnlearn.accounts.models import User

DISPLAY_NAME_HELP = "What others see, e.g. your instructor. A nickname is fine; not your email."


def clean_display_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValidationError("Choose a display name.")
    if "@" in name:
        # The site promises never to show a learner's email address to anyone else.
        raise ValidationError("Please don't use an email address as your display name.")
    return name


class SignupForm(forms.Form):
    """Extra sign-up fields: allauth adds the email and password fields around these."""

    display_name = forms.CharField(
        label="Display name",
        max_length=User._meta.get_field("display_name").max_length,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
