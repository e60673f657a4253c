"""make_instructor EMAIL --course SLUG: let an existing account author a course in the admin."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from jsnlearn.accounts.models import User
from jsnlearn.accounts.roles import INSTRUCTORS, make_instructor
from lessons.models import Course


class Command(BaseCommand):
    help = (
        "Make the account with this email address an instructor of a course: staff, in the "
        "Instructors group, and one of the course's instructors. Repeat --course for several."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The address the instructor signs in with.")
        parser.add_argument(
            "--course", action="append", required=True, metavar="SLUG", help="A course's slug."
        )

    def handle(self, *args, email, course, **options):
        user = User.objects.filter(email=User.objects.normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No account has the address {email!r}: sign up first.")
        courses = {c.slug: c for c in Course.objects.filter(slug__in=course)}
        unknown = [slug for slug in course if slug not in courses]
        if unknown:
            known = ", ".join(Course.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No course has the slug {unknown[0]!r} (courses: {known}).")
        if not Group.objects.filter(name=INSTRUCTORS).exists():
            raise CommandError(f"The {INSTRUCTORS} group is missing: `manage.py migrate` makes it.")
        for slug in course:
            make_instructor(user=user, course=courses[slug])
            self.stdout.write(f"{user.email} is now an instructor of {courses[slug]} ({slug}).")
