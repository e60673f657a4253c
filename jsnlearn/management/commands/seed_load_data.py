import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jsnlearn.loadtest.classes import seed_classes
from jsnlearn.loadtest.seed import SLUG, AlreadySeeded, Scale, seed
from lessons.models import Course


class Command(BaseCommand):
    help = (
        "Write a large course (modules of lessons, a quiz per module) and thousands of learners' "
        "enrollments, completions, graded attempts and review decks, and two classes of them "
        "with due dates, in bulk, for load tests. "
        f"Does nothing if the course “{SLUG}” is there already. Only with DEBUG on, or --force: "
        "it must never fill a production site with made-up learners."
    )

    def add_arguments(self, parser):
        defaults = Scale()
        parser.add_argument("--learners", type=int, default=defaults.learners)
        parser.add_argument("--modules", type=int, default=defaults.modules)
        parser.add_argument(
            "--lessons", type=int, default=defaults.lessons_per_module, help="per module"
        )
        parser.add_argument(
            "--questions", type=int, default=defaults.questions_per_quiz, help="per quiz"
        )
        parser.add_argument(
            "--review-cards",
            type=int,
            default=defaults.review_cards,
            help="per learner: a card for each of the course's first questions, up to this many",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply the number of learners (0.01 for a quick run)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even with DEBUG off (make bench runs the site as production does)",
        )

    def handle(
        self, *, learners, modules, lessons, questions, review_cards, scale, force, **options
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a production site: seed_load_data writes thousands "
                "of made-up learners and wrote nothing. Add --force if this database is only for "
                "load tests."
            )
        size = Scale(
            learners=max(1, round(learners * scale)),
            modules=modules,
            lessons_per_module=lessons,
            questions_per_quiz=questions,
            review_cards=review_cards,
        )
        started = time.monotonic()
        try:
            made = seed(size)
        except AlreadySeeded:
            if not self._classes():
                self.stdout.write(
                    f"The course “{SLUG}” is already in the database: nothing changed."
                )
            return
        self.stdout.write(
            f"Seeded “{SLUG}”: {size.modules} modules x {size.lessons_per_module} lessons, "
            f"a {size.questions_per_quiz}-question quiz per module; {made.learners} learners, "
            f"{made.enrollments} enrollments, {made.completions} lesson completions, "
            f"{made.attempts} submitted attempts, {made.responses} responses, "
            f"{made.cards} review cards, {made.logs} reviews, "
            f"in {time.monotonic() - started:.1f} s."
        )
        self._classes()

    def _classes(self) -> bool:
        """The classes of the course's learners, unless there are some (a database seeded
        before classes were gets them); whether they were made."""
        started = time.monotonic()
        made = seed_classes(Course.objects.get(slug=SLUG))
        if made is None:
            return False
        self.stdout.write(
            f"Two classes of its {made.members} learners: “{made.big.name}” of "
            f"{made.big.memberships.count()} and “{made.small.name}” of "
            f"{made.small.memberships.count()}, with due dates around now, "
            f"in {time.monotonic() - started:.1f} s."
        )
        return True
