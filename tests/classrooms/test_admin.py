"""Classes in the admin: an instructor creates classes of their courses, sets due dates,
shares the link and code, invites by email and removes members; nothing of any other class
is theirs to see (404), and a superuser sees every class."""

import re
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.test import Client

from jsnlearn.accounts.roles import make_instructor
from jsnlearn.classrooms.models import Classroom, DueDate, Invitation, Membership
from jsnlearn.mail.models import OutgoingEmail
from tests.authoring.helpers import errors_of, form_of, restore_instructors_group
from tests.factories import (
    ClassroomFactory,
    DueDateFactory,
    MembershipFactory,
    UserFactory,
    build_course,
    build_quiz,
)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def instructors_group(db):
    """The group made by migration, which a transactional test elsewhere may have flushed."""
    restore_instructors_group()


@pytest.fixture
def instructor(course):
    user = UserFactory(email="sensei@example.com", display_name="Sensei")
    make_instructor(user=user, course=course)
    return user


@pytest.fixture
def instructor_client(instructor):
    return client_of(instructor)


@pytest.fixture
def classroom(course, quiz, instructor):
    """Course A's class run by the instructor, with one member and one due date."""
    classroom = ClassroomFactory(course=course, name="Spring cohort")
    classroom.instructors.add(instructor)
    MembershipFactory(classroom=classroom, user=UserFactory(display_name="Aiko"))
    DueDateFactory(classroom=classroom, quiz=quiz)
    return classroom


@pytest.fixture
def theirs(db):
    """Course B, its instructor, its module and quiz, and its class with a member."""
    other = build_course(modules=1, lessons_per_module=1, slug="other", title="Other course")
    teacher = UserFactory(email="other@example.com", display_name="Other sensei")
    make_instructor(user=teacher, course=other)
    build_quiz(module=other.modules.get(), slug="oq", title="Other quiz")
    classroom = ClassroomFactory(course=other, name="Their cohort")
    classroom.instructors.add(teacher)
    MembershipFactory(classroom=classroom, user=UserFactory(display_name="Ren"))
    return classroom


def change_url(classroom) -> str:
    return f"/admin/classrooms/classroom/{classroom.pk}/change/"


def page_data(client, classroom, **changes) -> dict:
    """The class's form as its page sends it, with `changes`."""
    return {**form_of(client.get(change_url(classroom))), **changes}


# ---- Creating a class ----


def test_an_instructor_creates_a_class_of_their_course_and_runs_it(
    instructor_client, instructor, course
):
    response = instructor_client.post(
        "/admin/classrooms/classroom/add/",
        {
            "course": course.pk,
            "name": "Autumn onboarding",
            "starts": "2027-01-04",
            "ends": "2027-03-31",
            "reminder_days": "3",
        },
    )

    classroom = Classroom.objects.get(name="Autumn onboarding")
    assert response.status_code == 302
    assert response["Location"] == change_url(classroom)  # its link and due dates are there
    assert list(classroom.instructors.all()) == [instructor]
    assert (classroom.starts, classroom.ends, classroom.reminder_days) == (
        date(2027, 1, 4),
        date(2027, 3, 31),
        3,
    )


def test_a_class_is_offered_only_for_the_courses_the_instructor_teaches(
    instructor_client, course, theirs
):
    form = instructor_client.get("/admin/classrooms/classroom/add/").context["adminform"].form

    assert list(form.fields["course"].queryset) == [course]
    response = instructor_client.post(
        "/admin/classrooms/classroom/add/",
        {"course": theirs.course.pk, "name": "Taken", "reminder_days": "2"},
    )
    assert response.status_code == 200
    assert any("Select a valid choice" in error for error in errors_of(response))
    assert not Classroom.objects.filter(name="Taken").exists()


def test_a_class_that_ends_before_it_starts_is_a_form_error(instructor_client, course):
    response = instructor_client.post(
        "/admin/classrooms/classroom/add/",
        {
            "course": course.pk,
            "name": "Backwards",
            "starts": "2027-03-01",
            "ends": "2027-02-01",
            "reminder_days": "2",
        },
    )

    assert response.status_code == 200
    assert errors_of(response) == ["The class ends before it starts (1 Mar 2027)."]
    assert not Classroom.objects.filter(name="Backwards").exists()


