"""Versions of what pages are computed from, for the caches that keep them.

- Each course's content has a version: any save or deletion of the course, or of a module,
  lesson, quiz, question or option in it, or a change of its instructors, gives it a new one.
- The site's content has one too, renewed with any course's.
- Each learner's work has one: an enrollment, a completion, an attempt started, saved or
  submitted gives it a new one.

A cache keyed by a version is never read after the change. Apps register their models with
`watch_content` and `watch_learner`; writes that send no signals (`QuerySet.update`,
`bulk_create`) call `content_changed` or `learner_changed` themselves.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

SITE = "content:site"


def _course_key(course_id) -> str:
    return f"content:{course_id}"


def _learner_key(user_id) -> str:
    return f"learner:{user_id}"


def _versions(keys) -> dict[str, str]:
    """The current version under each key: one cache read once they exist (the first reader
    of a key makes its version)."""
    found = cache.get_many(keys)
    for key in set(keys) - found.keys():
        cache.add(key, uuid.uuid4().hex, timeout=None)
        found[key] = cache.get(key)
    return found


def content_version(course_id) -> str:
    return content_versions([course_id])[course_id]


def content_versions(course_ids) -> dict:
    """Each course's content version, by course id."""
    keys = {_course_key(course_id): course_id for course_id in course_ids}
    found = _versions(list(keys))
    return {course_id: found[key] for key, course_id in keys.items()}


def page_versions(user_id) -> tuple[str, str]:
    """The site's content version and the learner's, in one cache read."""
    found = _versions([SITE, _learner_key(user_id)])
    return found[SITE], found[_learner_key(user_id)]


def content_changed(course_ids) -> None:
    keys = {_course_key(course_id) for course_id in course_ids if course_id is not None}
    if keys:
        _renew({SITE, *keys})


def learner_changed(user_id) -> None:
    _renew({_learner_key(user_id)})


def _renew(keys) -> None:
    """New versions at once, for what the writer's own transaction reads next, and again once
    it commits, since a reader in another transaction may have cached what it read before the
    commit under the first new version."""

    def renew():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    renew()
    transaction.on_commit(renew)


def watch_content(model, course_id_of) -> None:
    """A new version for a course whenever a `model` row in it is saved or deleted;
    `course_id_of(instance)` says which course."""

    def changed(sender, instance, **kwargs):
        content_changed([course_id_of(instance)])

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"content:{model}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"content-del:{model}")


def watch_instructors(through) -> None:
    """Who teaches a course decides who previews its drafts: pages made before a change of
    instructors are not shown again."""

    def changed(sender, action, **kwargs):
        if action.startswith("post_"):
            _renew({SITE})

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"teach:{through}")


def watch_learner(model, user_id_of=lambda row: row.user_id) -> None:
    """A new version for a learner whenever a `model` row of theirs is saved or deleted."""

    def changed(sender, instance, **kwargs):
        learner_changed(user_id_of(instance))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"learner:{model}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"learner-del:{model}")
