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
