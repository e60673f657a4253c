"""The `course` fixture's addresses, reading its progress bars, and pictures to upload."""

import io
import re

from PIL import Image

COURSE = "/courses/sns-japan/"
LESSON_1_1 = "/courses/sns-japan/m1/l1/"
LESSON_1_2 = "/courses/sns-japan/m1/l2/"
LESSON_2_1 = "/courses/sns-japan/m2/l1/"
LESSON_2_2 = "/courses/sns-japan/m2/l2/"


def complete_url(lesson_url):
    return lesson_url + "complete/"


def progress_values(response):
    return [
        int(v) for v in re.findall(r'<progress max="100" value="(\d+)"', response.content.decode())
    ]


def image_bytes(size=(1600, 900), image_format="JPEG", colour=(200, 60, 40)) -> bytes:
    """A picture file of one colour, as an instructor might upload it."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, image_format)
    return out.getvalue()


# Per page: (the first view after an edit, a learner's first view, the same learner again).
# Every page reads the session and the user; a first view reads the learner's completions and
# attempts (and, where the page says whether they are enrolled, their enrollments); the first
# after an edit reads the outline (modules, lessons, quizzes), where a lesson's page finds its
# lesson; a page seen again costs what finds its content versions.
QUERIES = {
    "catalog": (9, 6, 3),  # the published courses
    "outline": (9, 6, 3),  # the course
    "lesson": (9, 5, 3),  # the course; after an edit, the lesson's text too
    # The courses enrolled in, and the published courses; the review card, these learners'
    # first time, reads their answers not yet in a deck, then marks it up to date (they have no
    # cards: nothing more; tests/review counts it with a deck).
    "dashboard": (11, 8, 4),
}

# The same pages for a learner in a class of the course, with a due date on each module and quiz
# of it: the outline and the dashboard read the due dates of their classes once (one query more;
# none more when the page is seen again, kept under their classes version). Other pages show none.
MEMBER_QUERIES = {**QUERIES, "outline": (10, 7, 3), "dashboard": (12, 9, 4)}
