"""The class report: each member's standing, sortable, as a page and as CSV, to the class's
instructors only."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from jsnlearn.accounts.services import delete_account
from jsnlearn.classrooms.models import Classroom, Membership
from jsnlearn.classrooms.services import join_class, leave_class
from lessons.models import LessonCompletion
from quizzes.models import Attempt
from tests.classrooms.standing_helpers import cohort, csv_url, report_url
from tests.factories import UserFactory
from tests.reports.helpers import instructor_of, text_of


@pytest.fixture
def klass(course, lessons):
    return cohort(course, lessons)


@pytest.fixture
def sensei_client(client, klass):
    client.force_login(klass["sensei"])
    return client


def member_rows(response) -> list[str]:
    return [
        " ".join(row.split())
        for row in response.content.decode().split("<tr>")[2:]  # after the header's row
        if "</th>" in row and 'scope="row"' in row
    ]


def emails_in_order(response) -> list[str]:
    text = text_of(response, "member-rows")
    found = [(text.index(email), email) for email in set(text.split()) if "@" in email]
    return [email for _, email in sorted(found)]


def test_the_report_lists_each_member_by_name_and_email_with_their_standing(sensei_client, klass):
    response = sensei_client.get(report_url(klass["classroom"]))

    assert response.status_code == 200
    rows = text_of(response, "member-rows")
    # Two learners called Key, told apart by their addresses.
    assert "Key key.tanaka@example.com" in rows
    assert "Key key.suzuki@example.com" in rows
    assert "Aiko aiko@example.com 5 of 5 (100%) Finished On track" in rows
    assert "Ben ben@example.com 1 of 5 (20%)" in rows
    assert f"Overdue Overdue: Quiz: {klass['quiz'].title} Due soon: Module: Module 2" in rows
    assert "Chika chika@example.com 3 of 5 (60%)" in rows
    assert "Behind Due soon: Module: Module 2" in rows


def test_the_summary_counts_members_by_status(sensei_client, klass):
    response = sensei_client.get(report_url(klass["classroom"]))

    assert text_of(response, "standing-counts") == ("1 on track 1 behind 3 overdue 5 members")


def test_each_due_quiz_shows_each_member_s_best_score(sensei_client, klass):
    response = sensei_client.get(report_url(klass["classroom"], sort="name"))

    assert klass["quiz"].title in text_of(response, "members")
    rows = text_of(response, "member-rows")
    assert rows.split("aiko@example.com")[1].split("Ben ben@")[0].strip().endswith("90% passed")
    assert rows.split("ben@example.com")[1].split("Chika chika@")[0].strip().endswith("50%")
    assert rows.endswith("Not yet —")  # Key Tanaka: never active, no attempt


def test_last_active_reads_in_the_viewer_s_time_zone(sensei_client, klass):
    aiko = klass["members"][0]
    moment = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    LessonCompletion.objects.filter(user=aiko).update(completed_at=moment)
    Attempt.objects.filter(user=aiko).update(submitted_at=moment - timedelta(hours=1))
    sensei = klass["sensei"]
    sensei.time_zone = "Asia/Tokyo"
    sensei.save(update_fields=["time_zone"])

    response = sensei_client.get(report_url(klass["classroom"], sort="name"))

    assert "Last active (Asia/Tokyo)" in text_of(response, "members")
    assert "2 Dec 2026, 08:30" in text_of(response, "member-rows")  # 23:30 UTC in Tokyo


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["aiko", "ben", "chika", "key.suzuki", "key.tanaka"]),
        ("-name", ["key.suzuki", "key.tanaka", "chika", "ben", "aiko"]),  # ties by email
        ("email", ["aiko", "ben", "chika", "key.suzuki", "key.tanaka"]),
        ("-progress", ["aiko", "chika", "ben", "key.suzuki", "key.tanaka"]),
        ("progress", ["key.suzuki", "key.tanaka", "ben", "chika", "aiko"]),
        ("-status", ["ben", "key.suzuki", "key.tanaka", "chika", "aiko"]),
        ("status", ["aiko", "chika", "ben", "key.suzuki", "key.tanaka"]),
        # Never active: last either way.
        ("-active", ["chika", "ben", "aiko", "key.suzuki", "key.tanaka"]),
        ("active", ["aiko", "ben", "chika", "key.suzuki", "key.tanaka"]),
    ],
)
def test_the_table_sorts_by_each_column(sensei_client, klass, sort, expected):
    response = sensei_client.get(report_url(klass["classroom"], sort=sort))

    assert [email.split("@")[0] for email in emails_in_order(response)] == expected


def test_sorting_by_a_quiz_puts_the_best_score_first_and_members_without_one_last(
    sensei_client, klass
):
    key = f"quiz-{klass['quiz'].pk}"
    best_first = sensei_client.get(report_url(klass["classroom"], sort=f"-{key}"))
    worst_first = sensei_client.get(report_url(klass["classroom"], sort=key))

    assert [e.split("@")[0] for e in emails_in_order(best_first)] == [
        "aiko",
        "chika",
        "ben",
        "key.suzuki",
        "key.tanaka",
    ]
    assert [e.split("@")[0] for e in emails_in_order(worst_first)] == [
        "ben",
        "chika",
        "aiko",
        "key.suzuki",
        "key.tanaka",
    ]


@pytest.mark.parametrize("sort", ["", "nonsense", "-", "quiz-999999", "--name", "quiz-x"])
def test_an_unknown_sort_is_ignored_the_most_urgent_first(sensei_client, klass, sort):
    response = sensei_client.get(report_url(klass["classroom"], sort=sort))

    assert response.status_code == 200
    assert emails_in_order(response)[-1] == "aiko@example.com"
    assert 'aria-sort="descending"' in response.content.decode()


def test_a_column_s_header_sorts_the_other_way_once_sorted_by_it(sensei_client, klass):
    page = sensei_client.get(report_url(klass["classroom"], sort="name")).content.decode()

    assert 'href="?sort=-name"' in page
    assert 'href="?sort=-progress"' in page  # a first click: the furthest along first
    assert 'href="?sort=email"' in page


def test_a_page_number_out_of_range_or_wrong_shows_a_page_of_members(sensei_client, klass):
    for page in ("99", "x", "-1"):
        response = sensei_client.get(report_url(klass["classroom"], page=page))
        assert response.status_code == 200
        assert len(emails_in_order(response)) == 5


def test_an_empty_class_shows_its_invitation_link_and_code(client, course):
    sensei = instructor_of(course, display_name="Sensei")
    classroom = Classroom.objects.create(course=course, name="Autumn cohort")
    classroom.instructors.add(sensei)
    client.force_login(sensei)

    response = client.get(report_url(classroom))

    assert response.status_code == 200
    text = text_of(response)
    assert "No one has joined this class yet" in text
    assert classroom.invite_code in text
    assert f'value="http://testserver/classes/join/{classroom.invite_code}/"' in (
        response.content.decode()
    )
    assert "member-rows" not in response.content.decode()


def test_the_csv_has_a_row_per_member_in_the_report_s_order(sensei_client, klass):
    response = sensei_client.get(csv_url(klass["classroom"], sort="name"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    assert header[:7] == [
        "Name",
        "Email",
        "Progress (%)",
        "Items done",
        "Items",
        "Working on",
        "Status",
    ]
    assert header[-1] == f"Best score (%): {klass['quiz'].title}"
    assert [row[1] for row in rows] == [
        "aiko@example.com",
        "ben@example.com",
        "chika@example.com",
        "key.suzuki@example.com",
        "key.tanaka@example.com",
    ]
    ben = rows[1]
    assert ben[2:5] == ["20", "1", "5"]
    assert ben[6:9] == ["overdue", f"Quiz: {klass['quiz'].title}", "Module: Module 2"]
    assert ben[-1] == "50"
    assert rows[3][9] == ""  # never active


def test_the_csv_never_hands_a_spreadsheet_a_formula(sensei_client, klass):
    rogue = UserFactory(display_name='=HYPERLINK("http://evil")', email="rogue@example.com")
    Membership.objects.create(classroom=klass["classroom"], user=rogue)

    body = sensei_client.get(csv_url(klass["classroom"])).content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(body)))
    (row,) = [row for row in rows if row[1] == "rogue@example.com"]
    assert row[0] == '\'=HYPERLINK("http://evil")'


def test_another_instructor_or_staff_member_gets_404_and_a_superuser_sees_it(client, klass, course):
    classroom = klass["classroom"]
    other = instructor_of(course, display_name="Course instructor, not the class's")
    strangers = [other, UserFactory(is_staff=True)]
    for user in strangers:
        client.force_login(user)
        assert client.get(report_url(classroom)).status_code == 404
        assert client.get(csv_url(classroom)).status_code == 404
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(report_url(classroom)).status_code == 200
    assert client.get(csv_url(classroom)).status_code == 200


def test_a_learner_is_sent_to_the_admin_s_sign_in(client, klass):
    client.force_login(klass["members"][0])

    response = client.get(report_url(klass["classroom"]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_class_that_does_not_exist_is_404(sensei_client, klass):
    assert sensei_client.get(reverse("reports:classroom", args=[999999])).status_code == 404


def test_a_post_is_refused(sensei_client, klass):
    assert sensei_client.post(report_url(klass["classroom"])).status_code == 405


def test_two_instructors_each_read_times_in_their_own_time_zone(client, klass):
    aiko = klass["members"][0]
    moment = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    LessonCompletion.objects.filter(user=aiko).update(completed_at=moment)
    Attempt.objects.filter(user=aiko).update(submitted_at=moment - timedelta(hours=1))
    sensei = klass["sensei"]
    sensei.time_zone = "Asia/Tokyo"
    sensei.save(update_fields=["time_zone"])
    co_teacher = UserFactory(is_staff=True, time_zone="Europe/London")
    klass["classroom"].instructors.add(co_teacher)

    client.force_login(sensei)
    tokyo = text_of(client.get(report_url(klass["classroom"], sort="name")), "member-rows")
    client.force_login(co_teacher)
    london = text_of(client.get(report_url(klass["classroom"], sort="name")), "member-rows")

    assert "2 Dec 2026, 08:30" in tokyo
    assert "1 Dec 2026, 23:30" in london


def test_a_due_date_moved_or_a_member_joining_shows_at_once(sensei_client, klass, course):
    classroom = klass["classroom"]
    sensei_client.get(report_url(classroom))  # the standing is worked out and kept
    classroom.due_dates.filter(quiz__isnull=False).update(due=datetime(2099, 1, 1, tzinfo=UTC))
    join_class(user=UserFactory(display_name="Newcomer"), classroom=classroom)

    response = sensei_client.get(report_url(classroom))

    assert text_of(response, "standing-counts") == "1 on track 5 behind 0 overdue 6 members"


def test_a_member_leaving_or_deleting_their_account_leaves_the_report_at_once(sensei_client, klass):
    classroom = klass["classroom"]
    before = text_of(sensei_client.get(report_url(classroom)), "standing-counts")
    assert before.endswith(" 5 members")
    first, second = classroom.memberships.select_related("user")[:2]

    leave_class(user=first.user, membership=first)
    delete_account(user=second.user)

    after = text_of(sensei_client.get(report_url(classroom)), "standing-counts")
    assert after.endswith(" 3 members")
