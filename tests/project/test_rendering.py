"""Lesson Markdown becomes HTML that keeps what authors need and nothing an attacker could use."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jsnlearn.rendering import ALLOWED_TAGS, render_markdown


def test_headings_lists_emphasis_tables_code_and_quotes_survive():
    html = render_markdown(
        "## Etiquette\n\n* one\n* **two**\n\n1. *first*\n\n"
        "| Network | Name |\n| --- | --- |\n| mixi | nickname |\n\n"
        "> A quote\n\n```\ncode block\n```\n\nInline `code`."
    )

    for fragment in [
        "<h2>Etiquette</h2>",
        "<li><strong>two</strong></li>",
        "<em>first</em>",
        "<td>mixi</td>",
        "<blockquote>",
        "<pre><code>code block",
        "<code>code</code>",
    ]:
        assert fragment in html


def test_a_top_level_heading_becomes_h2_so_the_lesson_title_stays_the_only_h1():
    assert render_markdown("# Meishi") == "<h2>Meishi</h2>"


@pytest.mark.parametrize(
    ("markdown", "levels"),
    [
        ("## Why\n\n### How\n\n## Then", ["h2", "h3", "h2"]),  # ## for sections: as # would be
        ("# Why\n\n## How\n\n# Then", ["h2", "h3", "h2"]),
        ("### Only a third level", ["h2"]),
        ("## Why\n\n#### Skipped a level\n\n##### Deeper", ["h2", "h3", "h4"]),
        (
            "# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F",
            ["h2", "h3", "h4", "h5", "h6", "h6"],
        ),
    ],
)
def test_body_headings_start_at_h2_and_never_skip_a_level(markdown, levels):
    html = render_markdown(markdown)

    assert re.findall(r"<(h[1-6])>", html) == levels


def test_ruby_readings_survive_for_japanese_terms():
    html = render_markdown("A <ruby>名刺<rp>(</rp><rt>めいし</rt><rp>)</rp></ruby> is a card.")

    assert "<ruby>名刺<rp>(</rp><rt>めいし</rt><rp>)</rp></ruby>" in html


def test_links_get_noopener_noreferrer():
    html = render_markdown("[LINE](https://line.me/en/)")

    assert html == '<p><a href="https://line.me/en/" rel="noopener noreferrer">LINE</a></p>'


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<p onclick="alert(1)">hi</p>',
        "[click](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<img src="data:image/png;base64,AAAA" alt="">',
        '<p style="position:fixed;top:0">overlay</p>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example"><input name="password"></form>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_dangerous_markup_comes_out_inert(source):
    html = render_markdown(source).lower()

    for danger in [
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "data:",
        "style=",
        "<iframe",
        "<style",
        "<form",
        "<input",
        "<svg",
    ]:
        assert danger not in html


def test_images_only_from_https_or_our_own_site():
    assert 'src="https://cdn.example/a.png"' in render_markdown("![a](https://cdn.example/a.png)")
    assert 'src="/static/img/a.png"' in render_markdown("![a](/static/img/a.png)")
    assert "src=" not in render_markdown("![a](http://plain.example/a.png)")


class TagCollector(HTMLParser):
    """The elements and attribute names a browser would build from some HTML."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = set(), set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


@given(st.text(max_size=300))
def test_any_text_renders_without_script_elements_or_handlers(text):
    # Escaped text such as "&lt;script&gt;" inside a code block is fine: only real elements and
    # attributes could run.
    parsed = TagCollector(render_markdown(text + "<script>x</script><b onmouseover=x>"))

    assert parsed.tags <= ALLOWED_TAGS
    assert not any(name.startswith("on") or name == "style" for name in parsed.attributes)
