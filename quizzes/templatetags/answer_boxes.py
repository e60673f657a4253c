"""`{% question_boxes paper confirming %}`: the questions of the attempt form, each with its
inputs by kind (`question_box`, `answer_box`); and
`{% question_reviews result %}`: the questions on the result page, each with the learner's
answer (`question_review`, `answer_review`).

Written in Python rather than as a template, because one form can hold hundreds of inputs and
options and the attempt page is the one every learner of a class opens at once: the template
language (or `format_html`) costs tens of microseconds a value, plain string building a few;
and one tag for the whole list, because a template loop and a tag call per question cost more
than the question's own HTML.
Every value goes through `html.escape` (quotes included) on its way in, so the result is safe.
Options are named by tokens, never by database ids.
"""

from html import escape
from typing import NamedTuple

from django import template
from django.utils.safestring import SafeString, mark_safe

from quizzes.grading import Kind
from quizzes.paper import MAX_TEXT_ANSWER

register = template.Library()

ORDERING_HINT = "Put the items in order: for each place, choose the item that goes there."
MATCHING_HINT = "Choose the match of each item."


@register.simple_tag
def question_boxes(paper, confirming: bool) -> SafeString:
    """Every question of `paper`'s form, in order."""
    return mark_safe("".join(question_box(shown, confirming) for shown in paper.questions))  # noqa: S308 - each is safe


@register.simple_tag
def lone_question_box(shown) -> SafeString:
    """One question asked on its own (in review): "Question" with no number as its legend."""
    return mark_safe(question_box(shown, False, legend="Question"))  # noqa: S308 - it is safe


def question_box(shown, confirming: bool, *, legend: str = "") -> str:
    """One question of the attempt form: a fieldset with its number and points as legend (or
    `legend` for the number), its prompt (sanitized HTML stored with the question) and its
    inputs. `confirming`: the learner is asked about blank answers, so a blank question says
    so."""
    number, points = shown.number, shown.question.points
    legend = _e(legend) or f"Question {number}"
    blank = confirming and shown.is_blank
    described_by = f"prompt-{number} blank-{number}" if blank else f"prompt-{number}"
    note = f'<p class="question__blank-note" id="blank-{number}">Not answered yet.</p>'
    return (  # stored HTML was sanitized on save; the rest went through _e()
        f'<li id="question-{number}" class="question{" question--blank" if blank else ""}">'
        f'<fieldset class="question__fieldset question--{_e(shown.kind)}" '
        f'aria-describedby="{described_by}"><legend class="question__legend">{legend} '
        f'<span class="question__points">· {points} point{"" if points == 1 else "s"}</span>'
        f'</legend><div class="prose question__prompt" id="prompt-{number}">'
        f"{shown.question.prompt_html}</div>{note if blank else ''}{answer_box(shown)}"
        "</fieldset></li>"
    )


def answer_box(shown) -> str:
    if shown.kind in (Kind.SINGLE, Kind.TRUE_FALSE, Kind.MULTIPLE):
        html = _choices(shown)
    elif shown.kind == Kind.SHORT_TEXT:
        html = _short_text(shown)
    elif shown.kind == Kind.ORDERING:
        hint = f'<p class="question__hint" id="{_e(shown.name)}-hint">{ORDERING_HINT}</p>'
        places = _places(shown, shown.options, "text")
        html = f'{hint}<div class="places" data-ordering>{places}</div>'
    else:
        hint = f'<p class="question__hint">{MATCHING_HINT}</p>'
        places = _places(shown, shown.targets, "match_text")
        html = f'{hint}<div class="places places--pairs" data-matching>{places}</div>'
    return html


def _e(value) -> str:
    return escape(str(value), quote=True)


