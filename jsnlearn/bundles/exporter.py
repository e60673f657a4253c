"""Write a course as a bundle: deterministic bytes, so export -> import -> export is identical."""

from pathlib import Path


def export_course(*, course, out_dir: Path) -> None:
    """Write `course` as bundle files under `out_dir` (created if missing; must be empty)."""
    raise NotImplementedError
