from django import forms
from django.contrib.auth import forms as auth_forms

from jsnlearn.accounts.models import User, normalize_display_name, validate_not_an_email


class SignupForm(forms.Form):
    """Extra sign-up fields: allauth adds the email and password fields around these."""

    display_name = forms.CharField(
        label="Display name",
        max_length=User._meta.get_field("display_name").max_length,
        validators=[validate_not_an_email],
        help_text="What others see, e.g. your instructor. A nickname is fine; not your email.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self):
        return normalize_display_name(self.cleaned_data["display_name"])

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