def _choices(shown) -> str:
    """A radio button per option (a checkbox for "select all that apply"), with its label."""
    multiple = shown.kind == Kind.MULTIPLE
    kind = "checkbox" if multiple else "radio"
    name = _e(shown.name)
    items = "".join(
        f'<li class="option"><input type="{kind}" id="{name}-{n}" name="{name}" '
        f'value="{_e(option.token)}"{" checked" if option.selected else ""}>'
        f'<label for="{name}-{n}">{_e(option.choice.text)}</label></li>'
        for n, option in enumerate(shown.options, start=1)
    )
    hint = '<p class="question__hint">Select all that apply.</p>' if multiple else ""
    return f'{hint}<ul class="options" role="list">{items}</ul>'


def _short_text(shown) -> str:
    name = _e(shown.name)
    return (
        f'<p class="field"><label for="{name}">Your answer</label><input type="text" '
        f'id="{name}" name="{name}" value="{_e(shown.text)}" maxlength="{MAX_TEXT_ANSWER}" '
        'placeholder="Type your answer" autocomplete="off" autocapitalize="off" '
        'spellcheck="false"></p>'
    )


def _places(shown, options, label: str) -> str:
    """A group of radio buttons per slot (a place in the order, or a left item to pair), each
    offering `options` by their choice's `label` field, in full: on a phone a select cuts long
    texts off. Each slot posts its name and the chosen option's token, as a select did."""
    # Every slot offers the same options: each token and text is escaped once.
    offered = [
        (option, f'value="{_e(option.token)}"', f"{_e(getattr(option.choice, label))}</label>")
        for option in options
    ]
    return "".join(
        f'<fieldset class="place" id="{_e(slot.name)}">'
        f'<legend class="place__legend">{_e(slot.label)}</legend>'
        f'<ul class="options options--place" role="list">{_radios(offered, slot)}</ul>'
        "</fieldset>"
        for slot in shown.slots
    )


def _radios(offered, slot) -> str:
    name = _e(slot.name)
    return "".join(
        f'<li class="option"><input type="radio" id="{name}-{n}" name="{name}" '
        f"{value}{' checked' if option == slot.chosen else ''}>"
        f'<label for="{name}-{n}">{text}</li>'
        for n, (option, value, text) in enumerate(offered, start=1)
    )


@register.simple_tag
def question_reviews(result) -> SafeString:
    """Every question of `result`, in the paper's order, with what its level reveals."""
    shows = Shows(teach=result.teaches, key=result.shows_answers)
    return mark_safe("".join(question_review(each, shows) for each in result.questions))  # noqa: S308 - each is safe


class Shows(NamedTuple):
    """What a result reveals beyond the learner's own answers and marks (quizzes/results.py)."""

    teach: bool  # each pick right or wrong, the feedback on it, the explanation
    key: bool  # the correct answers, the ones the learner missed included


@register.simple_tag
def lone_question_review(question_result) -> SafeString:
    """One question answered on its own (in review), with everything: the learner's answer
    marked, the feedback on it, the explanation and the correct answer."""
    shows = Shows(teach=True, key=True)
    return mark_safe(question_review(question_result, shows, legend="Question"))  # noqa: S308


def question_review(question_result, shows: Shows, *, legend: str = "") -> str:
    """One question of the result page: its mark, points and how much of it was right, its
    prompt, the learner's answer (`answer_review`) and, if taught, the explanation. Prompts and
    explanations are the sanitized HTML stored with the question."""
    shown, mark = question_result.shown, question_result.mark_class
    points = shown.question.points
    legend = _e(legend) or f"Question {shown.number}"
    explanation = shown.question.explanation_html if shows.teach else ""
    if explanation:
        explanation = (
            f'<div class="explanation"><h4>Why</h4><div class="prose">{explanation}</div></div>'
        )
    parts = question_result.parts_text
    parts = f' <span class="question__parts">{_e(parts)}</span>' if parts else ""
    return (  # stored HTML was sanitized on save; the rest went through _e()
        f'<li id="question-{shown.number}" class="question question-result '
        f'question-result--{mark}"><h3 class="question__legend">{legend} '
        f'<span class="badge mark mark--{mark}">{_e(question_result.mark)}</span> '
        f'<span class="question__points">{_e(question_result.points_text)} of {points} '
        f"point{'' if points == 1 else 's'}</span>{parts}</h3> "
        f'<div class="prose question__prompt">{shown.question.prompt_html}</div> '
        f"{answer_review(shown, shows)} {explanation}</li>"
    )


