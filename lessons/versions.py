"""Versions of what pages are computed from, for the caches that keep them.

- Each course's content has a version: any save or deletion of the course, or of a module,
  lesson, quiz, question or option in it, gives it a new one.
- The site's content has one too, renewed with any course's, and when who teaches a course
  or who is in which group changes.
- Each learner's work has one, `User.work_version`: an enrollment, a completion, an attempt
  started, saved or submitted adds one to it, in the same transaction as the change.

A cache keyed by a version is never read after the change. Content versions live in the shared
cache, renewed at once for the writer's own transaction and again after it commits. Apps
register their models with `watch_content` and `watch_learner`; writes that send no signals
(`QuerySet.update`, `bulk_create`) call `content_changed` or `learner_changed` themselves.
"""

import threading
import uuid
from collections import OrderedDict

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

SITE = "content:site"


def _course_key(course_id) -> str:
    return f"content:{course_id}"


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


def site_version() -> str:
    return _versions([SITE])[SITE]


def content_changed(course_ids) -> None:
    keys = {_course_key(course_id) for course_id in course_ids if course_id is not None}
    if keys:
        _renew({SITE, *keys})


def learner_changed(user_id) -> None:
    get_user_model().objects.filter(pk=user_id).update(work_version=F("work_version") + 1)


def _renew(keys) -> None:
    """New versions at once, for what the writer's own transaction reads next, and again once
    it commits, since a reader in another transaction may have cached what it read before the
    commit under the first new version."""

    def renew():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    if transaction.get_connection().in_atomic_block:
        renew()
    transaction.on_commit(renew)  # at once outside a transaction


def watch_content(model, course_id_of) -> None:
    """A new version for a course whenever a `model` row in it is saved or deleted;
    `course_id_of(instance)` says which course."""

    def changed(sender, instance, **kwargs):
        content_changed([course_id_of(instance)])

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"content:{model}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"content-del:{model}")


def watch_access(through) -> None:
    """Who teaches a course, and who is in which group, decide who previews drafts and reads
    reports: pages made before a change of either are not shown again."""

    def changed(sender, action, **kwargs):
        if action.startswith("post_"):
            _renew({SITE})

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"access:{through}")


def watch_learner(model, user_id_of=lambda row: row.user_id) -> None:
    """A new version for a learner whenever a `model` row of theirs is saved or deleted."""

    def changed(sender, instance, **kwargs):
        learner_changed(user_id_of(instance))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"learner:{model}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"learner-del:{model}")


class KeptInMemory:
    """What is read from content, kept in this process under keys that hold the content's
    version: shared read-only by every request (never change what it gives), read afresh after
    an edit, and the least recently used dropped beyond `size`."""

    def __init__(self, size: int):
        self.size = size
        self._kept = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: dict, read) -> dict:
        """The value for each name of `keys` (name -> key); `read(names)` gives those not kept,
        by name."""
        found = {}
        with self._lock:
            for name, key in keys.items():
                if key in self._kept:
                    self._kept.move_to_end(key)
                    found[name] = self._kept[key]
        missing = [name for name in keys if name not in found]
        if missing:
            fresh = read(missing)
            with self._lock:
                for name in missing:
                    self._kept[keys[name]] = found[name] = fresh[name]
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return found
