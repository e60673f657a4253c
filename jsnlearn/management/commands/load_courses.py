from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jsnlearn.bundles.errors import BundleInvalid
from jsnlearn.bundles.format import COURSE_FILE
from jsnlearn.bundles.importer import import_bundle, read_course_slug
from jsnlearn.management.commands._bundles import write_problems, write_report
from lessons.models import Course


class Command(BaseCommand):
    help = (
        "Import each course bundle in the site's courses folder (settings.COURSE_BUNDLES_DIR) "
        "that is not in the database yet; a course already there is left as it is. "
        "With -v 2, each object created or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="update the courses already in the database too, from their bundles",
        )

    def handle(self, *, update, verbosity, **options):
        # It runs at every `make run` and release: one line per course, unless asked for more.
        self.each_object = verbosity >= 2
        folder = settings.COURSE_BUNDLES_DIR
        folders = sorted(
            path for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")
        )
        bundles = [path for path in folders if (path / COURSE_FILE).exists()]
        for path in folders:
            if path not in bundles:
                self.stdout.write(f"{path.name}: no {COURSE_FILE}, so not a bundle; skipped.")
        if not bundles:
            self.stdout.write(f"No course bundles in {folder}: nothing to load.")
            return
        failed = [bundle.name for bundle in bundles if not self._load(bundle, update=update)]
        if failed:
            raise CommandError(f"Not loaded, see above: {', '.join(failed)}.")

    def _load(self, bundle, *, update: bool) -> bool:
        try:
            if not update and Course.objects.filter(slug=read_course_slug(bundle)).exists():
                self.stdout.write(f"{bundle.name}: in the database already, left as it is.")
                return True
            write_report(
                self, import_bundle(root=bundle, update=update), each_object=self.each_object
            )
        except BundleInvalid as error:
            self.stderr.write(write_problems(self, error, bundle))
            return False
        return True
