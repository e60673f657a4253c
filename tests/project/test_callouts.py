"""Lesson callouts (tips, warnings, key terms) and readings go through the one sanitizer."""

import pytest

from jsnlearn.rendering import render_markdown


@pytest.mark.parametrize(
    ("written", "kind", "title"),
    [
        ('tip "Reply within a day"', "tip", "Reply within a day"),
        ("tip", "tip", "Tip"),
        ("note", "tip", "Tip"),
        ('warning "Never post this"', "warning", "Never post this"),
        ("warning", "warning", "Warning"),
        ("danger", "warning", "Warning"),
        ("term", "term", "Key term"),
        ('term "既読 (kidoku)"', "term", "既読 (kidoku)"),
        ("key-term", "term", "Key term"),
        ("something-else", "tip", "Tip"),
    ],
)
def test_an_admonition_becomes_one_of_three_callouts_with_a_title(written, kind, title):
    html = render_markdown(f"!!! {written}\n    The body, **bold**.\n")
    assert html.startswith(f'<div class="callout callout--{kind}" role="note">')
    assert f'<p class="callout__title">{title}</p>' in html
    assert "<p>The body, <strong>bold</strong>.</p>" in html


def test_a_callout_holds_lists_and_readings():
    html = render_markdown(
        "!!! term\n    <ruby>名刺<rt>めいし</rt></ruby>: a business card.\n\n    - one\n    - two\n"
    )
    assert "<ruby>名刺<rt>めいし</rt></ruby>" in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        # nh3 leaves the emptied attribute: harmless, and what the page gets.
        ('<div class="admonition evil" onclick="steal()">x</div>', '<div class="">x</div>'),
        (
            '<div class="callout--tip huge" role="alert" style="color:red">x</div>',
            '<div class="callout--tip">x</div>',
        ),
        ('<p class="callout__title big" id="x">x</p>', '<p class="callout__title">x</p>'),
        ('<span class="callout">x</span>', "<p><span>x</span></p>"),
    ],
)
def test_raw_html_keeps_only_the_callout_classes_and_the_note_role(raw, kept):
    assert render_markdown(raw) == kept


def test_a_ruby_reading_survives_and_its_rp_too():
    html = render_markdown("<ruby>既読<rp>(</rp><rt>きどく</rt><rp>)</rp></ruby> means read.")
    assert "<ruby>既読<rp>(</rp><rt>きどく</rt><rp>)</rp></ruby>" in html
