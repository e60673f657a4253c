"""Bad bundles: every problem is named by its file and field, and nothing is written."""

import os

import pytest

from jsnlearn.bundles import files, importer
from jsnlearn.bundles.errors import BundleInvalid, Problem
from jsnlearn.bundles.importer import import_bundle, read_course_slug
from lessons.models import Course
from tests.bundles.helpers import EXAMPLE, SLUG, edit, import_example, snapshot

pytestmark = pytest.mark.django_db

QUIZ = "meishi/meishi-check.quiz.yaml"
LINE_QUIZ = "line/line-check.quiz.yaml"
LESSON = "meishi/exchanging.md"
MEISHI_MODULE = "meishi/module.yaml"
OBJECTIVES = (
    "objectives:\n"
    "  - exchange business cards at a first meeting, in the order people expect\n"
    "  - look after the cards you receive, during the meeting and after it\n"
)


def replace(path, old, new):
    return lambda bundle: edit(bundle / path, old, new)


def write(path, content: bytes | str):
    def change(bundle):
        target = bundle / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)

    return change


def remove(path):
    return lambda bundle: (bundle / path).unlink()


def symlink(path, target):
    return lambda bundle: os.symlink(target, bundle / path)


def replace_by_symlink(path, target):
    def change(bundle):
        (bundle / path).unlink()
        os.symlink(target, bundle / path)

    return change


def many_files(bundle):
    (bundle / "extra").mkdir()
    for number in range(files.MAX_ENTRIES):
        (bundle / "extra" / f"{number}.md").touch()


def cut_questions(bundle):
    quiz = bundle / LINE_QUIZ
    text = quiz.read_text()
    quiz.write_text(text[: text.index("\nquestions:")] + "\nquestions: []\n")


LESSON_TEXT = "---\nslug: bowing\ntitle: Bowing\n---\nBow.\n"

