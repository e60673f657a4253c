import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jsnlearn.bundles.errors import BundleInvalid
from jsnlearn.bundles.exporter import export_course
from jsnlearn.bundles.importer import read_course_slug
from lessons.models import Course


class Command(BaseCommand):
    help = "Write a course as a bundle folder (docs/course-bundles.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the course's slug")
        parser.add_argument("out_dir", type=Path, help="a new or empty folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="OUT_DIR holds this course's bundle already: replace its files (names "
            "starting with a dot, such as .git, are kept)",
        )

    def handle(self, *, slug, out_dir, replace, **options):
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"No course has the slug {slug!r}.")
        if replace and out_dir.exists():
            self._empty(out_dir, slug)
        try:
            export_course(course=course, out_dir=out_dir)
        except FileExistsError:
            raise CommandError(
                f"{out_dir} is not empty: export into a new folder, or add --replace to "
                "replace the bundle it holds."
            ) from None
        count = sum(1 for path in out_dir.rglob("*") if path.is_file())
        self.stdout.write(f"Wrote {slug} to {out_dir} ({count} files).")

    def _empty(self, out_dir: Path, slug: str) -> None:
        """Remove the bundle in `out_dir`, once sure it is this course's."""
        try:
            found = read_course_slug(out_dir)
        except BundleInvalid:
            raise CommandError(
                f"{out_dir} does not hold a course bundle, so --replace leaves it alone."
            ) from None
        if found != slug:
            raise CommandError(f"{out_dir} holds the bundle of {found!r}, not of {slug!r}.")
        for entry in out_dir.iterdir():
            if entry.name.startswith("."):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
