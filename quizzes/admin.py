"""A plain admin for quizzes: a quiz with its questions, a question with its options. Each
question kind's grading rule shows as help text under "Kind"; "View on site" opens the quiz's
page, with a draft banner and a preview of its questions while unpublished."""

from django.contrib import admin

from quizzes.models import Attempt, Choice, Question, Quiz


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "kind", "prompt", "points")
    extra = 0
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ("position", "text", "is_correct", "match_text", "feedback")
    extra = 2


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "module", "pass_percent", "max_attempts", "is_published")
    list_filter = ("module__course", "is_published")
    list_select_related = ("module__course",)
    search_fields = ("title", "intro")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "quiz", "kind", "points")
    list_filter = ("kind", "quiz__module__course")
    list_select_related = ("quiz",)
    search_fields = ("prompt",)
    inlines = [ChoiceInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Learners' attempts, to read: what they scored is their history, never edited here."""

    list_display = ("quiz", "user", "started_at", "submitted_at", "percent", "passed")
    list_filter = ("passed", "quiz__module__course")
    list_select_related = ("quiz", "user")
    readonly_fields = [field.name for field in Attempt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
