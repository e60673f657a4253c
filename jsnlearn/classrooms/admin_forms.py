"""The forms of the classes' admin pages: a class, its due dates, invitations by email."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom, DueDate
from quizzes.models import Quiz

# How many addresses one invitation form may hold: a big cohort goes in a few pastes.
MAX_INVITES = 200


class InstructorChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.email})"  # two colleagues of one name told apart


class ClassroomForm(forms.ModelForm):
    """A class's name, dates and reminders; its instructors once it exists, among those who
    teach its course (and those already running it, so that none is dropped unseen)."""

    instructors = InstructorChoices(
        queryset=User.objects.none(),
        required=False,
        help_text="Who runs this class: they see its members' progress and email addresses. "
        "Only instructors of its course can be chosen.",
    )

    class Meta:
        model = Classroom
        fields = ["course", "name", "starts", "ends", "reminder_days", "instructors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["instructors"]  # whoever creates a class runs it
        elif "instructors" in self.fields:
            self.fields["instructors"].queryset = (
                User.objects.filter(
                    Q(taught_courses=self.instance.course_id) | Q(taught_classrooms=self.instance)
                )
                .distinct()
                .order_by("display_name", "email")
            )

    def clean_instructors(self):
        chosen = self.cleaned_data["instructors"]
        if not chosen:
            raise ValidationError("A class needs at least one instructor.")
        return chosen

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            # On the field, so the model's constraint is not reported a second time.
            self.add_error("ends", f"The class ends before it starts ({starts:%-d %b %Y}).")
        return cleaned


def item_choices(course) -> list:
    """The due-date inline's choices: the course's modules, then its quizzes, in order."""
    modules = course.modules.order_by("position", "pk")
    quizzes = (
        Quiz.objects.filter(module__course=course)
        .select_related("module")
        .order_by("module__position", "position", "pk")
    )
    return [
        ("", "Choose a module or a quiz"),
        ("Modules", [(f"module:{m.pk}", m.title) for m in modules]),
        ("Quizzes", [(f"quiz:{q.pk}", f"{q.title} ({q.module.title})") for q in quizzes]),
    ]


class DueDateForm(forms.ModelForm):
    """One due date: a module or a quiz of the class's course, when it opens, when it is due.
    `item` is "module:<id>" or "quiz:<id>", one of the choices, so it is always exactly one."""

    item = forms.ChoiceField(
        label="Module or quiz", error_messages={"required": "Choose a module or a quiz."}
    )

    class Meta:
        model = DueDate
        fields = ["item", "opens", "due"]

    def __init__(self, *args, classroom: Classroom, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        self.fields["item"].choices = choices
        if self.instance.module_id:
            self.initial["item"] = f"module:{self.instance.module_id}"
        elif self.instance.quiz_id:
            self.initial["item"] = f"quiz:{self.instance.quiz_id}"
        zone = timezone.get_current_timezone_name()
        self.fields["opens"].help_text = f"Optional. Your time zone: {zone}."
        self.fields["due"].help_text = f"Your time zone: {zone}."

    def clean_item(self):
        kind, _, pk = self.cleaned_data["item"].partition(":")
        self.instance.module_id = int(pk) if kind == "module" else None
        self.instance.quiz_id = int(pk) if kind == "quiz" else None
        return self.cleaned_data["item"]

    def clean(self):
        cleaned = super().clean()
        opens, due = cleaned.get("opens"), cleaned.get("due")
        if opens and due and due <= opens:
            # On the field, so the model's constraint is not reported a second time.
            self.add_error("due", "The due date must come after the open date.")
        for name, moment in (("opens", opens), ("due", due)):
            if moment and name not in self.errors:
                problem = self._outside_class(timezone.localdate(moment))
                if problem:
                    self.add_error(name, problem)
        return cleaned

    def _outside_class(self, day) -> str:
        starts, ends = self.classroom.starts, self.classroom.ends
        if starts and day < starts:
            return f"This is before the class starts ({starts:%-d %b %Y})."
        if ends and day > ends:
            return f"This is after the class ends ({ends:%-d %b %Y})."
        return ""


class DueDateFormSet(BaseInlineFormSet):
    """A class's due dates: one per module or quiz, each checked against the class's dates as
    sent with them."""

    choices: list = []  # set per request by the inline (item_choices)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "classroom": self.instance,
            "choices": self.choices,
        }

    def save_existing_objects(self, commit=True):
        # Rows are saved one by one, so two rows swapping items would hold one item twice in
        # between: rows given another item are deleted first and saved again as new rows.
        moving = [
            form
            for form in self.initial_forms
            if form.instance.pk
            and "item" in form.changed_data
            and not self._should_delete_form(form)
        ]
        if not commit or not moving:
            return super().save_existing_objects(commit)
        DueDate.objects.filter(pk__in=[form.instance.pk for form in moving]).delete()
        for form in moving:
            form.instance.pk = None  # so the loop below leaves it
        saved = super().save_existing_objects(commit)
        for form in moving:
            saved.append(self.save_existing(form, form.instance, commit))
            self.changed_objects.append((form.instance, form.changed_data))
        return saved

    def clean(self):
        super().clean()
        labels = {value: label for _, group in self.choices[1:] for value, label in group}
        seen = set()
        for form in self.forms:
            item = getattr(form, "cleaned_data", {}).get("item")
            if not item or self._should_delete_form(form):
                continue
            if item in seen:
                raise ValidationError(
                    f"“{labels[item]}” has two due dates: keep one.", code="duplicate_item"
                )
            seen.add(item)


class InviteForm(forms.Form):
    """Addresses to invite, one a line or separated by commas. Those that are no address are
    set apart in `invalid` (reported, sent nothing); the rest are the cleaned value."""

    emails = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "aiko@example.com, ren@example.com"}
        ),
        help_text="One a line, or separated by commas. Each gets a link that joins the class once.",
    )

    def clean_emails(self) -> list[str]:
        words = [w for w in re.split(r"[\s,;]+", self.cleaned_data["emails"]) if w]
        valid, self.invalid = [], []
        for word in dict.fromkeys(words):
            address = word.strip("<>").lower()
            try:
                validate_email(address)
            except ValidationError:
                self.invalid.append(word)
                continue
            if address not in valid:
                valid.append(address)
        if len(valid) + len(self.invalid) > MAX_INVITES:
            raise ValidationError(f"At most {MAX_INVITES} addresses at a time, please.")
        if not valid:
            raise ValidationError(f"No email address here: {', '.join(self.invalid)}.")
        return valid