# (id, change to the example, file, field, words the message holds)
CASES = [
    (
        "malformed YAML",
        replace(QUIZ, "questions:\n", "questions: [\n"),
        QUIZ,
        "",
        "is not valid YAML",
    ),
    (
        "unclosed front matter",
        replace(LESSON, "published: true\n---\n", "published: true\n"),
        LESSON,
        "",
        "must start with front matter",
    ),
    (
        "malformed front matter",
        replace(LESSON, "title: Exchanging cards", "title: [Exchanging"),
        LESSON,
        "",
        "is not valid YAML",
    ),
    (
        "no front matter",
        write("line/stamps.md", "# Stamps\n"),
        "line/stamps.md",
        "",
        "must start with front matter",
    ),
    (
        "a lesson slugged like the quizzes' addresses",
        replace(LESSON, "slug: exchanging", "slug: quiz"),
        LESSON,
        "slug",
        "“quiz” is kept for the module's quizzes, whose addresses are …/quiz/<quiz>/",
    ),
    (
        "unknown question kind",
        replace(QUIZ, "kind: ordering", "kind: essay"),
        QUIZ,
        "questions[3].kind",
        "must be one of single, multiple, true_false, short_text, ordering, matching, not 'essay'",
    ),
    (
        "typo in a key",
        replace(QUIZ, "pass_percent: 70", "pased_percent: 70"),
        QUIZ,
        "pased_percent",
        "is not a key here (did you mean pass_percent?) (line 3)",
    ),
    (
        "typo in an option key",
        replace(QUIZ, "correct: true", "corect: true"),
        QUIZ,
        "questions[1].options[1].corect",
        "did you mean correct?",
    ),
    (
        "options under another kind's key",
        replace(LINE_QUIZ, "    pairs:", "    options:"),
        LINE_QUIZ,
        "questions[3].options",
        "a matching question lists its pairs under pairs",
    ),
    (
        "text for a number",
        replace(LESSON, "minutes: 5", "minutes: five"),
        LESSON,
        "minutes",
        "must be a whole number, not text",
    ),
    (
        "true for a number",
        replace(QUIZ, "pass_percent: 70", "pass_percent: true"),
        QUIZ,
        "pass_percent",
        "must be a whole number, not true",
    ),
    (
        "text for true or false",
        replace("line/module.yaml", "published: true", "published: maybe"),
        "line/module.yaml",
        "published",
        "must be true or false, not text",
    ),
    (
        "a date for text",
        replace("course.yaml", "title: Cards and chats at work in Japan", "title: 2024-05-01"),
        "course.yaml",
        "title",
        "must be text, not a date (2024-05-01)",
    ),
    (
        "text for a list",
        replace("course.yaml", "modules:\n  - meishi\n  - line\n", "modules: meishi\n"),
        "course.yaml",
        "modules",
        "must be a list",
    ),
    (
        "empty required text",
        replace(LESSON, "title: Exchanging cards", "title:"),
        LESSON,
        "title",
        "is empty (line 3)",
    ),
    (
        "empty optional text",
        replace(QUIZ, "intro: Three situations from a first meeting with a client.", "intro:"),
        QUIZ,
        "intro",
        'is empty (write "" for none)',
    ),
    (
        "not keys and values",
        write("course.yaml", "- meishi\n- line\n"),
        "course.yaml",
        "",
        "must be a set of keys and values",
    ),
    (
        "a choice that does not exist",
        replace(QUIZ, "reveal_answers: when_done", "reveal_answers: later"),
        QUIZ,
        "reveal_answers",
        "must be one of always, each_attempt, when_done, never",
    ),
    (
        "key written twice",
        replace(LESSON, "minutes: 5\n", "minutes: 5\nminutes: 6\n"),
        LESSON,
        "minutes",
        "is written again on line 5; keep one (line 4)",
    ),
    (
        "missing key",
        replace(
            "course.yaml",
            "summary: How to exchange business cards, and how "
            "to behave in your team's LINE groups.\n",
            "",
        ),
        "course.yaml",
        "summary",
        "is missing",
    ),
    (
        "a null character",
        replace(LESSON, "title: Exchanging cards", 'title: "Exchanging\\0"'),
        LESSON,
        "title",
        "contains a null character",
    ),
    (
        "title too long",
        replace("course.yaml", "title: Cards and chats at work in Japan", "title: " + "x" * 121),
        "course.yaml",
        "title",
        "at most 120 characters (it has 121)",
    ),
    (
        "not a slug",
        replace("line/module.yaml", "slug: line", "slug: LINE groups"),
        "line/module.yaml",
        "slug",
        "valid “slug”",
    ),
    (
        "objectives as one sentence",
        replace(MEISHI_MODULE, OBJECTIVES, "objectives: exchange cards well\n"),
        MEISHI_MODULE,
        "objectives",
        "must be a list (one '- ' line per item), not text",
    ),
    (
        "an objective that is not text",
        replace(
            MEISHI_MODULE, "  - look after the cards", "  - 2024-05-01\n  - look after the cards"
        ),
        MEISHI_MODULE,
        "objectives[2]",
        "must be text, not a date (2024-05-01); put it in quotes (line 6)",
    ),
    (
        "an empty objective",
        replace(MEISHI_MODULE, "  - look after the cards", '  - " "\n  - look after the cards'),
        MEISHI_MODULE,
        "objectives[2]",
        "is empty; write the item, or leave it out",
    ),
    (
        "an objective over two lines",
        replace(
            MEISHI_MODULE,
            "  - look after the cards",
            "  - |-\n    bow,\n    then read the card\n  - look after the cards",
        ),
        MEISHI_MODULE,
        "objectives[2]",
        "must be one line: write each item as its own '- ' line",
    ),
    (
        "an objective too long",
        replace(MEISHI_MODULE, "  - look after the cards", "  - " + "x" * 201 + "\n  - look after"),
        MEISHI_MODULE,
        "objectives",
        "Objective 2 has 201 characters; keep each to 200 (line 5)",
    ),
    (
        "too many objectives",
        replace(MEISHI_MODULE, OBJECTIVES, "objectives:\n" + "  - bow\n" * 7),
        MEISHI_MODULE,
        "objectives",
        "Write at most 6 objectives (this has 7)",
    ),
    (
        "percent over 100",
        replace(QUIZ, "pass_percent: 70", "pass_percent: 170"),
        QUIZ,
        "pass_percent",
        "less than or equal to 100",
    ),
    (
        "a number too big for the database",
        replace(QUIZ, "points: 2", "points: 70000"),
        QUIZ,
        "questions[3].points",
        "must be at most 32,767 (line",
    ),
    (
        "no points",
        replace(QUIZ, "points: 2", "points: 0"),
        QUIZ,
        "questions[3].points",
        "greater than or equal to 1",
    ),
    (
        "blank accepted answer",
        replace(LINE_QUIZ, "      - kidoku\n", '      - ""\n'),
        LINE_QUIZ,
        "questions[2].answers[1]",
        "cannot be blank",
    ),
    (
        "duplicate lesson slug",
        replace("meishi/after-the-meeting.md", "slug: after-the-meeting", "slug: exchanging"),
        "meishi/after-the-meeting.md",
        "slug",
        "'exchanging' is also the slug of meishi/exchanging.md",
    ),
    (
        "duplicate module slug",
        replace("line/module.yaml", "slug: line", "slug: meishi"),
        "line/module.yaml",
        "slug",
        "'meishi' is also the slug of meishi/module.yaml",
    ),
    (
        "two correct options",
        replace(
            QUIZ,
            "correct: false\n        feedback: A back pocket",
            "correct: true\n        feedback: A back pocket",
        ),
        QUIZ,
        "questions[1].options",
        "needs exactly one correct option; it has 2",
    ),
    (
        "matching sides alike",
        replace(LINE_QUIZ, "right: a business card", "right: the mark that a message was read"),
        LINE_QUIZ,
        "questions[3].pairs",
        "right sides of a matching question must differ",
    ),
    (
        "published quiz without questions",
        cut_questions,
        LINE_QUIZ,
        "questions",
        "a published quiz needs questions",
    ),
    (
        "missing lesson file",
        replace(
            "meishi/module.yaml",
            "  - after-the-meeting.md\n",
            "  - after-the-meeting.md\n  - bowing.md\n",
        ),
        "meishi/module.yaml",
        "lessons[3]",
        "names 'meishi/bowing.md', which is not in the bundle",
    ),
    (
        "missing module folder",
        replace("course.yaml", "  - line\n", "  - line\n  - email\n"),
        "course.yaml",
        "modules[3]",
        "names 'email', which is not in the bundle",
    ),
    ("missing module.yaml", remove("line/module.yaml"), "line/module.yaml", "", "is missing"),
    ("missing course.yaml", remove("course.yaml"), "course.yaml", "", "is missing"),
    (
        "listed twice",
        replace(
            "meishi/module.yaml",
            "  - after-the-meeting.md\n",
            "  - after-the-meeting.md\n  - exchanging.md\n",
        ),
        "meishi/module.yaml",
        "lessons[3]",
        "lists 'exchanging.md' a second time",
    ),
    (
        "a quiz among the lessons",
        replace("meishi/module.yaml", "lessons:\n", "lessons:\n  - meishi-check.quiz.yaml\n"),
        "meishi/module.yaml",
        "lessons[1]",
        "lessons are files ending in .md",
    ),
    (
        "file not listed",
        write("meishi/bowing.md", LESSON_TEXT),
        "meishi/bowing.md",
        "",
        "is not listed in meishi/module.yaml",
    ),
    (
        "folder not listed",
        write("email/module.yaml", "slug: email\n"),
        "email",
        "",
        "is not listed in course.yaml",
    ),
    (
        "file at the top",
        write("README.md", "My course\n"),
        "README.md",
        "",
        "is not part of the course",
    ),
    (
        "folder in a module",
        write("meishi/images/card.png", b"\x89PNG"),
        "meishi/images",
        "",
        "is a folder inside a module folder",
    ),
    (
        "a path with ..",
        replace("meishi/module.yaml", "  - exchanging.md", "  - ../line/kidoku.md"),
        "meishi/module.yaml",
        "lessons[1]",
        "must be a name in this folder, not a path",
    ),
    (
        "an absolute path",
        replace("meishi/module.yaml", "  - exchanging.md", "  - /etc/hostname"),
        "meishi/module.yaml",
        "lessons[1]",
        "not a path",
    ),
    (
        "the parent folder",
        replace("course.yaml", "  - meishi\n", "  - ..\n"),
        "course.yaml",
        "modules[1]",
        "must be a file or folder name",
    ),
    (
        "a hidden name",
        replace("course.yaml", "  - meishi\n", "  - .meishi\n"),
        "course.yaml",
        "modules[1]",
        "must not start with a dot",
    ),
    (
        "a symbolic link",
        symlink("meishi/link.md", "/etc/hostname"),
        "meishi/link.md",
        "",
        "is a symbolic link",
    ),
    (
        "a listed symbolic link",
        replace_by_symlink(LESSON, str(EXAMPLE / "line/kidoku.md")),
        LESSON,
        "",
        "is a symbolic link",
    ),
    ("a linked folder", symlink("elsewhere", "/etc"), "elsewhere", "", "is a symbolic link"),
    (
        "oversized file",
        write(LESSON, "---\nslug: x\n---\n" + "x" * files.MAX_FILE_BYTES),
        LESSON,
        "",
        "a file may be at most 1,048,576 bytes (1 MB)",
    ),
    ("too many files", many_files, "", "", "the bundle has more than 1000 files and folders"),
    (
        "not UTF-8",
        write("line/stamps.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1")),
        "line/stamps.md",
        "",
        "is not UTF-8 text (byte 0xe9 at position 14)",
    ),
]


