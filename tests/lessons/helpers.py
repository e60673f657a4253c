"""The `course` fixture's addresses, and reading its progress bars."""

import re

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
