"""Versions: what the site's caches are keyed by, owned by the database.

- Each course has `Course.content_version`: any change to the course or to what is in it
  (modules, lessons, quizzes, questions, options) gives it a new one.
- Each person has `User.work_version`: each step of their learning (enrolling, completing a
  lesson, starting, saving or submitting an attempt) gives them a new one.

A version is a column, replaced in the same transaction as the change it stands for, by the
service or admin action that makes the change (`renew_content_version`, `renew_work_version`).
It is read with rows the request reads anyway (a lesson's course, the signed-in user), so it
costs no query and no cache can hold a wrong one. Whatever is kept under an old version is
never read again, on any worker, whatever the cache did meanwhile: a cache that is down,
flushed or culled makes a page slower, never different.

A new version is random rather than one more than the last: a transaction that rolls back
must not leave behind a number a later change will use again, since whatever that transaction
read could have been kept under it.
"""

import secrets
import threading
from collections import OrderedDict

from django.conf import settings


def new_version() -> int:
    """A fresh version: random, so never one used before (it fits a signed 64-bit column)."""
    return secrets.randbits(62)


class KeptInMemory:
    """Objects read from the database, kept in this process under keys that hold the versions
    they were read under: shared read-only by every request (never change what it gives), and
    the least recently used dropped beyond `size`.

    Django's local-memory cache would pickle and unpickle them on every read, which costs more
    than reading them (a course's outline is hundreds of model instances)."""

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
        if not settings.KEEP_IN_MEMORY:  # a benchmark measuring what this layer buys
            return read(list(keys))
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

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
