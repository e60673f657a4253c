"""The results table says which figure is which, and the targets line says what was met."""

from jsnlearn.loadtest.bench import Measured, Page, Row
from jsnlearn.loadtest.report import (
    STATISTICS_TARGET,
    OutlineSize,
    table,
    targets,
    targets_line,
)


def measured(rps: float, errors: int = 0, note: str = "") -> Measured:
    return Measured(
        requests=int(rps * 10),
        seconds=10,
        p50_ms=4,
        p99_ms=40,
        errors=errors,
        peak_rss=0,
        note=note,
    )


def row(name, first, repeat=None, floor=1000, **page):
    return Row(
        Page(name, warm_up=[], first=[], **page), first=first, repeat=repeat, floor_rps=floor
    )


def rows(*, lesson_first=600, lesson_repeat=900, submit=300, submit_errors=0):
    return [
        row("baseline (plain page)", measured(1000), measured(1000)),
        row("lesson", measured(lesson_first), measured(lesson_repeat)),
        row(
            "quiz submit (POST)",
            measured(submit, submit_errors, "3000 attempts graded, 0 inconsistent"),
            learner_page=False,
            attempt_ids=("a",),
        ),
        row("instructor course report", measured(100), measured(100), learner_page=False),
    ]


SIZES = [OutlineSize(20, 15, 41_000), OutlineSize(80, 15, 164_000)]


def test_the_table_has_a_column_for_each_kind_of_view_and_a_row_for_the_outline_size():
    text = table(rows(), SIZES)

    header, _, *body = text.splitlines()
    assert "first views x baseline" in header
    assert "repeat views x baseline" in header
    assert "| lesson | 0.60 | 0.90 | 600 / 900 | 1000 |" in text
    assert "| quiz submit (POST) | 0.30 |  | 300 |" in text
    assert "20 x 15: 41,000 bytes; 80 x 15: 164,000 bytes" in body[-1]


def test_every_target_met_is_said_so():
    line = targets_line(targets(rows(), True, [OutlineSize(80, 15, 50_000)]))

    assert "not met" not in line
    assert "first views ≥ 0.5 x: met (lowest: lesson 0.60)" in line
    assert "repeat views ≥ 0.7 x: met" in line
    assert "quiz submit ≥ 0.25 x: met" in line
    assert "class burst, 0 errors: met" in line
    assert "under 60,000 bytes (for later work): met" in line


def test_each_target_missed_names_the_pages_below_it():
    found = targets(rows(lesson_first=450, lesson_repeat=650, submit=200), False, SIZES)

    assert [t.met for t in found] == [False, False, False, False, False]
    line = targets_line(found)
    assert "first views ≥ 0.5 x: **not met** (lesson 0.45)" in line
    assert "repeat views ≥ 0.7 x: **not met** (lesson 0.65)" in line
    assert "164,000 bytes" in line


def test_the_instructor_report_is_outside_the_learner_page_targets():
    slow_report = rows()
    slow_report[-1] = row(
        "instructor course report", measured(10), measured(10), learner_page=False
    )

    first_views, repeat_views = targets(slow_report, True, [])[:2]

    assert first_views.met
    assert repeat_views.met


def test_errors_miss_a_target_whatever_the_rate():
    with_errors = rows(submit_errors=2)
    with_errors[1].repeat.errors = 3

    found = {target.label: target for target in targets(with_errors, True, [])}

    assert not found["repeat views ≥ 0.7 x"].met
    assert "lesson 3 errors" in found["repeat views ≥ 0.7 x"].detail
    assert not found["quiz submit ≥ 0.25 x"].met


def test_each_page_is_compared_with_the_baseline_measured_beside_it():
    drifted = rows()
    drifted[1] = row("lesson", measured(450), measured(630), floor=750)  # the machine slowed

    text = table(drifted, [])
    first_views, repeat_views = targets(drifted, True, [])[:2]

    assert "| lesson | 0.60 | 0.84 | 450 / 630 | 750 |" in text
    assert first_views.met
    assert repeat_views.met


def test_the_quiz_statistics_page_has_its_own_target_of_half_the_baseline():
    fast = [*rows(), row("instructor quiz statistics", measured(520), measured(800), **STATS)]
    slow = [*rows(), row("instructor quiz statistics", measured(520), measured(480), **STATS)]

    met = {target.label: target for target in targets(fast, True, [])}
    missed = {target.label: target for target in targets(slow, True, [])}

    label = "instructor quiz statistics ≥ 0.5 x"
    assert met[label].met
    assert met[label].detail == "lowest: instructor quiz statistics 0.52"
    assert not missed[label].met
    assert missed[label].detail == "instructor quiz statistics 0.48"
    assert missed["first views ≥ 0.5 x"].met  # it is not a learner page


STATS = {"learner_page": False, "own_target": STATISTICS_TARGET}


def review_rows(*, page_first: float, answer: float, answer_errors: int = 0):
    return [
        row("baseline (plain page)", measured(1000), measured(1000)),
        row("lesson", measured(600), measured(900)),
        row("review page", measured(page_first)),
        row(
            "review answer (POST)",
            measured(answer, answer_errors, "2000 cards rated, 0 twice"),
            learner_page=False,
            card_ids=(1,),
        ),
    ]


def test_the_review_page_has_first_views_only_under_the_learner_pages_target():
    found = {t.label: t for t in targets(review_rows(page_first=450, answer=300), None, [])}

    assert not found["first views ≥ 0.5 x"].met
    assert found["first views ≥ 0.5 x"].detail == "review page 0.45"
    assert found["repeat views ≥ 0.7 x"].met
    assert "| review page | 0.45 |  | 450 |" in table(review_rows(page_first=450, answer=300), [])


def test_review_answers_have_their_own_target_of_a_quarter_of_the_baseline():
    met = {t.label: t for t in targets(review_rows(page_first=600, answer=260), None, [])}
    slow = {t.label: t for t in targets(review_rows(page_first=600, answer=240), None, [])}
    broken = {
        t.label: t
        for t in targets(review_rows(page_first=600, answer=900, answer_errors=1), None, [])
    }

    assert met["review answer ≥ 0.25 x"].met
    assert "0.26, 2000 cards rated, 0 twice" in str(met["review answer ≥ 0.25 x"])
    assert not slow["review answer ≥ 0.25 x"].met
    assert not broken["review answer ≥ 0.25 x"].met
