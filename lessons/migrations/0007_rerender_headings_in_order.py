"""Stored HTML rendered again, so headings already saved come out in order under the page's h1
(jsnlearn/rendering.py now levels them from the author's top heading, never skipping one).
Each course whose HTML changed gets a new content version, so no cached page keeps the old."""

from django.db import migrations

from jsnlearn.rendering import render_markdown
from jsnlearn.versions import new_version

BATCH = 500


def rerender(apps, schema_editor):
    Course = apps.get_model("lessons", "Course")
    Lesson = apps.get_model("lessons", "Lesson")
    courses = set()
    for model, source, target, course in (
        (Course, "description", "description_html", "pk"),
        (Lesson, "body", "body_html", "module__course_id"),
    ):
        changed = []
        rows = model.objects.values_list("pk", source, target, course)
        for pk, text, html, course_id in rows.iterator():
            fresh = render_markdown(text)
            if fresh != html:
                changed.append(model(pk=pk, **{target: fresh}))
                courses.add(course_id)
        model.objects.bulk_update(changed, [target], batch_size=BATCH)
    for course_id in courses:
        Course.objects.filter(pk=course_id).update(content_version=new_version())


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0006_course_and_module_pictures"),
    ]

    operations = [
        migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True),
    ]
