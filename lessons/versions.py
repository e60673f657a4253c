"""Versions of what pages are computed from, for the caches that keep them.

- Each course's content has a version: any save or deletion of the course, or of a module,
  lesson, quiz, question or option in it, gives it a new one.
- The site's content has one too, renewed with any course's, and when who teaches a course
  or who is in which group changes.
- Each learner's work has one, `User.work_version`: an enrollment, a completion, an attempt
  started, saved or submitted adds one to it, in the same transaction as the change.

A cache keyed by a version is never read after the change. Content versions live in the shared
cache. Inside a transaction a renewal is only noted, for the transaction's own reads, and the
new versions are written once when it commits (one write however many rows it saved); a
transaction that rolls back leaves the old versions, still right. Apps
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
    """The current version under each key: this transaction's own renewals, then one cache read
    (the first reader of a key makes its version)."""
    pending = _pending()
    found = {key: pending[key] for key in keys if key in pending}
    found |= cache.get_many([key for key in keys if key not in found])
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


class _Renewed(threading.local):
    def __init__(self):
        self.versions: dict[str, str] = {}  # key -> new version, once the transaction commits


_renewed = _Renewed()


def _renew(keys) -> None:
    """New versions for `keys`: written now outside a transaction; inside one, noted for its own
    reads and written once, when it commits (a reader elsewhere may cache what it read before
    the commit: it must not do so under the new versions)."""
    fresh = {key: uuid.uuid4().hex for key in keys}
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        cache.set_many(fresh, timeout=None)
        return
    pending = _pending()
    if not pending:
        transaction.on_commit(_write_renewed)
    pending.update(fresh)


def _pending() -> dict[str, str]:
    """This thread's renewals waiting for its transaction to commit; those of a transaction
    that rolled back (its commit callback gone with it) are forgotten."""
    # Django drops a rolled-back transaction's callbacks from `connection.run_on_commit`.
    connection = transaction.get_connection()
    if _renewed.versions and not any(
        func is _write_renewed for _, func, _ in connection.run_on_commit
    ):
        _renewed.versions = {}
    return _renewed.versions


def _write_renewed() -> None:
    versions, _renewed.versions = _renewed.versions, {}
    cache.set_many(versions, timeout=None)


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

    def get(self, key, read):
        """The value kept under `key`, or `read()`'s, kept from now on."""
        return self.get_many({key: key}, lambda _: {key: read()})[key]

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