def test_the_instructors_offered_are_those_of_the_classs_course(
    instructor_client, instructor, classroom, theirs
):
    colleague = UserFactory(display_name="Colleague")
    make_instructor(user=colleague, course=classroom.course)

    form = instructor_client.get(change_url(classroom)).context["adminform"].form

    assert set(form.fields["instructors"].queryset) == {instructor, colleague}
    outsider = theirs.instructors.get()
    response = instructor_client.post(
        change_url(classroom),
        page_data(instructor_client, classroom, instructors=[instructor.pk, outsider.pk]),
    )
    assert response.status_code == 200
    assert any("Select a valid choice" in error for error in errors_of(response))
    assert list(classroom.instructors.all()) == [instructor]


def test_a_class_keeps_at_least_one_instructor(instructor_client, instructor, classroom):
    data = page_data(instructor_client, classroom)
    del data["instructors"]

    response = instructor_client.post(change_url(classroom), data)

    assert response.status_code == 200
    assert errors_of(response) == ["A class needs at least one instructor."]
    assert list(classroom.instructors.all()) == [instructor]


# ---- Who sees which class ----


def test_the_list_shows_only_the_classes_an_instructor_runs_with_members_and_next_due(
    instructor_client, classroom, theirs, course
):
    not_mine = ClassroomFactory(course=course, name="A colleague's cohort")  # same course

    response = instructor_client.get("/admin/classrooms/classroom/")

    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [classroom]
    page = response.content.decode()
    assert "Spring cohort" in page
    assert "Their cohort" not in page
    assert not_mine.name not in page
    row = response.context["cl"].result_list[0]
    assert row.member_count == 1
    assert row.next_due == classroom.due_dates.get().due


def classroom_pages(classroom) -> list[str]:
    base = f"/admin/classrooms/classroom/{classroom.pk}"
    member = classroom.memberships.get().user_id
    return [
        f"{base}/change/",
        f"{base}/delete/",
        f"{base}/history/",
        f"{base}/invite/",
        f"{base}/reset-code/",
        f"{base}/members/{member}/remove/",
    ]


def test_every_page_of_another_instructors_class_is_not_found(instructor_client, theirs):
    code = theirs.invite_code

    for url in classroom_pages(theirs):
        assert instructor_client.get(url).status_code == 404, url
        posted = instructor_client.post(url, {"post": "yes", "name": "Taken", "emails": "a@b.co"})
        assert posted.status_code == 404, url

    theirs.refresh_from_db()
    assert (theirs.name, theirs.invite_code) == ("Their cohort", code)
    assert theirs.memberships.count() == 1
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_staff_user_who_is_no_instructor_sees_no_class(classroom):
    staff = client_of(UserFactory(is_staff=True))

    assert staff.get("/admin/classrooms/classroom/").status_code == 403
    for url in classroom_pages(classroom):
        assert staff.get(url).status_code == 404, url


def test_a_superuser_sees_and_opens_every_class(classroom, theirs):
    superuser = client_of(UserFactory(is_staff=True, is_superuser=True))

    response = superuser.get("/admin/classrooms/classroom/")
    form = superuser.get("/admin/classrooms/classroom/add/").context["adminform"].form

    assert set(response.context["cl"].queryset) == {classroom, theirs}
    assert superuser.get(change_url(theirs)).status_code == 200
    assert set(form.fields["course"].queryset) == {classroom.course, theirs.course}


# ---- Due dates ----


def due_rows(data: dict, *rows) -> dict:
    """`data` with its due-date rows replaced by `rows` (item, opens, due), all new."""
    data = {k: v for k, v in data.items() if not k.startswith("due_dates-")}
    data |= {
        "due_dates-TOTAL_FORMS": str(len(rows)),
        "due_dates-INITIAL_FORMS": "0",
        "due_dates-MIN_NUM_FORMS": "0",
        "due_dates-MAX_NUM_FORMS": "1000",
    }
    for n, (item, opens, due) in enumerate(rows):
        data[f"due_dates-{n}-item"] = item
        for name, moment in (("opens", opens), ("due", due)):
            day, _, time = (moment or "").partition(" ")
            data[f"due_dates-{n}-{name}_0"] = day
            data[f"due_dates-{n}-{name}_1"] = time
    return data


@pytest.fixture
def bare_classroom(course, instructor):
    classroom = ClassroomFactory(course=course, name="Dated", starts=date(2027, 1, 4))
    classroom.ends = date(2027, 3, 31)
    classroom.save()
    classroom.instructors.add(instructor)
    return classroom


