import re

from django import forms

from jsnlearn.classrooms.models import CODE_LENGTH

# What people type for a code: any case, with spaces or dashes as on a slide ("ABCD-EFGH").
_SEPARATORS = re.compile(r"[\s-]+")
_CODE = re.compile(r"[A-Z0-9]{4,16}")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Class code",
        max_length=40,
        help_text=f"The {CODE_LENGTH}-character code your instructor gave you.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = _SEPARATORS.sub("", self.cleaned_data["code"]).upper()
        if not _CODE.fullmatch(code):
            raise forms.ValidationError("A class code has only letters and digits.")
        return code


class RemindersForm(forms.Form):
    reminders_on = forms.BooleanField(required=False)
