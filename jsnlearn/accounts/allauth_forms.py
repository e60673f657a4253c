"""allauth's forms, labelled in the site's words (ACCOUNT_FORMS in settings points here).

Kept apart from forms.py: allauth's forms module imports our SignupForm when it loads."""

from allauth.account import forms
from allauth.socialaccount import forms as socialaccount_forms
from django.forms import CheckboxInput


class SiteLabels:
    """Sentence-case labels, no placeholder repeating the label inside the field, and no colon
    after a checkbox's label (it reads as a statement: "Keep me signed in")."""

    labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].widget.attrs.pop("placeholder", None)
        for field in self.fields.values():
            if isinstance(field.widget, CheckboxInput):
                field.label_suffix = ""


class LoginForm(SiteLabels, forms.LoginForm):
    labels = {"login": "Email address", "password": "Password", "remember": "Keep me signed in"}


class SignupForm(SiteLabels, forms.SignupForm):
    labels = {"email": "Email address", "password1": "Password"}


class ResetPasswordForm(SiteLabels, forms.ResetPasswordForm):
    labels = {"email": "Email address"}


class ResetPasswordKeyForm(SiteLabels, forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "New password, again"}


class ChangePasswordForm(SiteLabels, forms.ChangePasswordForm):
    labels = {
        "oldpassword": "Current password",
        "password1": "New password",
        "password2": "New password, again",
    }


class SetPasswordForm(SiteLabels, forms.SetPasswordForm):
    labels = {"password1": "Password", "password2": "Password, again"}


class AddEmailForm(SiteLabels, forms.AddEmailForm):
    labels = {"email": "New email address"}


class ProviderSignupForm(SiteLabels, socialaccount_forms.SignupForm):
    labels = {"email": "Email address"}


class ReauthenticateForm(SiteLabels, forms.ReauthenticateForm):
    labels = {"password": "Password"}
