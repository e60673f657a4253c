import functools
import zoneinfo

from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms

from jsnlearn.accounts.models import User, normalize_display_name, validate_not_an_email


class DisplayNameField(forms.CharField):
    """A display name as the model stores it: spacing normalized, never an email address."""

    default_validators = [validate_not_an_email]

    def __init__(self, **kwargs):
        super().__init__(
            label="Display name",
            max_length=User._meta.get_field("display_name").max_length,
            help_text="What others see, e.g. your instructor. A nickname is fine; not your email.",
            widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
            **kwargs,
        )

    def to_python(self, value):
        return normalize_display_name(super().to_python(value))


class DisplayNameForm(forms.ModelForm):
    """The account page's form."""

    display_name = DisplayNameField()

    class Meta:
        model = User
        fields = ["display_name"]


class ReadingsForm(forms.ModelForm):
    """The account page's choice for readings (furigana) in lessons."""

    class Meta:
        model = User
        fields = ["readings"]
        labels = {"readings": "Readings above Japanese words"}
        widgets = {"readings": forms.RadioSelect}


@functools.cache
def _zone_choices() -> list[tuple[str, str]]:
    zones = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [
        ("", f"The site's ({settings.TIME_ZONE})"),
        *((zone, zone.replace("_", " ")) for zone in zones),
    ]


class TimeZoneForm(forms.ModelForm):
    """The account page's time zone: when the learner's day starts (review's "today"), and
    how times read on their pages."""

    time_zone = forms.ChoiceField(label="Your time zone", choices=_zone_choices, required=False)

    class Meta:
        model = User
        fields = ["time_zone"]


class DigestEmailsForm(forms.ModelForm):
    """An instructor's weekly digest of each class they run: on unless they stop it."""

    class Meta:
        model = User
        fields = ["digest_emails"]
        labels = {"digest_emails": "Email me a weekly digest of each class I run"}


class SignupForm(forms.Form):
    """Extra sign-up fields: allauth adds the email and password fields around these."""

    display_name = DisplayNameField()

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class DeleteAccountForm(forms.Form):
    """The learner's password once more. allauth checks it, under the sign-in rate limits."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(
                "That is not your password. Nothing was deleted.", code="incorrect_password"
            )
        return password


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