def test_due_dates_are_set_per_module_or_quiz_in_the_instructors_time_zone(
    instructor_client, instructor, bare_classroom, quiz, course
):
    instructor.time_zone = "Asia/Tokyo"
    instructor.save()
    module = course.modules.get(slug="m2")
    data = due_rows(
        page_data(instructor_client, bare_classroom),
        (f"module:{module.pk}", "", "2027-02-01 09:00"),
        (f"quiz:{quiz.pk}", "2027-01-10 09:00", "2027-01-20 18:30"),
    )

    response = instructor_client.post(change_url(bare_classroom), data)

    assert response.status_code == 302, errors_of(response)
    module_due = bare_classroom.due_dates.get(module__isnull=False)
    quiz_due = bare_classroom.due_dates.get(quiz__isnull=False)
    assert (module_due.module, module_due.quiz, module_due.opens) == (module, None, None)
    assert module_due.due == datetime(2027, 2, 1, 0, 0, tzinfo=UTC)  # 9:00 in Tokyo
    assert (quiz_due.quiz, quiz_due.module) == (quiz, None)
    assert quiz_due.opens == datetime(2027, 1, 10, 0, 0, tzinfo=UTC)


def test_a_due_date_set_here_shows_at_once_on_a_members_kept_pages(
    instructor_client, bare_classroom, quiz, client
):
    member = UserFactory()
    MembershipFactory(classroom=bare_classroom, user=member)
    client.force_login(member)
    client.get("/accounts/")  # the CSRF cookie: the member's pages are kept from now on
    assert "Due " not in client.get("/courses/sns-japan/").content.decode()
    data = due_rows(
        page_data(instructor_client, bare_classroom), (f"quiz:{quiz.pk}", "", "2027-01-20 18:30")
    )

    assert instructor_client.post(change_url(bare_classroom), data).status_code == 302
    assert "Due Wed 20 Jan 2027" in client.get("/courses/sns-japan/").content.decode()


def test_the_due_dates_offer_only_the_classs_modules_and_quizzes(
    instructor_client, bare_classroom, quiz, course, theirs
):
    response = instructor_client.get(change_url(bare_classroom))
    formset = response.context["inline_admin_formsets"][0].formset
    offered = {
        value for _, group in formset.forms[0].fields["item"].choices[1:] for value, _ in group
    }

    assert offered == {f"module:{m.pk}" for m in course.modules.all()} | {f"quiz:{quiz.pk}"}
    their_module = theirs.course.modules.get()
    their_quiz = their_module.quizzes.get()
    for forged in (f"module:{their_module.pk}", f"quiz:{their_quiz.pk}", "module:x", "lesson:1"):
        data = due_rows(
            page_data(instructor_client, bare_classroom), (forged, "", "2027-02-01 9:00")
        )
        refused = instructor_client.post(change_url(bare_classroom), data)
        assert refused.status_code == 200
        assert any("Select a valid choice" in error for error in errors_of(refused)), forged
    assert not DueDate.objects.filter(classroom=bare_classroom).exists()


@pytest.mark.parametrize(
    ("opens", "due", "error"),
    [
        ("2027-02-01 10:00", "2027-02-01 09:00", "The due date must come after the open date."),
        ("2027-02-01 10:00", "2027-02-01 10:00", "The due date must come after the open date."),
        ("", "2027-01-03 12:00", "This is before the class starts (4 Jan 2027)."),
        ("2027-01-03 12:00", "2027-01-05 12:00", "This is before the class starts (4 Jan 2027)."),
        ("", "2027-04-01 00:00", "This is after the class ends (31 Mar 2027)."),
    ],
)
def test_a_due_date_out_of_order_or_outside_the_class_is_a_form_error(
    instructor_client, bare_classroom, quiz, opens, due, error
):
    data = due_rows(page_data(instructor_client, bare_classroom), (f"quiz:{quiz.pk}", opens, due))

    response = instructor_client.post(change_url(bare_classroom), data)

    assert response.status_code == 200
    assert errors_of(response) == [error]
    assert not bare_classroom.due_dates.exists()


