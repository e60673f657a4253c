"""The readings setting: furigana shown above Japanese words, or hidden until tapped."""

import pytest
from django.test import Client

from jsnlearn.accounts.models import User
from tests.factories import LessonFactory


def test_readings_are_shown_until_the_learner_chooses_otherwise(learner, learner_client):
    assert learner.readings == User.Readings.SHOW
    page = learner_client.get("/accounts/").content.decode()
    assert "Reading Japanese" in page
    assert 'value="show" id="id_readings_0" required checked' in page
    assert "readings-tap" not in page
    assert "readings.js" not in page


def test_hiding_readings_marks_every_page_and_loads_the_tap_script(learner, learner_client):
    user, client = learner, learner_client
    lesson = LessonFactory(body="<ruby>既読<rt>きどく</rt></ruby> is a read mark.")
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


@pytest.mark.parametrize(
    ("value", "said"),
    [("", "required"), ("hide", "Select a valid choice"), ("tap" * 10, "Select a valid choice")],
)
def test_a_value_that_is_not_a_choice_is_a_400_and_changes_nothing(
    learner, learner_client, value, said
):
    response = learner_client.post("/accounts/readings/", {"readings": value})
    assert response.status_code == 400
    assert said in response.content.decode()
    learner.refresh_from_db()
    assert learner.readings == "show"


def test_the_way_back_stays_on_this_site(learner_client):
    response = learner_client.post(
        "/accounts/readings/", {"readings": "tap", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/accounts/"


def test_visitors_are_asked_to_sign_in_and_get_may_not_change_it(client, learner):
    assert client.post("/accounts/readings/", {"readings": "tap"}).status_code == 302
    client.force_login(learner)
    assert client.get("/accounts/readings/").status_code == 405


def test_a_lesson_with_readings_has_the_switch_and_one_without_has_not(learner_client):
    with_readings = LessonFactory(body="<ruby>既読<rt>きどく</rt></ruby> is a read mark.")
    without = LessonFactory(body="## Plain\n\nNo readings here.")
    client = learner_client
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
