from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jsnlearn.bundles.errors import BundleInvalid
from jsnlearn.bundles.importer import import_bundle
from jsnlearn.management.commands._bundles import write_problems, write_report


class Command(BaseCommand):
    help = (
        "Import a course bundle folder (docs/course-bundles.md). The whole bundle is checked "
        "first: on any problem nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the bundle's folder (it holds course.yaml)")
        parser.add_argument(
            "--update",
            action="store_true",
            help="update the course with the bundle's slug, keeping learners' progress",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, write nothing"
        )

    def handle(self, *, path, update, dry_run, **options):
        try:
            report = import_bundle(root=path, update=update, dry_run=dry_run)
        except BundleInvalid as error:
            raise CommandError(write_problems(self, error, path)) from None
        write_report(self, report)