def test_one_due_date_per_item_and_each_row_names_one(instructor_client, bare_classroom, quiz):
    twice = due_rows(
        page_data(instructor_client, bare_classroom),
        (f"quiz:{quiz.pk}", "", "2027-02-01 09:00"),
        (f"quiz:{quiz.pk}", "", "2027-02-08 09:00"),
    )
    nothing = due_rows(page_data(instructor_client, bare_classroom), ("", "", "2027-02-01 09:00"))

    duplicate = instructor_client.post(change_url(bare_classroom), twice)
    missing = instructor_client.post(change_url(bare_classroom), nothing)

    assert errors_of(duplicate) == ["“Module 1 quiz (Module 1)” has two due dates: keep one."]
    assert errors_of(missing) == ["Choose a module or a quiz."]
    assert not bare_classroom.due_dates.exists()


def test_two_due_dates_swap_their_items_in_one_save(instructor_client, bare_classroom, quiz):
    module = bare_classroom.course.modules.get(slug="m1")
    first = DueDateFactory(
        classroom=bare_classroom, module=module, due=datetime(2027, 2, 1, tzinfo=UTC)
    )
    DueDateFactory(classroom=bare_classroom, quiz=quiz, due=datetime(2027, 2, 8, tzinfo=UTC))
    data = page_data(instructor_client, bare_classroom)
    n = next(k for k, v in data.items() if k.endswith("-id") and v == str(first.pk)).split("-")[1]
    other = "1" if n == "0" else "0"
    data[f"due_dates-{n}-item"], data[f"due_dates-{other}-item"] = (
        f"quiz:{quiz.pk}",
        f"module:{module.pk}",
    )

    response = instructor_client.post(change_url(bare_classroom), data)

    assert response.status_code == 302, errors_of(response)
    dues = {(d.module_id, d.quiz_id): d.due.day for d in bare_classroom.due_dates.all()}
    assert dues == {(None, quiz.pk): 1, (module.pk, None): 8}


def test_moving_the_classs_dates_past_a_due_date_is_refused_on_that_due_date(
    instructor_client, bare_classroom, quiz
):
    DueDateFactory(classroom=bare_classroom, quiz=quiz, due=datetime(2027, 3, 20, tzinfo=UTC))

    response = instructor_client.post(
        change_url(bare_classroom), page_data(instructor_client, bare_classroom, ends="2027-03-15")
    )

    assert response.status_code == 200
    assert errors_of(response) == ["This is after the class ends (15 Mar 2027)."]
    bare_classroom.refresh_from_db()
    assert bare_classroom.ends == date(2027, 3, 31)


# ---- Joining: the link and the code ----


def test_the_class_page_shows_the_link_the_code_and_the_members(instructor_client, classroom):
    page = instructor_client.get(change_url(classroom)).content.decode()

    assert f'value="http://testserver/classes/join/{classroom.invite_code}/"' in page
    assert f'value="{classroom.invite_code}"' in page
    assert page.count('data-copy="') == 2
    assert "Aiko" in page
    assert classroom.memberships.get().user.email in page
    assert f'href="/admin/reports/classes/{classroom.pk}/"' in page


def test_resetting_the_code_replaces_link_and_code(instructor_client, classroom):
    old = classroom.invite_code
    url = f"/admin/classrooms/classroom/{classroom.pk}/reset-code/"

    assert instructor_client.get(url).status_code == 405
    response = instructor_client.post(url)

    classroom.refresh_from_db()
    assert response.status_code == 302
    assert classroom.invite_code != old
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{8}", classroom.invite_code)
    page = instructor_client.get(change_url(classroom)).content.decode()
    assert f"/classes/join/{old}/" not in page
    assert f"/classes/join/{classroom.invite_code}/" in page
    assert f"new code is {classroom.invite_code}" in page


# ---- Invitations by email ----


def invite(client, classroom, emails: str):
    return client.post(f"/admin/classrooms/classroom/{classroom.pk}/invite/", {"emails": emails})


