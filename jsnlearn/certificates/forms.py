from django import forms

from jsnlearn.certificates.models import MAX_PRINTED_NAME, clean_printed_name


class PrintedNameField(forms.CharField):
    """The name to print: the model's rules (models.clean_printed_name), refused in words."""

    def __init__(self, **kwargs):
        super().__init__(
            label="Name to print on the certificate",
            # Longer than allowed, so an over-long name is refused in words, not cut short.
            max_length=MAX_PRINTED_NAME * 2,
            strip=False,
            help_text=(
                "As you want an employer to read it: your display name, or the name on your "
                "passport, in Latin letters, kanji or kana. It cannot be changed later."
            ),
            widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": MAX_PRINTED_NAME}),
            **kwargs,
        )
        self.error_messages["max_length"] = (
            f"The name can be at most {MAX_PRINTED_NAME} characters."
        )
        self.error_messages["required"] = "Type the name to print on the certificate."

    def clean(self, value):
        value = super().clean(value)
        return clean_printed_name(value)


class ClaimForm(forms.Form):
    printed_name = PrintedNameField()
    confirm = forms.BooleanField(
        label="I confirm this is the name to print. It cannot be changed after the certificate "
        "is issued.",
        error_messages={"required": "Tick the box to confirm the name."},
    )


class VisibilityForm(forms.Form):
    public = forms.TypedChoiceField(
        choices=[("1", "public"), ("0", "not public")], coerce=lambda value: value == "1"
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        help_text="Shown on the certificate's public verification page.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
