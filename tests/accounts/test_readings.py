"""The readings setting: furigana shown above Japanese words, or hidden until tapped."""

import pytest
from django.test import Client

from jsnlearn.accounts.models import User
from tests.factories import LessonFactory, UserFactory


def _client_of(user):
    client = Client()
    client.force_login(user)
    client.get("/accounts/")  # a page with a form sets the CSRF cookie
    return client


@pytest.mark.django_db
def test_readings_are_shown_until_the_learner_chooses_otherwise():
    user = UserFactory()
    assert user.readings == User.Readings.SHOW
    page = _client_of(user).get("/accounts/").content.decode()
    assert "Reading Japanese" in page
    assert 'value="show" id="id_readings_0" required checked' in page
    assert "readings-tap" not in page
    assert "readings.js" not in page


@pytest.mark.django_db
def test_hiding_readings_marks_every_page_and_loads_the_tap_script():
    user = UserFactory()
    lesson = LessonFactory(body="<ruby>既読<rt>きどく</rt></ruby> is a read mark.")
    client = _client_of(user)
    client.get(lesson.get_absolute_url())  # kept for this session...
    response = client.post(
        "/accounts/readings/", {"readings": "tap", "next": lesson.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == lesson.get_absolute_url()
    user.refresh_from_db()
    assert user.readings == "tap"
    page = client.get(lesson.get_absolute_url()).content.decode()  # ...but not past the change
    assert '<body class="readings-tap">' in page
    assert "js/readings.js" in page
    assert "<ruby>既読<rt>きどく</rt></ruby>" in page

    client.post("/accounts/readings/", {"readings": "show"})
    assert "readings-tap" not in client.get(lesson.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "hide", "tap" * 10])
def test_a_value_that_is_not_a_choice_is_a_400_and_changes_nothing(value):
    user = UserFactory()
    response = _client_of(user).post("/accounts/readings/", {"readings": value})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode() or "required" in (
        response.content.decode()
    )
    user.refresh_from_db()
    assert user.readings == "show"


@pytest.mark.django_db
def test_the_way_back_stays_on_this_site():
    user = UserFactory()
    response = _client_of(user).post(
        "/accounts/readings/", {"readings": "tap", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/accounts/"


@pytest.mark.django_db
def test_visitors_are_asked_to_sign_in_and_get_may_not_change_it():
    assert Client().post("/accounts/readings/", {"readings": "tap"}).status_code == 302
    user = UserFactory()
    assert _client_of(user).get("/accounts/readings/").status_code == 405


@pytest.mark.django_db
def test_a_lesson_with_readings_has_the_switch_and_one_without_has_not():
    user = UserFactory()
    with_readings = LessonFactory(body="<ruby>既読<rt>きどく</rt></ruby> is a read mark.")
    without = LessonFactory(body="## Plain\n\nNo readings here.")
    client = _client_of(user)
    page = client.get(with_readings.get_absolute_url()).content.decode()
    assert 'action="/accounts/readings/"' in page
    assert 'name="readings" value="tap"' in page
    assert "Hide readings until I tap a word" in page
    assert (
        'action="/accounts/readings/"'
        not in client.get(without.get_absolute_url()).content.decode()
    )
    assert 'action="/accounts/readings/"' not in (
        Client().get(with_readings.get_absolute_url()).content.decode()
    )

    response = client.post(
        "/accounts/readings/", {"readings": "tap", "next": with_readings.get_absolute_url()}
    )
    page = client.get(response["Location"]).content.decode()
    assert 'name="readings" value="show"' in page
    assert "Show every reading" in page