@pytest.mark.parametrize(
    ("change", "file", "field", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_a_bad_bundle_is_refused_and_nothing_changes(bundle, change, file, field, words):
    import_example()
    before = snapshot()
    change(bundle)

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle, update=True)

    found = [p for p in raised.value.problems if (p.file, p.field) == (file, field)]
    assert any(words in p.message for p in found), raised.value.problems
    assert snapshot() == before


@pytest.mark.parametrize("path", ["course.yaml", "line/module.yaml"])
def test_an_oversized_settings_file_is_refused_for_its_size_alone(bundle, path):
    (bundle / path).write_text("# padding\n" * (files.MAX_FILE_BYTES // 10 + 1))

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle)

    assert [(p.file, p.message) for p in raised.value.problems] == [
        (path, "is 1,048,580 bytes; a file may be at most 1,048,576 bytes (1 MB)")
    ]


def test_a_quiz_with_too_many_questions_or_options_is_refused_quickly(
    bundle, django_assert_max_num_queries
):
    options = "".join(f"      - text: Option {n}\n" for n in range(101))
    edit(bundle / QUIZ, "    options:\n", "    options:\n" + options)
    questions = "".join(
        f"  - kind: short_text\n    prompt: Question {n}\n    answers: [a]\n" for n in range(201)
    )
    edit(bundle / LINE_QUIZ, "questions:\n", "questions:\n" + questions)

    with django_assert_max_num_queries(0), pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle)

    assert [str(p) for p in raised.value.problems] == [
        f"{QUIZ}: questions[1].options: has 104 options; a bundle allows at most 100 (line 16)",
        f"{LINE_QUIZ}: questions: has 204 questions; a bundle allows at most 200 (line 14)",
    ]


def test_aliases_cannot_make_a_small_file_stand_for_a_huge_quiz(bundle):
    question = "  - &q {kind: short_text, prompt: Why, answers: [a" + ", a" * 99 + "]}\n"
    edit(bundle / QUIZ, "questions:\n", "questions:\n" + question + "  - *q\n" * 150)

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle)

    assert [str(p) for p in raised.value.problems] == [
        f"{QUIZ}: repeats a part with the alias *q (line 12); bundles do not "
        "use & anchors and * aliases: write each part out in full"
    ]


