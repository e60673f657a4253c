"""allauth's forms, labelled in the site's words (ACCOUNT_FORMS in settings points here).

Kept apart from forms.py: allauth's forms module imports our SignupForm when it loads."""

from allauth.account import forms
from allauth.socialaccount import forms as socialaccount_forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.forms import CheckboxInput
from django.utils.html import escape

# Fields where a learner chooses a password: allauth describes them with Django's list of the
# password rules.
NEW_PASSWORD_FIELDS = ("password1",)
SUBJECT = "Your password "


def password_rules() -> str:
    """The password rules in one plain sentence, for a field's help text: "Your password can't
    be too similar to …, must contain at least 8 characters, … and can't be entirely numeric."

    Django gives them as a <ul>, but a form drawn with as_p puts help text in a <span> inside
    a <p>, where a list is not allowed: the browser closes the paragraph before the list, so
    the field's aria-describedby points at an empty span and screen readers never hear the
    rules. Plain text is read out whole, wherever it is drawn. The rules stay the validators'
    own (AUTH_PASSWORD_VALIDATORS), each said once after one "Your password".
    """
    rules = [text.strip().rstrip(".") for text in password_validators_help_texts()]
    if len(rules) > 1 and all(rule.startswith(SUBJECT) for rule in rules):
        rest = [rule.removeprefix(SUBJECT) for rule in rules]
        sentence = SUBJECT + ", ".join(rest[:-1]) + " and " + rest[-1] + "."
    else:
        sentence = " ".join(f"{rule}." for rule in rules)
    return escape(sentence)


class SiteLabels:
    """Sentence-case labels, no placeholder repeating the label inside the field, and no colon
    after a checkbox's label (it reads as a statement: "Keep me signed in"); the password rules
    in words where a new password is chosen."""

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
        for name in NEW_PASSWORD_FIELDS:
            if name in self.fields and self.fields[name].help_text:
                self.fields[name].help_text = password_rules()


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
