"""The dashboard says when things happened as people say it."""

from datetime import UTC, datetime, timedelta

import pytest

from lessons.templatetags.learning import ago, iso

NOW = datetime(2026, 3, 12, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("before", "said"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=15), "15 hours ago"),
        (timedelta(hours=16), "yesterday"),
        (timedelta(days=2), "2 days ago"),
        (timedelta(days=6), "6 days ago"),
        (timedelta(days=30), "10 Feb 2026"),
    ],
)
def test_how_long_ago_in_words(before, said):
    assert ago(NOW - before, NOW) == said


def test_a_moment_for_the_html_time_element_has_no_fraction_of_a_second():
    assert iso(NOW.replace(microsecond=123456)) == "2026-03-12T15:30:00+00:00"


def test_no_moment_gives_an_empty_attribute_as_djangos_date_filter_does():
    assert iso(None) == ""
