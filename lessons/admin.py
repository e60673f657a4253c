"""A plain admin for course content: enough to write and preview a course. Lessons open on the
site ("View on site") as learners will see them, with a draft banner while unpublished."""

from django.contrib import admin

from lessons.models import Course, Lesson, Module


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ("position", "title", "slug", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    extra = 0
    show_change_link = True


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ("position", "title", "slug", "estimated_minutes", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    extra = 0
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "is_published", "sequential", "position")
    list_filter = ("is_published",)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ModuleInline]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "position", "is_published")
    list_filter = ("course", "is_published")
    list_select_related = ("course",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "module", "position", "estimated_minutes", "is_published")
    list_filter = ("module__course", "is_published")
    list_select_related = ("module__course",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
