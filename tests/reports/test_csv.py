"""The learners of a course as a CSV file, for a spreadsheet."""

import csv
import io

from django.urls import reverse

from tests.reports.helpers import learners_in

HEADER = "Learner,Email,Progress (%),Items done,Items,Module,Working on,Last active,Enrolled"


def download(client, course, query=""):
    return client.get(
        reverse("reports:course_learners_csv", kwargs={"course_id": course.pk}) + query
    )


def test_every_learner_is_a_row_in_a_utf8_file_with_a_byte_order_mark(
    sensei_client, course, one_day
):
    aiko, ben, chika, dai = (user.email for user in one_day["learners"])
    response = download(sensei_client, course, "?order=name")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sns-japan-learners-')
    assert response.content.decode("utf-8").splitlines() == [
        "\ufeff" + HEADER,
        # A name a spreadsheet would run as a formula gets an apostrophe in front.
        f"'=Dai,{dai},0,0,5,Module 1,Lesson 1.1,2026-12-01 09:00,2026-12-01",
        f"Aiko,{aiko},100,5,5,,Finished,2026-12-01 09:00,2026-12-01",
        f"Ben,{ben},20,1,5,Module 1,Lesson 1.2,2026-12-01 09:00,2026-12-01",
        f"Chika,{chika},60,3,5,Module 2,Lesson 2.1,2026-12-01 09:00,2026-12-01",
    ]


def test_names_that_start_like_formulas_are_defused_and_others_kept(sensei_client, course):
    names = ["+81 Taro", "-Jiro", "@Hana", "Saburō", "さくら", "Kei=Ko"]
    learners_in(course, names)

    rows = list(
        csv.reader(
            io.StringIO(download(sensei_client, course, "?order=name").content.decode("utf-8-sig"))
        )
    )

    assert sorted(row[0] for row in rows[1:]) == sorted(
        ["'+81 Taro", "'-Jiro", "'@Hana", "Saburō", "さくら", "Kei=Ko"]
    )


def test_a_course_without_learners_gives_the_header_alone(sensei_client, course):
    assert download(sensei_client, course).content.decode("utf-8-sig").splitlines() == [HEADER]


def test_an_unknown_order_is_a_bad_request(sensei_client, course):
    assert download(sensei_client, course, "?order=email").status_code == 400
