from django import forms


class CompletionForm(forms.Form):
    """The lesson page's two buttons: "Mark complete" stays, "Complete and continue" moves on."""

    STAY, CONTINUE = "stay", "continue"

    then = forms.ChoiceField(
        choices=[(STAY, "Stay on this lesson"), (CONTINUE, "Continue")], required=False
    )