def test_deep_nesting_is_refused_before_the_yaml_is_loaded(bundle):
    edit(bundle / QUIZ, "questions:\n", "deep: " + "[" * 5000 + "]" * 5000 + "\nquestions:\n")

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle)

    assert [str(p) for p in raised.value.problems] == [
        f"{QUIZ}: is nested more than 20 levels deep (line 10); a bundle needs 5 at most"
    ]


def test_a_new_course_is_not_created_from_a_bad_bundle(bundle):
    edit(bundle / QUIZ, "kind: ordering", "kind: essay")

    with pytest.raises(BundleInvalid):
        import_bundle(root=bundle)

    assert snapshot() == {table: [] for table in snapshot()}


def test_every_problem_is_reported_at_once(bundle):
    edit(bundle / "course.yaml", "sequential: false", "sequentail: false")
    edit(bundle / LESSON, "minutes: 5", "minutes: -5")
    edit(bundle / QUIZ, "kind: ordering", "kind: essay")
    (bundle / "notes.txt").write_text("to do")

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle)

    assert [(p.file, p.field) for p in raised.value.problems] == [
        ("course.yaml", "sequentail"),
        (LESSON, "minutes"),
        (QUIZ, "questions[3].kind"),
        ("notes.txt", ""),
    ]
    assert str(raised.value.problems[0]) == (
        "course.yaml: sequentail: is not a key here (did you mean sequential?) (line 5)"
    )


