"""What the bundle commands print: an import's report, a bundle's problems."""

from jsnlearn.bundles.errors import BundleInvalid
from jsnlearn.bundles.importer import ImportReport


def write_report(command, report: ImportReport, *, each_object: bool = True) -> None:
    """The summary line, after a line per object created or changed unless `each_object` is off."""
    slug = report.course_slug
    if report.dry_run:
        command.stdout.write(f"Dry run: what importing {slug} would do.")
    for line in report.lines if each_object else ():
        command.stdout.write(f"  {line}")
    if report.dry_run:
        command.stdout.write(f"Dry run of {slug}, nothing written: {report.summary()}.")
    else:
        command.stdout.write(f"Imported {slug}: {report.summary()}.")


def write_problems(command, error: BundleInvalid, where) -> str:
    """Each problem on stderr; returns the one-line verdict for the CommandError."""
    for problem in error.problems:
        command.stderr.write(str(problem))
    count = len(error.problems)
    return f"{where}: {count} problem{'s' if count != 1 else ''}, so nothing was written"
