"""The class report and its CSV run the same number of queries for 30 members and for 3,000."""

import pytest
from django.core.cache import caches

from tests.classrooms.standing_helpers import class_of, csv_url, report_url
from tests.helpers import answer_in_queries
from tests.reports.helpers import instructor_of

# Every admin page reads the session and the user. The report reads the class (within the
# instructor's scope, with its member count and latest join) and its due dates; once a period it
# works out the standing: the outline (three queries, then kept in memory), the members, their
# completions, their attempts and their latest reviews.
QUERIES = {
    "report, standing worked out": 11,
    "report sorted by name, standing kept": 4,
    "CSV, standing kept": 4,
    "CSV, standing worked out, outline in memory": 8,
}


@pytest.mark.parametrize("members", [30, 3000])
def test_the_class_report_costs_the_same_queries_for_30_or_3000_members(
    client, course, django_assert_num_queries, members
):
    sensei = instructor_of(course, display_name="Sensei")
    client.force_login(sensei)
    classroom = class_of(members, sensei)

    def answer(step, url):
        return answer_in_queries(django_assert_num_queries, QUERIES[step], client, url)

    page = answer("report, standing worked out", report_url(classroom))
    assert f"{members} members" in page.content.decode()
    answer("report sorted by name, standing kept", report_url(classroom, sort="name"))
    rows = answer("CSV, standing kept", csv_url(classroom)).content.decode().splitlines()
    assert len(rows) == members + 1
    caches["figures"].clear()
    answer("CSV, standing worked out, outline in memory", csv_url(classroom))