def test_an_existing_course_is_only_changed_as_an_update():
    import_example()
    before = snapshot()

    with pytest.raises(BundleInvalid) as raised:
        import_example()

    assert raised.value.problems == [
        Problem(
            "course.yaml",
            "slug",
            f"a course with the slug {SLUG!r} exists already; "
            "import it as an update to change that course",
        )
    ]
    assert snapshot() == before


def test_files_and_folders_starting_with_a_dot_are_left_out(bundle):
    (bundle / ".git").mkdir()
    (bundle / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    os.symlink("/etc", bundle / ".hidden-link")
    (bundle / "meishi" / ".DS_Store").write_bytes(b"\x00\x01")

    import_bundle(root=bundle)

    assert Course.objects.filter(slug=SLUG).exists()


def test_windows_line_breaks_and_a_byte_order_mark_are_read(bundle):
    for path in (bundle / LESSON, bundle / QUIZ):
        text = path.read_text().replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())

    import_bundle(root=bundle)

    lesson = Course.objects.get().modules.get(slug="meishi").lessons.get(slug="exchanging")
    assert "\r" not in lesson.body
    assert lesson.body.startswith("## Before you meet\n\nCarry more cards")


def test_read_course_slug_refuses_what_is_not_a_bundle(tmp_path):
    (tmp_path / "course.yaml").write_text("slug: [oops\n")

    with pytest.raises(BundleInvalid) as raised:
        read_course_slug(tmp_path)

    assert raised.value.problems[0].file == "course.yaml"
    with pytest.raises(BundleInvalid):
        read_course_slug(tmp_path / "nowhere")


def test_an_import_racing_another_of_the_same_course_is_refused(monkeypatch):
    checks = importer._conflicts

    def another_import_first(course, bundle):
        Course.objects.create(slug=SLUG, title="Imported elsewhere", summary="At the same time.")
        return checks(course, bundle)

    monkeypatch.setattr(importer, "_conflicts", another_import_first)

    with pytest.raises(BundleInvalid) as raised:
        import_example()

    assert [(p.file, p.field) for p in raised.value.problems] == [("course.yaml", "slug")]
    assert "was being imported at the same moment; try again" in raised.value.problems[0].message
    assert snapshot() == {table: [] for table in snapshot()}