def answer_review(shown, shows: Shows) -> str:
    """A learner's answer to one question on the result page, written like `answer_box`: each
    of their picks marked and its feedback if taught; the key (correct options, accepted
    answers, right places) only with `shows.key`."""
    if shown.kind in (Kind.SINGLE, Kind.TRUE_FALSE, Kind.MULTIPLE):
        return _reviewed_choices(shown, shows)
    if shown.kind == Kind.SHORT_TEXT:
        return _reviewed_text(shown, shows)
    return _reviewed_slots(shown, shows)


def _reviewed_choices(shown, shows: Shows) -> str:
    items = []
    for option in shown.options:
        chosen, is_correct = option.selected, option.choice.is_correct
        if not (shows.key or chosen):
            continue
        right = chosen and shows.teach and is_correct
        wrong = chosen and shows.teach and not is_correct
        classes = "review-option"
        classes += " review-option--chosen" if chosen else ""
        classes += " review-option--correct" if right or (shows.key and is_correct) else ""
        classes += " review-option--wrong" if wrong else ""
        tags = ['<span class="tag">Your answer</span>'] if chosen else []
        if shows.key and is_correct:
            tags.append('<span class="tag tag--correct">Correct</span>')
        elif right:
            tags.append('<span class="tag tag--correct">Right</span>')
        elif wrong:
            tags.append('<span class="tag tag--wrong">Wrong</span>')
        parts = [f'<span class="review-option__text">{_e(option.choice.text)}</span>']
        if tags:
            parts.append(f'<span class="review-option__tags">{" ".join(tags)}</span>')
        if shows.teach and chosen and option.choice.feedback:
            parts.append(f'<p class="feedback">{_e(option.choice.feedback)}</p>')
        items.append(f'<li class="{classes}">{" ".join(parts)}</li>')
    return f'<ul class="review-options" role="list">{" ".join(items)}</ul>'


def _reviewed_text(shown, shows: Shows) -> str:
    answer = f"<strong>{_e(shown.text)}</strong>" if shown.text else "<em>none</em>"
    html = f'<p class="review-text">Your answer: {answer}</p>'
    if shows.key:
        accepted = ", ".join(f"<strong>{_e(c.text)}</strong>" for c in shown.question.choice_list)
        html += f' <p class="review-text">Accepted: {accepted}</p>'
    return html


def _reviewed_slots(shown, shows: Shows) -> str:
    label = "text" if shown.kind == Kind.ORDERING else "match_text"
    rows = []
    for slot in shown.slots:
        answer = _e(getattr(slot.chosen.choice, label)) if slot.chosen else "<em>none</em>"
        row_class, cell = "", f'<span class="review-slot__answer">{answer}</span>'
        if shows.teach:
            word = "right" if slot.is_right else "wrong"
            row_class = f' class="review-slot--{word}"'
            mark = f'<span aria-hidden="true">{"✓" if slot.is_right else "✗"}</span>'
            cell = (
                f'<span class="review-slot__answer">{answer} {mark}'
                f'<span class="visually-hidden">({word})</span></span>'
            )
        if shows.key and not slot.is_right:
            expected = _e(getattr(slot.expected.choice, label))
            cell += f' <span class="review-slot__correct">Correct: {expected}</span>'
        rows.append(f'<tr{row_class}><th scope="row">{_e(slot.label)}</th> <td>{cell}</td></tr>')
    heading = "Place" if shown.kind == Kind.ORDERING else "Item"
    return (
        f'<table class="review-slots"><thead><tr><th scope="col">{heading}</th> '
        f'<th scope="col">Your answer</th></tr></thead><tbody>{" ".join(rows)}</tbody></table>'
    )
