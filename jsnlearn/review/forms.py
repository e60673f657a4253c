from django import forms

from jsnlearn.accounts.models import User


class AnswerForm(forms.Form):
    """What a review form posts besides the answer: how many ratings the card had when it
    was shown, so that the answer counts once. (It may also carry "more": views.py.)"""

    seen = forms.IntegerField(min_value=1, max_value=1_000_000)

    FIELDS = ("seen", "more")

    @classmethod
    def split(cls, data):
        """(this form's fields, the answer's fields) of a posted QueryDict."""
        answer = data.copy()
        for name in cls.FIELDS:
            answer.pop(name, None)
        return cls(data), answer


class ReviewSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["reviews_on", "review_daily_limit", "review_emails"]
        labels = {"reviews_on": "Review the questions from my quizzes"}
        help_texts = {
            "reviews_on": "Off: no review link, and nothing comes due. Your cards are kept.",
            "review_emails": "One email a day, in the morning, when questions are due.",
        }
        widgets = {"review_daily_limit": forms.NumberInput(attrs={"inputmode": "numeric"})}
