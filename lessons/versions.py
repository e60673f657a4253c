"""A version per course's content, for caches of what is computed from it.

Any save or deletion of a course, or of a module, lesson, quiz, question or option in it, gives
the course a new version once the transaction commits, so a cache keyed by the version is never
read after an instructor's edit. Apps register their content models with `watch`; writes that
send no signals (`QuerySet.update`) call `content_changed` themselves.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _key(course_id) -> str:
    return f"course-content:{course_id}"


def content_version(course_id) -> str:
    """The current version of the course's content (one cache read once it exists)."""
    return content_versions([course_id])[course_id]


def content_versions(course_ids) -> dict:
    """The current version of each course's content, by course id: one cache read once they
    exist (a course's first reader makes its version)."""
    keys = {_key(course_id): course_id for course_id in course_ids}
    found = cache.get_many(keys)
    for key in keys.keys() - found.keys():
        cache.add(key, uuid.uuid4().hex, timeout=None)
        found[key] = cache.get(key)
    return {course_id: found[key] for key, course_id in keys.items()}


def content_changed(course_ids) -> None:
    """New versions for these courses: at once, for what the writer's own transaction reads
    next, and again once it commits, since a reader in another transaction may have cached what
    it read before the commit under the first new version."""
    keys = {_key(course_id) for course_id in course_ids if course_id is not None}
    if keys:
        _renew(keys)
        transaction.on_commit(lambda: _renew(keys))


def _renew(keys) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def watch(model, course_id_of) -> None:
    """Give a course a new version whenever a `model` row in it is saved or deleted;
    `course_id_of(instance)` says which course."""

    def changed(sender, instance, **kwargs):
        content_changed([course_id_of(instance)])

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"content:{model}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"content-del:{model}")