def test_inviting_by_email_sends_each_address_its_own_single_use_link(instructor_client, classroom):
    known = UserFactory(email="ren@example.com")

    response = invite(
        instructor_client, classroom, "Ren@Example.com, kenji@example.com\nmai@example.com"
    )

    assert response.status_code == 302
    invitations = {i.email: i for i in Invitation.objects.filter(classroom=classroom)}
    assert set(invitations) == {"ren@example.com", "kenji@example.com", "mai@example.com"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(invitations)
    for message in mail.outbox:
        token = invitations[message.to[0]].token
        assert f"http://testserver/classes/invitations/{token}/" in message.body
        assert f"http://testserver/classes/invitations/{token}/" in message.alternatives[0][0]
        assert "Spring cohort" in message.subject
        assert "see your progress" in message.body
    assert OutgoingEmail.objects.get(to="ren@example.com").user == known
    page = instructor_client.get(response["Location"]).content.decode()
    assert "Invitation sent to 3" in page


def test_addresses_that_are_not_addresses_are_reported_and_sent_nothing(
    instructor_client, classroom
):
    response = invite(instructor_client, classroom, "kenji@example.com, not-an-address, @x.com")

    assert response.status_code == 200
    page = response.content.decode()
    assert "no email addresses: not-an-address, @x.com" in page
    assert "Invitation sent to 1: kenji@example.com" in page
    assert [m.to for m in mail.outbox] == [["kenji@example.com"]]
    assert response.context["invite_form"].initial == {"emails": "not-an-address\n@x.com"}

    nothing = invite(instructor_client, classroom, "nope, also nope")
    assert nothing.status_code == 400
    assert "No email address here: nope, also." in nothing.content.decode()
    assert Invitation.objects.count() == 1


def test_too_many_addresses_at_once_are_refused_and_nothing_is_sent(instructor_client, classroom):
    addresses = "\n".join(f"learner{n}@example.com" for n in range(201))

    response = invite(instructor_client, classroom, addresses)

    assert response.status_code == 400
    assert "At most 200 addresses at a time" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_inviting_an_address_again_or_a_member_sends_nothing(instructor_client, classroom):
    member = classroom.memberships.get().user
    invite(instructor_client, classroom, "kenji@example.com")

    response = invite(instructor_client, classroom, f"kenji@example.com {member.email}")

    assert len(mail.outbox) == 1
    assert Invitation.objects.filter(classroom=classroom).count() == 1
    page = instructor_client.get(response["Location"]).content.decode()
    assert "Already invited, so not sent again" in page
    assert f"Already in the class: {member.email}" in page


# ---- Removing a member ----


def test_an_instructor_removes_a_member_after_confirming(instructor_client, classroom):
    member = classroom.memberships.get().user
    url = f"/admin/classrooms/classroom/{classroom.pk}/members/{member.pk}/remove/"
    version = member.classes_version

    confirm = instructor_client.get(url)
    assert confirm.status_code == 200
    assert "Remove Aiko from “Spring cohort”?" in confirm.content.decode()
    assert Membership.objects.filter(classroom=classroom, user=member).exists()

    response = instructor_client.post(url)

    assert response.status_code == 302
    assert not Membership.objects.filter(classroom=classroom, user=member).exists()
    member.refresh_from_db()
    assert version is not None
    assert member.classes_version is None  # in no class: their pages no longer show it
    assert instructor_client.post(url).status_code == 404  # once


def test_removing_someone_who_is_not_a_member_is_not_found(instructor_client, classroom, theirs):
    outsider = theirs.memberships.get().user
    url = f"/admin/classrooms/classroom/{classroom.pk}/members/{outsider.pk}/remove/"

    assert instructor_client.post(url).status_code == 404
    assert theirs.memberships.filter(user=outsider).exists()


# ---- Deleting a class, and what its page costs ----


def test_an_instructor_deletes_their_class_and_its_members_and_due_dates_go(
    instructor_client, classroom
):
    url = f"/admin/classrooms/classroom/{classroom.pk}/delete/"

    assert instructor_client.get(url).status_code == 200
    response = instructor_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Classroom.objects.filter(pk=classroom.pk).exists()
    assert not Membership.objects.exists()
    assert not DueDate.objects.exists()


# Session, user, the class, its pending invitations, permissions (2), its instructors, its
# course, the course's modules and quizzes, the due dates, the instructors offered, members.
QUERIES_OF_THE_CLASS_PAGE = 13


@pytest.mark.parametrize(("members", "due_dates"), [(3, 1), (40, 3)])
def test_the_class_page_reads_the_same_queries_whatever_its_size(
    instructor_client, classroom, course, quiz, members, due_dates, django_assert_num_queries
):
    for _ in range(members - 1):
        MembershipFactory(classroom=classroom)
    for module in list(course.modules.all())[: due_dates - 1]:
        DueDateFactory(classroom=classroom, module=module)
    instructor_client.get(change_url(classroom))  # Django keeps content types once read

    with django_assert_num_queries(QUERIES_OF_THE_CLASS_PAGE):
        response = instructor_client.get(change_url(classroom))

    assert response.status_code == 200
    assert len(response.context["members"]) == members
