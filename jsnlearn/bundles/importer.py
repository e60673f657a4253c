"""Load a bundle into the database: validate everything first, then write in one transaction."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    course_slug: str
    created: Counter = field(default_factory=Counter)  # by noun: "module", "lesson", "quiz", ...
    updated: Counter = field(default_factory=Counter)
    unpublished: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)  # "created lesson line/kidoku"
    dry_run: bool = False
    # Content the bundle dropped that no learner used (used content is unpublished instead).
    deleted: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """ "created 3 lessons, 1 quiz; updated 1 course; unpublished 1 lesson; deleted ..."."""
        raise NotImplementedError


def import_bundle(
    *, root: Path, update: bool = False, dry_run: bool = False, instructor=None
) -> ImportReport:
    """Import the bundle at `root`, all or nothing.

    Validates the whole bundle first and raises BundleInvalid (nothing written) on any
    problem. Without `update` an existing course of the same slug is refused (a Problem on
    course.yaml "slug"); with it, the course is updated in place, matched by slugs, keeping
    every learner's completions and attempts. `dry_run` computes the report and writes
    nothing. `instructor` (a user) is added to a newly created course's instructors.
    """
    raise NotImplementedError


def read_course_slug(root: Path) -> str:
    """Which course the bundle at `root` is (cheap: reads course.yaml alone).

    Raises BundleInvalid when course.yaml is missing, unreadable or has no valid slug.
    """
    raise NotImplementedError
